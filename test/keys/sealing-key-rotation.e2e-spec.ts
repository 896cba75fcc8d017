import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { sealingKeyId } from '../../src/delivery/message-sealer';
import { DeliveryWorker } from '../../src/delivery/delivery.worker';
import { NewsletterSandbox } from '../../src/sandbox/newsletter/newsletter.sandbox';
import { SandboxHost } from '../../src/sandbox/sandbox-host';
import { realisticMember } from '../factories/member.factory';
import { runCli } from '../support/cli-run';
import { describeEachDatabase } from '../support/databases';
import { enrol } from '../support/enrol';
import { KeptData, keptData, KeptGateway } from '../support/kept-data';

const OLD_KEY = 'old-sealing-key-0123456789abcdef0123456789';
const NEW_KEY = 'new-sealing-key-0123456789abcdef0123456789';
const GATEWAY = { SANDBOX: 'on', CONNECTORS: 'hka,newsletter', DELIVERY_POLL_MS: '20', DELIVERY_BACKOFF_BASE_MS: '10', DELIVERY_BACKOFF_MAX_MS: '20' };

/**
 * Sealing key rotation: messages sealed under the old key wait in the outbox; the new key takes over
 * with the old one kept to open them; `npm run keys:reseal` moves them to the new key; the old key is
 * dropped and they are still delivered. Dropping it before re-sealing stops the gateway at start.
 */
describeEachDatabase('sealing key rotation', (database) => {
  let data: KeptData;
  let oldFile = '';
  let newFile = '';
  const members = [realisticMember(11), realisticMember(12), realisticMember(13)];

  beforeAll(async () => {
    data = await keptData(database);
    oldFile = join(data.dir, 'sealing-old.key');
    newFile = join(data.dir, 'sealing-new.key');
    writeFileSync(oldFile, `${OLD_KEY}\n`, { mode: 0o600 });
    writeFileSync(newFile, `${NEW_KEY}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await data.remove();
  });

  const sealedKeys = async (gateway: KeptGateway): Promise<string[]> =>
    ((await gateway.app.get(DataSource).query(`SELECT message_sealed AS sealed FROM outbox WHERE message_sealed IS NOT NULL ORDER BY id`)) as Array<{ sealed: string }>).map((row) => row.sealed.split('.').slice(0, 2).join('.'));

  it('re-seals waiting messages with the new key, refuses to start without a key some row needs, and delivers after the old key is gone', async () => {
    // Messages accepted under the old key, not delivered yet (the worker is off).
    const first = await data.start({ ...GATEWAY, SEALING_KEY_FILE: oldFile });
    first.app.get(DeliveryWorker).handOver();
    const operator = (await first.http.post('/api/v1/accounts').set({ Authorization: `Bearer ${data.adminToken}` }).send({ name: 'ops', role: 'operator' })).body.token as string;
    for (const member of members) {
      const memberId = await enrol(first.http, operator, member);
      const accepted = await first.http.post('/api/v1/exchanges').set({ Authorization: `Bearer ${operator}` }).send({ partner: 'newsletter', purpose: 'newsletter', memberId });
      expect(accepted.status).toBe(202);
    }
    expect(await sealedKeys(first)).toEqual(members.map(() => `v2.${sealingKeyId(OLD_KEY)}`));
    await first.close();

    // The old key dropped before re-sealing: a clear refusal at start, naming the key and the rows.
    await expect(data.start({ ...GATEWAY, SEALING_KEY_FILE: newFile })).rejects.toThrow(`3 row(s) sealed with key ${sealingKeyId(OLD_KEY)}, which is not configured`);

    // Rotated: the new key seals, the old one is kept to open; the command counts, then re-seals.
    const rotated = { ...data.env, SEALING_KEY_FILE: newFile, SEALING_KEY_PREVIOUS_FILES: oldFile };
    const check = await runCli('reseal.ts', rotated, ['--check']);
    expect(check.stdout).toContain(`Still under an old key: 3 with previous key ${sealingKeyId(OLD_KEY)}`);
    expect(check.code).toBe(1);
    const resealed = await runCli('reseal.ts', rotated, ['--batch', '2']);
    expect(resealed.stderr).toBe('');
    expect(resealed.stdout).toContain(`Re-sealed 3 row(s) with key ${sealingKeyId(NEW_KEY)}`);
    expect(resealed.stdout).toContain('No row needs an old key');
    expect(resealed.code).toBe(0);
    for (const text of [check.stdout, resealed.stdout]) for (const member of members) expect(text).not.toContain(member.email ?? member.memberId);

    // The old key gone: the gateway starts and delivers every message, whole.
    const last = await data.start({ ...GATEWAY, SEALING_KEY_FILE: newFile });
    try {
      expect(await sealedKeys(last)).toEqual(members.map(() => `v2.${sealingKeyId(NEW_KEY)}`));
      const sandbox = last.app.get(SandboxHost).get('newsletter') as NewsletterSandbox;
      for (let i = 0; i < 400 && (await sealedKeys(last)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await sealedKeys(last)).toEqual([]);
      const bodies = sandbox.http.received().map((request) => request.body);
      expect(bodies).toHaveLength(members.length);
      for (const member of members) expect(bodies.some((body) => body.includes(member.email ?? ''))).toBe(true);
    } finally {
      await last.close();
    }
  }, 120_000);
});
