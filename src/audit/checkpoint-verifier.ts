import { DataSource } from 'typeorm';
import { AccountEventLog, EventChainVerdict } from './account-event-log';
import { Checkpoint, openCheckpoint } from './checkpoint-note';
import { ChainVerdict } from './ledger.chain';
import { DisclosureEntity } from './disclosure.entity';
import { ledgerTree } from './ledger-tree';
import { verifyConsistency } from './merkle-tree';

/** A checkpoint as the API answers it (and as the witness directory keeps it). */
export interface CheckpointAnswer {
  readonly origin: string;
  readonly treeSize: number;
  /** Base64 of the root, as in the note. */
  readonly rootHash: string;
  /** The signed note: what is checked. Everything else here is for reading. */
  readonly note: string;
  readonly verifierKey: string;
  readonly createdAt: string;
}

export interface CheckpointVerdict {
  readonly ok: boolean;
  readonly treeSize?: number;
  readonly currentSize?: number;
  /** RFC 9162 consistency proof (base64 nodes) from the checkpoint's tree to the current one. */
  readonly consistencyProof?: readonly string[];
  readonly reason?: string;
}

export type LedgerVerdict = ChainVerdict & { readonly checkpoint?: CheckpointVerdict; readonly accountEvents?: EventChainVerdict };

/** The signed note out of what was given: the JSON answer of GET /api/v1/disclosures/checkpoint, or the note text itself. */
export function noteOf(given: unknown): string | undefined {
  if (typeof given === 'string') return given.includes('\n\n') ? given : undefined;
  if (given !== null && typeof given === 'object' && typeof (given as { note?: unknown }).note === 'string') return (given as { note: string }).note;
  return undefined;
}

/**
 * Proves (or refutes) that the ledger as the database holds it now extends a signed checkpoint: the
 * signature is checked with the gateway's own verifier keys (never one that comes with the checkpoint; after a
 * rotation, the key the checkpoint names among the current and retired ones), the
 * first treeSize entries must still hash to the signed root — whatever was removed, changed or reordered
 * under it, even with every hash recomputed — and the account events the checkpoint signed must stand.
 */
export async function verifyAgainstCheckpoint(
  dataSource: DataSource,
  accountEvents: AccountEventLog,
  note: string,
  verifier: string | readonly string[],
  known: readonly string[] = [],
): Promise<{ checkpoint: CheckpointVerdict; accountEvents?: EventChainVerdict }> {
  const opened = openCheckpoint(note, verifier);
  if (!opened.ok) return { checkpoint: { ok: false, reason: `the checkpoint is not the gateway's: ${opened.reason}` } };
  const signed = opened.checkpoint;
  const tree = await ledgerTree(dataSource);
  const events = await accountEvents.verify(accountsSigned(signed));
  if (tree.size < signed.treeSize) {
    return { checkpoint: { ok: false, treeSize: signed.treeSize, currentSize: tree.size, reason: `the ledger holds ${tree.size} entries, fewer than the ${signed.treeSize} the checkpoint signed: entries were removed` }, accountEvents: events };
  }
  const root = Buffer.from(signed.rootHash, 'base64');
  if (!tree.root(signed.treeSize).equals(root)) {
    return { checkpoint: { ok: false, treeSize: signed.treeSize, currentSize: tree.size, reason: `${narrowDown(tree, signed, known, verifier)}: an entry was removed, changed or reordered, even if every hash was recomputed` }, accountEvents: events };
  }
  // The furthest retention any checkpoint of the gateway signed: content up to there went lawfully,
  // whichever checkpoint is checked now (an older one signed a lower watermark).
  const through = Math.max(retainedThrough(signed), ...known.map((other) => openCheckpoint(other, verifier)).map((opened) => (opened.ok ? retainedThrough(opened.checkpoint) : 0)));
  const early = await redactedTooEarly(dataSource, through);
  if (early !== undefined) {
    return { checkpoint: { ok: false, treeSize: signed.treeSize, currentSize: tree.size, reason: `the content of entry ${early} was removed, though the signed retention reaches only entry ${through}` }, accountEvents: events };
  }
  const proof = tree.consistencyProof(signed.treeSize, tree.size);
  const ok = verifyConsistency(signed.treeSize, tree.size, root, tree.root(), proof);
  return {
    checkpoint: { ok, treeSize: signed.treeSize, currentSize: tree.size, consistencyProof: proof.map((node) => node.toString('base64')), ...(ok ? {} : { reason: 'the consistency proof does not hold' }) },
    accountEvents: events,
  };
}

/** The account-event chain head a checkpoint signed (`accounts <seq> <hash>`), if it carries one. */
export function accountsSigned(checkpoint: Checkpoint): { seq: number; hash: string } | undefined {
  const line = checkpoint.extensions.map((text) => /^accounts (\d+) ([0-9a-f]{64})$/.exec(text)).find((match) => match !== null);
  return line === undefined || line === null ? undefined : { seq: Number(line[1]), hash: line[2] ?? '' };
}

/** The signed retention watermark (`retention <seq>`): entries whose content may be gone. */
export function retainedThrough(checkpoint: Checkpoint): number {
  const line = checkpoint.extensions.map((text) => /^retention (\d+)$/.exec(text)).find((match) => match !== null);
  return line === undefined || line === null ? 0 : Number(line[1]);
}

/** The first entry marked as removed under retention beyond the watermark, if any. */
async function redactedTooEarly(dataSource: DataSource, through: number): Promise<number | undefined> {
  const row = await dataSource.manager
    .createQueryBuilder(DisclosureEntity, 'd')
    .select('MIN(d.seq)', 'seq')
    .where('d.redacted_at IS NOT NULL AND d.seq > :through', { through })
    .getRawOne<{ seq: number | string | null }>();
  return row?.seq === null || row?.seq === undefined ? undefined : Number(row.seq);
}

/** With older signed checkpoints at hand: the last size that still matches, so the change lies after it. */
function narrowDown(tree: { root(size: number): Buffer }, signed: Checkpoint, known: readonly string[], verifier: string | readonly string[]): string {
  let lastGood = 0;
  for (const note of known) {
    const opened = openCheckpoint(note, verifier);
    if (!opened.ok || opened.checkpoint.treeSize >= signed.treeSize || opened.checkpoint.treeSize <= lastGood) continue;
    if (tree.root(opened.checkpoint.treeSize).equals(Buffer.from(opened.checkpoint.rootHash, 'base64'))) lastGood = opened.checkpoint.treeSize;
  }
  return lastGood === 0
    ? `the first ${signed.treeSize} entries no longer hash to the signed root`
    : `entries ${lastGood + 1} to ${signed.treeSize} no longer hash to the signed root (the first ${lastGood} still match an earlier checkpoint)`;
}
