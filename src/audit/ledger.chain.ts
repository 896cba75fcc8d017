import { canonicalJson } from '../domain/canonical-json';
import { sha256Hex } from '../domain/sha256';
import { DisclosedField } from './disclosure-record';

/** prev_hash of the first entry, and the head's hash while the ledger is empty. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an entry's hash covers: the whole row except the hash itself. */
export interface LedgerEntryContent {
  seq: number;
  prevHash: string;
  recordedAt: string;
  memberId: string;
  partner: string;
  purpose: string;
  policyVersion: number;
  policyHash: string;
  agreementReference: string;
  fields: DisclosedField[];
  exchangeId: string | null;
}

export interface LedgerEntry extends LedgerEntryContent {
  hash: string;
  /** Its content was removed under retention: the hash (and so the Merkle leaf) stands for it. */
  redacted?: boolean;
}

/** The separately stored last link, so that removing the newest rows is detectable too. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface BrokenLink {
  seq: number;
  reason: string;
}

export type ChainVerdict = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: BrokenLink };

/** Only the hashed properties, in a fixed shape, so extra properties on a row never change the hash. */
function hashedContent(content: LedgerEntryContent): LedgerEntryContent {
  return {
    seq: content.seq,
    prevHash: content.prevHash,
    recordedAt: content.recordedAt,
    memberId: content.memberId,
    partner: content.partner,
    purpose: content.purpose,
    policyVersion: content.policyVersion,
    policyHash: content.policyHash,
    agreementReference: content.agreementReference,
    fields: content.fields,
    exchangeId: content.exchangeId,
  };
}

/** A row whose seq lies past the head: written without going through the ledger's append. */
export function rowBeyondHead(headSeq: number, lastSeq: number): BrokenLink {
  return { seq: headSeq + 1, reason: `row beyond the head: the head records seq ${headSeq}, the chain reaches seq ${lastSeq} (row appended outside the ledger)` };
}

/** hash = sha256(prev_hash + canonical JSON of the row without its hash). */
export function entryHash(prevHash: string, content: LedgerEntryContent): string {
  return sha256Hex(prevHash + canonicalJson(hashedContent(content)));
}

/**
 * Checks rows in ascending seq order, one at a time, so a long ledger can be verified page by page.
 * The first broken link is kept; later rows are not checked once the chain is broken.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  private checked = 0;
  private broken: BrokenLink | undefined;

  /** False once a broken link is found: the caller may stop feeding rows. */
  push(row: LedgerEntry): boolean {
    if (this.broken !== undefined) return false;
    this.broken = this.check(row);
    if (this.broken !== undefined) return false;
    this.checked += 1;
    this.expectedSeq = row.seq + 1;
    this.previousHash = row.hash;
    return true;
  }

  /**
   * The verdict. Given a head (null when the head record is missing), the end of the chain is compared
   * with it; without one, removal of the newest rows cannot be detected.
   */
  finish(head?: ChainHead | null): ChainVerdict {
    const broken = this.broken ?? (head === undefined ? undefined : this.checkHead(head));
    return broken === undefined ? { ok: true, checked: this.checked } : { ok: false, checked: this.checked, firstBroken: broken };
  }

  private check(row: LedgerEntry): BrokenLink | undefined {
    if (row.seq > this.expectedSeq) {
      return { seq: this.expectedSeq, reason: `seq gap: expected seq ${this.expectedSeq}, next row is seq ${row.seq} (row removed)` };
    }
    if (row.seq < this.expectedSeq) {
      return { seq: row.seq, reason: `seq out of order: expected seq ${this.expectedSeq}, found seq ${row.seq} (row inserted or duplicated)` };
    }
    if (row.prevHash !== this.previousHash) {
      return { seq: row.seq, reason: 'prev_hash mismatch: does not link to the previous row (row removed, inserted or reordered)' };
    }
    if (row.redacted !== true && entryHash(row.prevHash, row) !== row.hash) {
      return { seq: row.seq, reason: 'hash mismatch: row content altered' };
    }
    return undefined;
  }

  private checkHead(head: ChainHead | null): BrokenLink | undefined {
    const lastSeq = this.expectedSeq - 1;
    if (head === null) return { seq: lastSeq + 1, reason: 'head record missing' };
    if (head.seq > lastSeq) {
      return { seq: lastSeq + 1, reason: `chain ends at seq ${lastSeq} but the head records seq ${head.seq} (last rows removed)` };
    }
    if (head.seq < lastSeq) return rowBeyondHead(head.seq, lastSeq);
    if (head.hash !== this.previousHash) {
      return { seq: lastSeq, reason: 'head hash mismatch: the last row is not the one the head records (row replaced)' };
    }
    return undefined;
  }
}

/** Verifies a whole chain given in ascending seq order; pass the head to detect removal of the last rows. */
export function verifyChain(rows: readonly LedgerEntry[], head?: ChainHead | null): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier.finish(head);
}
