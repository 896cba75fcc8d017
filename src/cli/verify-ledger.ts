import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AccountEventLog } from '../audit/account-event-log';
import { LedgerVerdict, noteOf, verifyAgainstCheckpoint } from '../audit/checkpoint-verifier';
import { LedgerCheckpointEntity } from '../audit/ledger-checkpoint.entity';
import { LedgerService } from '../audit/ledger.service';
import { LedgerSigningKey } from '../audit/ledger-signing-key';
import { parsePreviousKeys, readPreviousKeys } from '../audit/ledger-previous-keys';
import { formatVerdict } from '../audit/ledger-verdict.format';
import { SQLITE_FILE } from '../persistence/data-source';
import { ENTITIES } from '../persistence/entities';

const EXIT_INTACT = 0;
const EXIT_BROKEN = 1;
const EXIT_FAILED = 2;

class UsageError extends Error {}

/**
 * `npm run ledger:verify [-- --json] [-- --checkpoint FILE]`: verifies the disclosure ledger of the
 * configured database — its hash chain, and that it extends a signed checkpoint: FILE (the saved answer of
 * GET /api/v1/disclosures/checkpoint, or the note itself), else the newest in LEDGER_WITNESS_DIR, else the
 * newest the database keeps. Exit code 0 when intact, 1 when broken (what broke is printed), 2 when the
 * check could not run. Read-only: it opens the database without writing, runs no migrations, and neither
 * makes nor prints a credential; the verifier key is LEDGER_VERIFIER_KEY or derived from the signing key file,
 * with the keys retired by rotations (ledger-previous-keys.txt beside that file, LEDGER_PREVIOUS_KEYS).
 */
async function verifyLedger(args: readonly string[]): Promise<number> {
  const env = process.env;
  const json = args.includes('--json');
  const at = args.indexOf('--checkpoint');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && (file === undefined || file.startsWith('--'))) throw new UsageError('--checkpoint needs a file: the saved answer of GET /api/v1/disclosures/checkpoint');
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const dataSource = new DataSource(readOnlyOptions(env, dataDir));
  await dataSource.initialize();
  try {
    const chain = await new LedgerService(dataSource).verify();
    const note = file !== undefined ? checkpointFrom(file) : (newestWitness(env.LEDGER_WITNESS_DIR) ?? (await newestStored(dataSource)));
    let verdict: LedgerVerdict = chain;
    if (note !== undefined) {
      const verifier = verifierKeys(env, dataDir);
      // The newest stored and witnessed checkpoints too: their signed retention may reach further than the given one's.
      const known = [newestWitness(env.LEDGER_WITNESS_DIR), await newestStored(dataSource)].filter((other): other is string => other !== undefined);
      const against = await verifyAgainstCheckpoint(dataSource, new AccountEventLog(dataSource), note, verifier, known);
      const ok = chain.ok && against.checkpoint.ok && against.accountEvents?.ok !== false;
      verdict = ok || !chain.ok ? { ...chain, ...against } : { ok: false, checked: chain.checked, firstBroken: { seq: against.checkpoint.treeSize ?? 0, reason: against.checkpoint.reason ?? (against.accountEvents?.ok === false ? against.accountEvents.firstBroken.reason : 'checkpoint') }, ...against };
    }
    process.stdout.write(`${json ? JSON.stringify(verdict) : describe(verdict)}\n`);
    return verdict.ok ? EXIT_INTACT : EXIT_BROKEN;
  } finally {
    await dataSource.destroy();
  }
}

function describe(verdict: LedgerVerdict): string {
  const line = formatVerdict(verdict);
  if (verdict.checkpoint === undefined) return line;
  if (!verdict.checkpoint.ok) return verdict.ok ? line : `Disclosure ledger BROKEN against the checkpoint of ${verdict.checkpoint.treeSize ?? '?'} entries: ${verdict.checkpoint.reason ?? ''}.`;
  return `${line} It extends the signed checkpoint of ${verdict.checkpoint.treeSize ?? 0} entries (consistency proof of ${verdict.checkpoint.consistencyProof?.length ?? 0} nodes).`;
}

function readOnlyOptions(env: NodeJS.ProcessEnv, dataDir: string): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: [] as string[], migrationsRun: false, synchronize: false, logging: false };
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '') {
    const schema = env.DATABASE_SCHEMA;
    return { ...common, type: 'postgres', url: env.DATABASE_URL, applicationName: 'bieb-gateway ledger:verify', ...(schema === undefined || schema === '' ? {} : { schema, extra: { options: `-c search_path=${schema}` } }) };
  }
  return { ...common, type: 'better-sqlite3', database: resolve(dataDir, SQLITE_FILE), readonly: true, fileMustExist: true };
}

function checkpointFrom(file: string): string {
  const text = readFileSync(file, 'utf8');
  let note: string | undefined;
  try {
    note = noteOf(JSON.parse(text) as unknown);
  } catch {
    note = noteOf(text);
  }
  if (note === undefined) throw new UsageError(`${file} holds no checkpoint (the answer of GET /api/v1/disclosures/checkpoint, or its note)`);
  return note;
}

function newestWitness(dir: string | undefined): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const sizes = names.flatMap((name) => {
    const match = /^checkpoint-(\d+)\.json$/.exec(name);
    return match === null ? [] : [{ name, size: Number(match[1]) }];
  });
  const newest = sizes.sort((a, b) => b.size - a.size)[0];
  return newest === undefined ? undefined : checkpointFrom(resolve(dir, newest.name));
}

async function newestStored(dataSource: DataSource): Promise<string | undefined> {
  try {
    const [row] = await dataSource.manager.find(LedgerCheckpointEntity, { order: { treeSize: 'DESC' }, take: 1 });
    return row?.note;
  } catch {
    return undefined;
  }
}

/**
 * The key ring: LEDGER_VERIFIER_KEY (comma-separated: the current and retired keys, as an auditor holds
 * them), else the signing key file's verifier key and the retired ones kept beside it; and LEDGER_PREVIOUS_KEYS.
 */
function verifierKeys(env: NodeJS.ProcessEnv, dataDir: string): string[] {
  const previous = parsePreviousKeys(env.LEDGER_PREVIOUS_KEYS);
  if (env.LEDGER_VERIFIER_KEY !== undefined && env.LEDGER_VERIFIER_KEY !== '') return [...parsePreviousKeys(env.LEDGER_VERIFIER_KEY), ...previous];
  const file = resolve(env.LEDGER_SIGNING_KEY_FILE ?? resolve(dataDir, 'ledger-signing-key.pem'));
  let current: string;
  try {
    current = LedgerSigningKey.load(file, env.LEDGER_ORIGIN ?? 'bieb-gateway/disclosure-ledger', { create: false }).key.verifier();
  } catch {
    throw new UsageError('no verifier key: set LEDGER_VERIFIER_KEY (GET /api/v1/disclosures/checkpoint names it) or LEDGER_SIGNING_KEY_FILE');
  }
  return [current, ...readPreviousKeys(file, previous)];
}

verifyLedger(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Ledger verification could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
