import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LedgerSigningKey } from '../audit/ledger-signing-key';
import { ADMIN_TOKEN_HASH_FILE, PSEUDONYM_KEY_FILE } from '../config/embedded-secrets';
import { BACKUP_FORMAT, BackupFile, backupFile, BackupKey, BackupManifest, MANIFEST_FILE, writeManifest } from '../persistence/backup-manifest';
import { SQLITE_FILE } from '../persistence/data-source';
import { sqliteOnlineBackup } from '../persistence/sqlite-online-backup';

const EXIT_DONE = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_POSTGRES = 3;

const WITNESS_FILE = /^checkpoint-\d+\.json$/;
const USAGE = 'usage: npm run backup -- <target-dir> [--with-keys] [--json]';

class UsageError extends Error {}
class RefusedError extends Error {}

/** A key file the gateway reads, and the name it gets under keys/ in the backup. */
interface KeyFile {
  readonly what: string;
  readonly file: string | undefined;
  readonly env: string | undefined;
  readonly name: string;
}

/**
 * `npm run backup -- <target-dir> [--with-keys] [--json]`: a consistent backup of an embedded (SQLite) gateway
 * while it runs — the database through SQLite's online backup API, the witness directory of signed checkpoints
 * (LEDGER_WITNESS_DIR), and `manifest.json` with the SHA-256 of every file, the ledger head and the last
 * checkpoint the copy holds. The keys (pseudonym, sealing, ledger signing, the administrator token's hash) are
 * copied only with --with-keys, into keys/: keys belong in a place apart from the data, so that one stolen
 * backup does not hold both. PostgreSQL is refused: pg_dump does that job (docs/operations.md).
 * Exit code 0 when the backup is made, 1 when it failed (the target is removed again), 2 on a usage error,
 * 3 when the database is PostgreSQL.
 */
