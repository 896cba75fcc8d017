import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { BackupManifest } from '../src/persistence/backup-manifest';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from './factories/member.factory';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

const ROOT = join(__dirname, '..');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command-line tool of the gateway (src/cli), as an operator runs it, with only the given environment. */
function cli(script: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', `src/cli/${script}`, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The restore drill of docs/operations.md, run for real: a backup taken with `npm run backup` while
 * exchanges keep arriving, restored into a fresh DATA_DIR and witness directory, and a fresh gateway on it.
 * Nothing accepted before the backup began is lost, the ledger verifies against the backup's last signed
 * checkpoint, and the restored gateway goes on accepting and its ledger extends that checkpoint.
 */
describe('a backup taken while exchanges run, restored into a fresh gateway', () => {
  const partner = new NewsletterSandbox();
  /** The lending system the gateway loads members from. */
  const wise = new WiseSandbox({ seed: 17 });
  const root = mkdtempSync(join(tmpdir(), 'bgw-backup-'));
  const live = { dataDir: join(root, 'live', 'data'), witnessDir: join(root, 'live', 'witness') };
  const restored = { dataDir: join(root, 'restored', 'data'), witnessDir: join(root, 'restored', 'witness') };
  const backupDir = join(root, 'backup');
  const adminToken = newAccessToken();
  let operator = '';
  let gateway: GatewayProcess | undefined;
  let base = '';

  async function start(place: { dataDir: string; witnessDir: string }): Promise<GatewayProcess> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const started = startGatewayProcess({
      PORT: String(port),
      SIP2_PORT: String(await freePort()),
      DATA_DIR: place.dataDir,
      LEDGER_WITNESS_DIR: place.witnessDir,
      LEDGER_CHECKPOINT_MS: '250',
      GATEWAY_ADMIN_TOKEN: adminToken,
      SANDBOX: 'off',
      CONNECTORS: 'hka,newsletter',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: '50',
      DELIVERY_LEASE_MS: '1500',
      // Only the exchanges of the test are disclosed: no background sync or withdrawal watch adds entries.
      SYNC_INTERVAL_MS: '0',
      WITHDRAWAL_WATCH_MS: '0',
      ...partner.settings(),
      ...wise.settings(),
    });
    await waitForHttp(`${base}/health`, started);
    return started;
  }

  const call = async (token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  let seed = 5000;
  const exchange = async (): Promise<{ status: number; deliveryId: string }> => {
    const member = realisticMember(seed++);
    wise.addMember(member);
    const answer = await call(operator, 'POST', '/api/v1/exchanges', { partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
    return { status: answer.status, deliveryId: String(answer.body.deliveryId) };
  };

  const witnessSizes = (dir: string): number[] =>
    existsSync(dir) ? readdirSync(dir).flatMap((name) => /^checkpoint-(\d+)\.json$/.exec(name)?.[1] ?? []).map(Number).sort((a, b) => a - b) : [];

  beforeAll(async () => {
    await partner.start();
    await wise.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    await partner.stop();
    await wise.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('loses no exchange accepted before the backup, and the restored ledger extends its last checkpoint', async () => {
    gateway = await start(live);
    operator = await staffAccount(base, adminToken, 'ops', 'operator');
    // A slow partner: deliveries are still waiting in the outbox when the backup is taken.
    partner.setFault({ kind: 'slow', ms: 1000 });

    const accepted: Array<{ deliveryId: string; at: number }> = [];
    const refused: number[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const answer = await exchange();
        if (answer.status === 202) accepted.push({ deliveryId: answer.deliveryId, at: Date.now() });
        else refused.push(answer.status);
      }
    })();

    // Run until the ledger has entries and a signed checkpoint of them lies in the witness directory.
    const warm = Date.now() + 30_000;
    while ((accepted.length < 20 || (witnessSizes(live.witnessDir).at(-1) ?? 0) < 3) && Date.now() < warm) await sleep(50);
    const startedAt = Date.now();
    const before = accepted.filter((entry) => entry.at < startedAt).map((entry) => entry.deliveryId);
    const made = await cli('backup.ts', [backupDir, '--with-keys'], { DATA_DIR: live.dataDir, LEDGER_WITNESS_DIR: live.witnessDir, GATEWAY_ADMIN_TOKEN: adminToken });
    const finishedAt = Date.now();
    // The gateway goes on after the backup; what it accepts from now on is not in the backup.
    const more = Date.now() + 30_000;
    while (accepted.filter((entry) => entry.at > finishedAt).length < 5 && Date.now() < more) await sleep(50);
    running = false;
    await load;
    await gateway.stop();
    gateway = undefined;

    expect(made).toMatchObject({ code: 0, stderr: '' });
    expect(refused).toEqual([]);
    expect(before.length).toBeGreaterThanOrEqual(20);
    expect(accepted.filter((entry) => entry.at > finishedAt).length).toBeGreaterThanOrEqual(5);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    // Every file is listed with its checksum, and is as listed.
    for (const file of manifest.files) {
      expect(createHash('sha256').update(readFileSync(join(backupDir, file.path))).digest('hex')).toBe(file.sha256);
    }
    expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(['gateway.sqlite', 'keys/pseudonym.key', 'keys/ledger-signing-key.pem']));
    expect(statSync(join(backupDir, 'keys', 'pseudonym.key')).mode & 0o077).toBe(0);
    expect(statSync(join(backupDir, 'gateway.sqlite')).mode & 0o077).toBe(0);
    expect(manifest.keys.list).toContainEqual({ what: 'administrator token', source: 'GATEWAY_ADMIN_TOKEN (environment)' });
    const checkpoint = manifest.ledger.lastCheckpoint;
    expect(checkpoint).not.toBeNull();
    expect(checkpoint?.treeSize).toBeGreaterThanOrEqual(3);
    expect(checkpoint?.treeSize).toBeLessThanOrEqual(manifest.ledger.headSeq);
    // Taken while the partner was slow: some deliveries were still waiting (or on their way) in the copy.
    const undelivered = (manifest.outbox.pending ?? 0) + (manifest.outbox['in-flight'] ?? 0);
    expect(undelivered).toBeGreaterThan(0);
    expect(manifest.witness.files).toBeGreaterThan(0);

    // The restore, as docs/operations.md says: the database file and the witness checkpoints into fresh
    // places, the keys (here from the backup's keys/, in production from the secret store) into DATA_DIR.
    mkdirSync(restored.dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(restored.witnessDir, { recursive: true });
    copyFileSync(join(backupDir, 'gateway.sqlite'), join(restored.dataDir, 'gateway.sqlite'));
    for (const key of readdirSync(join(backupDir, 'keys'))) copyFileSync(join(backupDir, 'keys', key), join(restored.dataDir, key));
    for (const note of readdirSync(join(backupDir, 'witness'))) copyFileSync(join(backupDir, 'witness', note), join(restored.witnessDir, note));
    const checkpointFile = join(root, 'backup-checkpoint.txt');
    writeFileSync(checkpointFile, checkpoint?.note ?? '');
    const restoredEnv = { DATA_DIR: restored.dataDir, LEDGER_WITNESS_DIR: restored.witnessDir };

    // Before the gateway starts on it: the restored ledger verifies against the backup's last checkpoint.
    const verified = await cli('verify-ledger.ts', ['--json', '--checkpoint', checkpointFile], restoredEnv);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, checked: manifest.ledger.headSeq, checkpoint: { ok: true, treeSize: checkpoint?.treeSize } });

    partner.setFault({ kind: 'none' });
    gateway = await start(restored);
    // The operator's account came back with the database: the same token works.
    const deadline = Date.now() + 60_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(before.map(async (id) => String((await call(operator, 'GET', `/api/v1/exchanges/${id}`)).body.status)));
      if (statuses.every((status) => status === 'delivered')) break;
      expect(statuses.filter((status) => !['delivered', 'pending', 'in-flight'].includes(status))).toEqual([]);
      await sleep(200);
    }
    expect(statuses).toEqual(before.map(() => 'delivered'));
    // What the live gateway accepted after the backup had finished is not in it: the backup is a point in time.
    const after = accepted.filter((entry) => entry.at > finishedAt).map((entry) => entry.deliveryId);
    for (const id of after) expect((await call(operator, 'GET', `/api/v1/exchanges/${id}`)).status).toBe(404);
    // Deliveries made twice (before the backup's copy knew of it, and again after the restore) reached the
    // partner with the same idempotency key: it applied each once.
    const applied = partner.http.applied().map((request) => request.idempotencyKey);
    expect(new Set(applied).size).toBe(applied.length);
    expect(applied).toEqual(expect.arrayContaining(before));

    // The restored gateway accepts new exchanges, and its chain continues from the backup's head.
    const fresh: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await exchange();
      expect(answer.status).toBe(202);
      fresh.push(answer.deliveryId);
    }
    const settled = Date.now() + 30_000;
    let freshStatuses: string[] = [];
    while (Date.now() < settled) {
      freshStatuses = await Promise.all(fresh.map(async (id) => String((await call(operator, 'GET', `/api/v1/exchanges/${id}`)).body.status)));
      if (freshStatuses.every((status) => status === 'delivered')) break;
      await sleep(100);
    }
    expect(freshStatuses).toEqual(fresh.map(() => 'delivered'));
    const auditor = await staffAccount(base, adminToken, 'auditor', 'auditor');
    const chain = await call(auditor, 'GET', '/api/v1/disclosures/verify');
    expect(chain.body).toMatchObject({ ok: true });
    const total = Number(chain.body.checked);
    expect(total).toBeGreaterThan(manifest.ledger.headSeq);
    // One entry for each delivery — also for those recorded before the backup and sent again after the restore.
    const ledger = await call(auditor, 'GET', '/api/v1/disclosures?partner=newsletter&limit=500');
    const disclosed = (ledger.body.items as Array<{ exchangeId: string }>).map((entry) => entry.exchangeId);
    expect(new Set(disclosed).size).toBe(disclosed.length);
    expect(disclosed).toEqual(expect.arrayContaining([...before, ...fresh]));
    // A new checkpoint of the grown ledger, signed with the restored key, is written to the witness directory.
    const signed = Date.now() + 10_000;
    while ((witnessSizes(restored.witnessDir).at(-1) ?? 0) < total && Date.now() < signed) await sleep(50);
    expect(witnessSizes(restored.witnessDir).at(-1)).toBeGreaterThanOrEqual(total);
    await gateway.stop();
    gateway = undefined;

    // The grown ledger still extends the backup's checkpoint, and its own newest one.
    for (const args of [['--json', '--checkpoint', checkpointFile], ['--json']]) {
      const after = await cli('verify-ledger.ts', args, restoredEnv);
      expect(after.code).toBe(0);
      expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, checkpoint: { ok: true } });
      expect((JSON.parse(after.stdout) as { checked: number }).checked).toBeGreaterThanOrEqual(total);
    }
  }, 300_000);

  it('refuses a PostgreSQL database, pointing at pg_dump, and a target that is not empty', async () => {
    const postgres = await cli('backup.ts', [join(root, 'pg')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(postgres.code).toBe(3);
    expect(postgres.stderr).toContain('pg_dump -Fc');
    expect(existsSync(join(root, 'pg'))).toBe(false);

    const occupied = join(root, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'other.txt'), 'something else\n');
    const refused = await cli('backup.ts', [occupied], { DATA_DIR: live.dataDir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not empty');

    // Without --with-keys the backup says so, and names where each key is to be taken from.
    const plain = await cli('backup.ts', [join(root, 'plain')], { DATA_DIR: live.dataDir, LEDGER_WITNESS_DIR: live.witnessDir, GATEWAY_ADMIN_TOKEN: adminToken });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('keys: NOT in this backup');
    expect(plain.stdout).toContain(join(live.dataDir, 'pseudonym.key'));
    expect(existsSync(join(root, 'plain', 'keys'))).toBe(false);

    // No database where DATA_DIR says: exit 1, and nothing is left that looks like a backup.
    const missing = await cli('backup.ts', [join(root, 'nothing')], { DATA_DIR: join(root, 'no-such-data') });
    expect(missing.code).toBe(1);
    expect(existsSync(join(root, 'nothing'))).toBe(false);
  }, 60_000);
});
