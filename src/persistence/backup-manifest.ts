import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';
export const BACKUP_FORMAT = 'bieb-gateway-backup/1';

/** One file of a backup, by its path inside the backup directory. */
export interface BackupFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A key the gateway needs to run on the backup, and whether the backup holds it. */
export interface BackupKey {
  readonly what: string;
  /** Where the gateway read it (a file, or the environment variable). */
  readonly source: string;
  /** Its path in the backup when copied (--with-keys); undefined when it must come from the secret store. */
  readonly copiedTo: string | undefined;
}

/** `manifest.json`: written last, so a backup directory without one is an unfinished backup. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly database: { readonly kind: 'sqlite'; readonly source: string; readonly file: string; readonly pages: number };
  readonly ledger: {
    readonly headSeq: number;
    readonly headHash: string;
    readonly lastCheckpoint: { readonly treeSize: number; readonly rootHash: string; readonly createdAt: string; readonly note: string } | null;
    /** The public key checkpoints verify with (LEDGER_VERIFIER_KEY), when the signing key could be read. */
    readonly verifierKey: string | null;
  };
  readonly outbox: Readonly<Record<string, number>>;
  readonly witness: { readonly source: string | null; readonly files: number };
  readonly keys: { readonly included: boolean; readonly list: readonly BackupKey[] };
  readonly files: readonly BackupFile[];
}

/** Size and SHA-256 of a file inside the backup directory. */
export function backupFile(dir: string, path: string): BackupFile {
  const full = join(dir, path);
  return { path, bytes: statSync(full).size, sha256: createHash('sha256').update(readFileSync(full)).digest('hex') };
}

/**
 * Writes `SHA256SUMS` (for `sha256sum -c`, without the gateway) and then the manifest, each whole or not at
 * all (a temporary file, then renamed).
 */
export function writeManifest(dir: string, manifest: BackupManifest): void {
  const sums = manifest.files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  writeWhole(join(dir, CHECKSUMS_FILE), sums);
  writeWhole(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

function writeWhole(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}
