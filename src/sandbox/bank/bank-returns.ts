import { createHash } from 'node:crypto';

/** The reason codes the simulated bank returns debits with, in turn: insufficient funds, account closed, refund asked by the debtor, refused by the debtor. */
export const SANDBOX_RETURN_REASONS = ['AM04', 'AC04', 'MD06', 'MS02'] as const;

/** The share of debits the simulated bank returns unless told otherwise. */
export const DEFAULT_RETURN_SHARE = 0.1;

/**
 * Whether the bank returns this debit: a hash of the sandbox seed and the EndToEndId, read as a fraction
 * from 0 to 1, falls below the share. The same seed and id give the same answer, in any order, in any run.
 */
export function isSeededReturn(seed: number, endToEndId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const digest = createHash('sha256').update(`bank-return:${seed}:${endToEndId}`, 'utf8').digest();
  return digest.readUInt32BE(0) / 4_294_967_296 < share;
}

/** A four-character ISO return reason code (AM04, MD06, …). */
export function isReasonCode(code: string): boolean {
  return /^[A-Z0-9]{4}$/.test(code);
}

/**
 * Which debits of one file come back, and why: forced ones (a test's returnNext) with their own or the next
 * reason, then the chooser's (a test's option) or the seeded share's, each with the next reason in the cycle.
 */
export class ReturnPlanner {
  private readonly forced = new Map<string, string | undefined>();
  private turn = 0;

  constructor(
    private readonly seed: number,
    private readonly share: number,
    private readonly chooser?: (endToEndIds: readonly string[]) => readonly string[],
  ) {
    if (!(share >= 0 && share <= 1)) throw new RangeError('returnShare is a fraction from 0 to 1');
  }

  /** The next file holding this EndToEndId returns it (with this reason, else the next in the cycle). */
  force(endToEndId: string, reasonCode?: string): void {
    if (reasonCode !== undefined && !isReasonCode(reasonCode)) throw new RangeError('a return reason code is four upper-case letters and digits (AM04, MD06, …)');
    this.forced.set(endToEndId, reasonCode);
  }

  /** The returns of one accepted file, by EndToEndId: its reason code. Forced returns are used up. */
  plan(endToEndIds: readonly string[]): Map<string, string> {
    const chosen = new Set(this.chooser === undefined ? endToEndIds.filter((id) => isSeededReturn(this.seed, id, this.share)) : this.chooser(endToEndIds));
    const returns = new Map<string, string>();
    for (const id of endToEndIds) {
      if (this.forced.has(id)) {
        returns.set(id, this.forced.get(id) ?? this.nextReason());
        this.forced.delete(id);
      } else if (chosen.has(id)) {
        returns.set(id, this.nextReason());
      }
    }
    return returns;
  }

  reset(): void {
    this.forced.clear();
    this.turn = 0;
  }

  private nextReason(): string {
    const reason = SANDBOX_RETURN_REASONS[this.turn % SANDBOX_RETURN_REASONS.length] as string;
    this.turn += 1;
    return reason;
  }
}
