import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';

/** What the copy holds, read from the copy itself (not from the live database, which moved on meanwhile). */
export interface SqliteBackupContents {
  /** Pages copied, as SQLite counts them. */
  readonly pages: number;
  /** The ledger's last entry in the copy (0 and '' when the ledger is empty). */
  readonly ledgerHead: { readonly seq: number; readonly hash: string };
  /** The newest signed checkpoint the copy keeps, if any. */
  readonly lastCheckpoint: { readonly treeSize: number; readonly rootHash: string; readonly createdAt: string; readonly note: string } | undefined;
  /** Outbox rows by status (pending ones are delivered by the gateway that is started on the copy). */
  readonly outbox: Readonly<Record<string, number>>;
}

/** All remaining pages in one step: the copy is then one read transaction, a snapshot. */
const ALL_PAGES = 0x7fffffff;
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Copies a live SQLite database with SQLite's online backup API. Taken in one step, the copy is a single
 * read transaction on the source: in WAL mode it sees one committed state and does not block the gateway's
 * writers. (Copied in small steps, a write by another process would restart the copy, over and over under
 * load.) The copy is then switched to a plain rollback journal, so that it is one self-contained file, and
 * checked with `PRAGMA integrity_check` before anything is read from it.
 */
export async function sqliteOnlineBackup(sourceFile: string, targetFile: string): Promise<SqliteBackupContents> {
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const done = await source.backup(targetFile, { progress: () => ALL_PAGES });
    pages = done.totalPages;
  } finally {
    source.close();
  }
  // The copy holds what the database holds: its owner only, as DATA_DIR.
  chmodSync(targetFile, 0o600);
  const copy = new Database(targetFile, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy fails SQLite's integrity check: ${String(integrity)}`);
    return { pages, ...contentsOf(copy) };
  } finally {
    copy.close();
  }
}

function contentsOf(db: Database.Database): Omit<SqliteBackupContents, 'pages'> {
  const head = db.prepare('SELECT seq, hash FROM disclosure_ledger_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const checkpoint = db.prepare('SELECT tree_size AS treeSize, root_hash AS rootHash, created_at AS createdAt, note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1').get() as
    | { treeSize: number; rootHash: string; createdAt: string; note: string }
    | undefined;
  const outbox = db.prepare('SELECT status, COUNT(*) AS count FROM outbox GROUP BY status').all() as Array<{ status: string; count: number }>;
  return {
    ledgerHead: { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' },
    lastCheckpoint: checkpoint === undefined ? undefined : { ...checkpoint, treeSize: Number(checkpoint.treeSize) },
    outbox: Object.fromEntries(outbox.map((row) => [row.status, Number(row.count)])),
  };
}
