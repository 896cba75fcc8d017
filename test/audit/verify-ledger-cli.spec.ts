import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerService } from '../../src/audit/ledger.service';
import { disclosure } from './ledger.fixtures';
import { describeEachDatabase } from '../support/databases';
import { createLedgerDatabase, LedgerDatabase } from './ledger-databases';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command behind `npm run ledger:verify` as its own process, with only the given environment. */
function verifyLedger(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TS_NODE,
      ['-T', 'src/cli/verify-ledger.ts', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          GATEWAY_ADMIN_TOKEN: 'cli-test-admin-token-0123456789abcdef',
          PSEUDONYM_KEY: 'cli-test-pseudonym-key-0123456789abcdef',
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

describeEachDatabase('npm run ledger:verify', (database) => {
  let db: LedgerDatabase;

  beforeAll(async () => {
    db = await createLedgerDatabase(database);
    const ledger = new LedgerService(db.dataSource);
    for (let i = 1; i <= 5; i += 1) await ledger.record(disclosure({ memberId: `P${i}` }));
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('exits 0 and says so when the ledger is intact', async () => {
    const run = await verifyLedger(db.env);
    expect(run).toEqual({ code: 0, stdout: 'Disclosure ledger intact: 5 entries verified.\n', stderr: '' });
    expect(JSON.parse((await verifyLedger(db.env, '--json')).stdout)).toEqual({ ok: true, checked: 5 });
  });

  it('exits 1 naming the altered row', async () => {
    await db.dataSource.query("UPDATE disclosure_ledger SET purpose = 'marketing' WHERE seq = 4");
    const run = await verifyLedger(db.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('Disclosure ledger BROKEN at seq 4: hash mismatch: row content altered. 3 entries verified before it.\n');
  });

  it('exits 1 naming the removed row', async () => {
    await db.dataSource.query('DELETE FROM disclosure_ledger WHERE seq = 2');
    const run = await verifyLedger(db.env, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, checked: 1, firstBroken: { seq: 2, reason: expect.stringContaining('seq gap') } });
  });

  it('exits 2 when the check cannot run, and never creates or prints a credential', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ledger-cli-empty-'));
    try {
      const run = await verifyLedger(database === 'sqlite' ? { DATA_DIR: empty } : { ...db.env, DATA_DIR: empty, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('could not run');
      expect(run.stdout).toBe('');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/bgw_|PRIVATE KEY/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
