/**
 * What the lending system made of a loan or a return at a self-service machine: the outcome types that
 * codecs read answers into and connectors hand on. They live with the codecs (no transport in them).
 */

/** Why the lending system would not register a loan or a return: it said so, nothing went wrong. */
export type CirculationRefusal = 'item-unknown' | 'item-unavailable' | 'patron-blocked' | 'refused';

/** The loan as the lending system registered it: item data only. */
export interface RegisteredLoan {
  readonly itemId: string;
  readonly title?: string;
  /** 'YYYY-MM-DD'. */
  readonly loanedOn?: string;
  /** 'YYYY-MM-DD'. */
  readonly dueOn?: string;
  readonly partnerReference?: string;
}

/** The return as the lending system registered it: item data only, never who had the item. */
export interface RegisteredReturn {
  readonly itemId: string;
  readonly title?: string;
  /** False when the item was not on loan (it is checked in all the same). */
  readonly wasOnLoan: boolean;
  /** True when a member is waiting for the item: it goes to the hold shelf, not back on the shelf. */
  readonly holdWaiting: boolean;
  /** Where the item belongs (a branch or shelf code). */
  readonly permanentLocation?: string;
  readonly partnerReference?: string;
}

export type LoanOutcome = { readonly ok: true; readonly loan: RegisteredLoan } | { readonly ok: false; readonly refusal: CirculationRefusal };
export type ReturnOutcome = { readonly ok: true; readonly registered: RegisteredReturn } | { readonly ok: false; readonly refusal: CirculationRefusal };
