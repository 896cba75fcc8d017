import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCheckpoint } from '../../src/audit/checkpoint-note';
import { CheckpointAnswer } from '../../src/audit/checkpoint-verifier';
import { LedgerCheckpoints } from '../../src/audit/ledger-checkpoints.service';
import { LedgerService } from '../../src/audit/ledger.service';
import { disclosure } from '../audit/ledger.fixtures';
import { runCli } from '../support/cli-run';
import { describeEachDatabase } from '../support/databases';
import { KeptData, keptData, KeptGateway } from '../support/kept-data';

/**
 * Ledger signing key rotation: checkpoints signed before and after `npm run ledger:rotate-key` all
 * verify — through the API and `npm run ledger:verify` — each with the key its signature line names; a
 * checkpoint naming another key than the one that signed it, or a key the gateway does not know, fails.
 */
describeEachDatabase('ledger signing key rotation', (database) => {
  let data: KeptData;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    data = await keptData(database);
    mkdirSync(join(data.dir, 'keys'), { mode: 0o700 });
    env = { CONNECTORS: 'none', LEDGER_CHECKPOINT_MS: '0', LEDGER_SIGNING_KEY_FILE: join(data.dir, 'keys', 'ledger.pem'), LEDGER_WITNESS_DIR: join(data.dir, 'witness') };
  });
  afterAll(async () => {
    await data.remove();
  });

  const record = async (gateway: KeptGateway, from: number, to: number): Promise<CheckpointAnswer> => {
    for (let i = from; i <= to; i++) await gateway.app.get(LedgerService).record(disclosure({ memberId: `P${i}`, exchangeId: `x-${i}` }));
    return gateway.app.get(LedgerCheckpoints).make();
  };
  const auditor = async (gateway: KeptGateway): Promise<string> =>
    (await gateway.http.post('/api/v1/accounts').set({ Authorization: `Bearer ${data.adminToken}` }).send({ name: `auditor.${Date.now()}`, role: 'auditor' })).body.token as string;
  const save = (name: string, answer: CheckpointAnswer | string): string => {
    const file = join(data.dir, name);
    writeFileSync(file, typeof answer === 'string' ? answer : JSON.stringify(answer));
    return file;
  };

  // Six commands in their own processes (ts-node starts in a few seconds each on a busy machine).
  it('keeps checkpoints of the retired key verifiable, signs new ones with the new key, and refuses a key id tampered with', async () => {
    const first = await data.start(env);
    const before = await record(first, 1, 3);
    await first.close();

    const rotated = await runCli('rotate-ledger-key.ts', { ...data.env, ...env });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`Retired ledger signing key ${before.verifierKey}`);
    expect(readFileSync(join(data.dir, 'keys', 'ledger-previous-keys.txt'), 'utf8')).toContain(before.verifierKey);
    expect(rotated.stdout).not.toContain('PRIVATE KEY');

    const second = await data.start(env);
    try {
      const after = await record(second, 4, 5);
      expect(after.verifierKey).not.toBe(before.verifierKey);
      expect(rotated.stdout).toContain(`New ledger signing key ${after.verifierKey}`);
      const token = await auditor(second);
      const verify = async (body?: object) =>
        (body === undefined ? await second.http.get('/api/v1/disclosures/verify').set({ Authorization: `Bearer ${token}` }) : await second.http.post('/api/v1/disclosures/verify').set({ Authorization: `Bearer ${token}` }).send(body)).body;

      // Both checkpoints verify, each with its own key; the one before still names the retired key.
      expect(await verify({ checkpoint: before })).toMatchObject({ ok: true, checked: 5, checkpoint: { ok: true, treeSize: 3, currentSize: 5 } });
      expect(await verify({ checkpoint: after })).toMatchObject({ ok: true, checked: 5, checkpoint: { ok: true, treeSize: 5 } });
      expect(await verify()).toMatchObject({ ok: true, checkpoint: { ok: true, treeSize: 5 } });
      const stored = await second.app.get(LedgerCheckpoints).latest();
      expect(stored?.verifierKey).toBe(after.verifierKey);

      // The signature line's key id swapped for the new key's: named one key, signed by another.
      const [body, line = ''] = before.note.split('\n\n');
      const [dash, name, signed = ''] = line.trim().split(' ');
      const newId = Buffer.from(after.verifierKey.split('+')[1] ?? '', 'hex');
      const swapped = `${body}\n\n${dash} ${name} ${Buffer.concat([newId, Buffer.from(signed, 'base64').subarray(4)]).toString('base64')}\n`;
      expect(await verify({ checkpoint: { ...before, note: swapped } })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining('signed by another key') } });
      // Signed by a key the gateway never had, under its name: refused.
      const stranger = signCheckpoint({ origin: before.origin, treeSize: 5, rootHash: after.rootHash, extensions: [] }, name ?? '', generateKeyPairSync('ed25519').privateKey);
      expect(await verify({ checkpoint: { ...after, note: stranger } })).toMatchObject({ ok: false, checkpoint: { ok: false, reason: expect.stringContaining("not one of the gateway's keys") } });

      // The command-line verifier: the same ring, from the key file and the retired keys beside it.
      const cli = { ...data.env, ...env };
      for (const checkpoint of [before, after]) {
        const run = await runCli('verify-ledger.ts', cli, ['--checkpoint', save(`checkpoint-${checkpoint.treeSize}.json`, checkpoint)]);
        expect(run.stdout).toContain(`extends the signed checkpoint of ${checkpoint.treeSize} entries`);
        expect(run.code).toBe(0);
      }
      const tampered = await runCli('verify-ledger.ts', cli, ['--checkpoint', save('swapped.txt', swapped)]);
      expect(tampered.code).toBe(1);
      // An auditor with only the new verifier key cannot check the old checkpoint; with both, can.
      const onlyNew = await runCli('verify-ledger.ts', { ...cli, LEDGER_VERIFIER_KEY: after.verifierKey }, ['--checkpoint', save('before.json', before)]);
      expect(onlyNew.stdout).toContain("not one of the gateway's keys");
      expect(onlyNew.code).toBe(1);
      const both = await runCli('verify-ledger.ts', { ...cli, LEDGER_VERIFIER_KEY: `${after.verifierKey},${before.verifierKey}` }, ['--checkpoint', save('before.json', before)]);
      expect(both.code).toBe(0);
    } finally {
      await second.close();
    }
  }, 180_000);
});