async function backup(args: readonly string[]): Promise<number> {
  const env = process.env;
  const withKeys = args.includes('--with-keys');
  const json = args.includes('--json');
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--with-keys' && arg !== '--json');
  const targets = args.filter((arg) => !arg.startsWith('--'));
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(', ')}; ${USAGE}`);
  if (targets.length !== 1 || targets[0] === undefined) throw new UsageError(USAGE);
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '') {
    throw new RefusedError(
      'the database is PostgreSQL (DATABASE_URL is set): back it up with pg_dump, e.g. `pg_dump -Fc --no-owner -d "$DATABASE_URL" -f bieb-gateway.dump` ' +
        '(add --schema=$DATABASE_SCHEMA when set), and copy LEDGER_WITNESS_DIR beside it; see docs/operations.md',
    );
  }
  const target = resolve(targets[0]);
  const created = prepareTarget(target);
  try {
    const manifest = await write(target, env, withKeys);
    process.stdout.write(json ? `${JSON.stringify(manifest)}\n` : describe(target, manifest));
    return EXIT_DONE;
  } catch (error) {
    // Nothing half-made is left to be mistaken for a backup; the directory was empty or absent before.
    rmSync(target, { recursive: true, force: true });
    if (!created) mkdirSync(target, { mode: 0o700 });
    throw error;
  }
}

/** The target must be new or empty: a backup never mixes with another. True when it was created here. */
function prepareTarget(target: string): boolean {
  if (existsSync(target)) {
    if (readdirSync(target).length > 0) throw new UsageError(`${target} is not empty: give a new directory for each backup`);
    return false;
  }
  mkdirSync(target, { recursive: true, mode: 0o700 });
  return true;
}

async function write(target: string, env: NodeJS.ProcessEnv, withKeys: boolean): Promise<BackupManifest> {
  const startedAt = new Date().toISOString();
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const source = join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}: is DATA_DIR (${dataDir}) the gateway's?`);
  const files: BackupFile[] = [];
  // The witness directory first, the database after: every checkpoint copied was stored in the database
  // before it was written there, so the database copy holds it and the ledger it signs.
  const witnessDir = env.LEDGER_WITNESS_DIR === undefined || env.LEDGER_WITNESS_DIR === '' ? undefined : resolve(env.LEDGER_WITNESS_DIR);
  const witnessed = witnessDir === undefined ? [] : copyWitness(witnessDir, target);
  const contents = await sqliteOnlineBackup(source, join(target, SQLITE_FILE));
  files.push(backupFile(target, SQLITE_FILE), ...witnessed.map((name) => backupFile(target, name)));
  const keys = keyFiles(env, dataDir);
  const list: BackupKey[] = keys.map((key) => ({ what: key.what, source: key.file ?? `${key.env ?? ''} (environment)`, copiedTo: undefined }));
  if (withKeys) {
    mkdirSync(join(target, 'keys'), { mode: 0o700 });
    keys.forEach((key, index) => {
      if (key.file === undefined) return;
      const name = `keys/${key.name}`;
      try {
        copyFileSync(key.file, join(target, name));
      } catch (error) {
        throw new Error(`${key.what} (${key.file}) cannot be copied: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      list[index] = { ...list[index]!, copiedTo: name };
      files.push(backupFile(target, name));
    });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    startedAt,
    finishedAt: new Date().toISOString(),
    database: { kind: 'sqlite', source, file: SQLITE_FILE, pages: contents.pages },
    ledger: { headSeq: contents.ledgerHead.seq, headHash: contents.ledgerHead.hash, lastCheckpoint: contents.lastCheckpoint ?? null, verifierKey: verifierOf(env, dataDir) },
    outbox: contents.outbox,
    witness: { source: witnessDir ?? null, files: witnessed.length },
    keys: { included: withKeys, list },
    files,
  };
  writeManifest(target, manifest);
  return manifest;
}

/** Copies the checkpoint files (not a writer's temporary file) into witness/; their names inside the backup. */
function copyWitness(dir: string, target: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => WITNESS_FILE.test(name));
  } catch (error) {
    // The gateway makes the directory with its first checkpoint.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`LEDGER_WITNESS_DIR (${dir}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  mkdirSync(join(target, 'witness'), { mode: 0o700 });
  return names.sort().map((name) => {
    copyFileSync(join(dir, name), join(target, 'witness', name));
    return `witness/${name}`;
  });
}

/** Where the gateway started with this environment finds each key (the same defaults as src/config). */
function keyFiles(env: NodeJS.ProcessEnv, dataDir: string): KeyFile[] {
  const given = (name: string): boolean => env[name] !== undefined && env[name] !== '';
  return [
    given('GATEWAY_ADMIN_TOKEN')
      ? { what: 'administrator token', file: undefined, env: 'GATEWAY_ADMIN_TOKEN', name: ADMIN_TOKEN_HASH_FILE }
      : { what: "administrator token's hash", file: join(dataDir, ADMIN_TOKEN_HASH_FILE), env: undefined, name: ADMIN_TOKEN_HASH_FILE },
    given('PSEUDONYM_KEY')
      ? { what: 'pseudonym key', file: undefined, env: 'PSEUDONYM_KEY', name: PSEUDONYM_KEY_FILE }
      : { what: 'pseudonym key', file: join(dataDir, PSEUDONYM_KEY_FILE), env: undefined, name: PSEUDONYM_KEY_FILE },
    ...(given('SEALING_KEY_FILE') ? [{ what: 'sealing key', file: resolve(env.SEALING_KEY_FILE ?? ''), env: undefined, name: 'sealing.key' }] : []),
    { what: 'ledger signing key', file: resolve(env.LEDGER_SIGNING_KEY_FILE ?? join(dataDir, 'ledger-signing-key.pem')), env: undefined, name: 'ledger-signing-key.pem' },
  ];
}

/** The public verifier key, so that the backup's checkpoints can be checked without the private key. */
function verifierOf(env: NodeJS.ProcessEnv, dataDir: string): string | null {
  if (env.LEDGER_VERIFIER_KEY !== undefined && env.LEDGER_VERIFIER_KEY !== '') return env.LEDGER_VERIFIER_KEY;
  try {
    const file = resolve(env.LEDGER_SIGNING_KEY_FILE ?? join(dataDir, 'ledger-signing-key.pem'));
    return LedgerSigningKey.load(file, env.LEDGER_ORIGIN ?? 'bieb-gateway/disclosure-ledger', { create: false }).key.verifier();
  } catch {
    return null;
  }
}

function describe(target: string, manifest: BackupManifest): string {
  const checkpoint = manifest.ledger.lastCheckpoint;
  const pending = (manifest.outbox.pending ?? 0) + (manifest.outbox['in-flight'] ?? 0);
  const lines = [
    `Backup written to ${target} (${MANIFEST_FILE}; check it with: cd ${target} && sha256sum -c SHA256SUMS).`,
    `  database: ${manifest.database.file}, ${manifest.database.pages} pages, integrity ok; ${pending} deliveries not yet delivered in it (the restored gateway delivers them).`,
    `  ledger: ${manifest.ledger.headSeq} entries; ${checkpoint === null ? 'no signed checkpoint yet' : `last signed checkpoint of ${checkpoint.treeSize} entries (${checkpoint.createdAt})`}.`,
    `  witness: ${manifest.witness.source === null ? 'LEDGER_WITNESS_DIR is not set: the checkpoints are only in the database' : `${manifest.witness.files} checkpoint files from ${manifest.witness.source}`}.`,
  ];
  const missing = manifest.keys.list.filter((key) => key.copiedTo === undefined);
  if (manifest.keys.included) {
    lines.push(`  keys: copied into keys/ (${manifest.keys.list.flatMap((key) => (key.copiedTo === undefined ? [] : [key.what])).join(', ')}). Move keys/ to your secret store, apart from the data.`);
  } else {
    lines.push('  keys: NOT in this backup. Keys are kept apart from the data; without them the restored gateway cannot unseal pending deliveries, sign checkpoints or keep partner pseudonyms. Back them up separately (or run again with --with-keys):');
  }
  for (const key of missing) lines.push(`    - ${key.what}: ${key.source}`);
  return `${lines.join('\n')}\n`;
}

backup(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`${message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof RefusedError) {
      process.stderr.write(`No backup made: ${message}\n`);
      process.exitCode = EXIT_POSTGRES;
    } else {
      process.stderr.write(`Backup failed, nothing written: ${message}\n`);
      process.exitCode = EXIT_FAILED;
    }
  },
);
