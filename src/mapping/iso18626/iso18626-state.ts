import { Iso18626Action, Iso18626Status } from './iso18626-types';

/**
 * An interlibrary loan as the requesting agency (the gateway, for Staphorst) sees it. The state is the
 * supplier's last status, or what our own last action made it: `Requested` (sent, confirmed), `CancelPending`
 * (we asked to cancel), `Received` (the item reached us), `ShippedReturn` (we sent it back).
 *
 * A typical loan: Requested → ExpectToSupply → WillSupply → Loaned → (our Received) Received →
 * (our ShippedReturn) ShippedReturn → (supplier) LoanCompleted.
 */
export type IllRequestState =
  | 'Requested'
  | 'RequestReceived'
  | 'ExpectToSupply'
  | 'WillSupply'
  | 'RetryPossible'
  | 'CancelPending'
  | 'Loaned'
  | 'Received'
  | 'Overdue'
  | 'Recalled'
  | 'ShippedReturn'
  | 'Unfilled'
  | 'Cancelled'
  | 'CopyCompleted'
  | 'LoanCompleted'
  | 'CompletedWithoutReturn';

export const ILL_REQUEST_STATES: readonly IllRequestState[] = [
  'Requested',
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'RetryPossible',
  'CancelPending',
  'Loaned',
  'Received',
  'Overdue',
  'Recalled',
  'ShippedReturn',
  'Unfilled',
  'Cancelled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
];

/** A SupplyingAgencyMessage's status arrived, or we send a RequestingAgencyMessage with this action. */
export type IllEvent = { readonly by: 'supplier'; readonly status: Iso18626Status } | { readonly by: 'requester'; readonly action: Iso18626Action };

export type IllRefusalReason = 'closed' | 'not-now' | 'unsupported';

export type IllTransition =
  | { readonly ok: true; readonly state: IllRequestState; readonly changed: boolean }
  | { readonly ok: false; readonly state: IllRequestState; readonly reason: IllRefusalReason };

/** The loan is over: nothing changes it any more (a StatusRequest or Notification may still be sent). */
export const ILL_CLOSED_STATES: readonly IllRequestState[] = ['Unfilled', 'Cancelled', 'CopyCompleted', 'LoanCompleted', 'CompletedWithoutReturn'];

const BEFORE_LOAN: readonly IllRequestState[] = ['Requested', 'RequestReceived', 'ExpectToSupply', 'WillSupply', 'RetryPossible'];
const ON_LOAN: readonly IllRequestState[] = ['Loaned', 'Received', 'Overdue', 'Recalled'];

/** The supplier statuses that may follow each state (a repeat of the current status is always allowed). */
const SUPPLIER: Readonly<Record<IllRequestState, readonly Iso18626Status[]>> = {
  Requested: ['RequestReceived', 'ExpectToSupply', 'WillSupply', 'RetryPossible', 'Loaned', 'Unfilled', 'CopyCompleted'],
  RequestReceived: ['ExpectToSupply', 'WillSupply', 'RetryPossible', 'Loaned', 'Unfilled', 'CopyCompleted'],
  ExpectToSupply: ['WillSupply', 'RetryPossible', 'Loaned', 'Unfilled', 'CopyCompleted'],
  WillSupply: ['ExpectToSupply', 'Loaned', 'Unfilled', 'CopyCompleted'],
  RetryPossible: ['ExpectToSupply', 'WillSupply', 'Loaned', 'Unfilled', 'CopyCompleted'],
  // The supplier agrees (Cancelled) or refuses and says where the loan stands.
  CancelPending: ['Cancelled', 'RequestReceived', 'ExpectToSupply', 'WillSupply', 'RetryPossible', 'Loaned', 'Unfilled', 'CopyCompleted'],
  Loaned: ['Overdue', 'Recalled', 'CompletedWithoutReturn', 'LoanCompleted'],
  Received: ['Loaned', 'Overdue', 'Recalled', 'CompletedWithoutReturn'],
  Overdue: ['Loaned', 'Recalled', 'CompletedWithoutReturn'],
  Recalled: ['Overdue', 'CompletedWithoutReturn'],
  ShippedReturn: ['LoanCompleted', 'Overdue', 'Recalled', 'CompletedWithoutReturn'],
  Unfilled: [],
  Cancelled: [],
  CopyCompleted: [],
  LoanCompleted: [],
  CompletedWithoutReturn: [],
};

/** Our actions allowed in each state, and the state they lead to (undefined: unchanged). */
const REQUESTER: Readonly<Record<IllRequestState, Partial<Record<Iso18626Action, IllRequestState | 'same'>>>> = Object.fromEntries(
  ILL_REQUEST_STATES.map((state) => {
    const actions: Partial<Record<Iso18626Action, IllRequestState | 'same'>> = { StatusRequest: 'same', Notification: 'same' };
    if (BEFORE_LOAN.includes(state)) actions.Cancel = 'CancelPending';
    if (state === 'Loaned' || state === 'Overdue' || state === 'Recalled') actions.Received = 'Received';
    if (state === 'Received' || state === 'Overdue' || state === 'Recalled') actions.ShippedReturn = 'ShippedReturn';
    if (state === 'Loaned' || state === 'Received' || state === 'Overdue') actions.Renew = 'same';
    return [state, actions];
  }),
) as Record<IllRequestState, Partial<Record<Iso18626Action, IllRequestState | 'same'>>>;

/**
 * The state after an event, or a refusal: `closed` when the loan is over, `not-now` when the event does
 * not fit the state, `unsupported` for what the gateway does not do (ShippedForward, HoldReturn, Lost, and
 * the 2021-2 hold statuses). A supplier repeating the current status (a Notification, a renewal answer)
 * leaves the state as it is. While we ship the item back, an Overdue or Recalled that crossed our message
 * does not undo ShippedReturn.
 */
export function nextState(state: IllRequestState, event: IllEvent): IllTransition {
  const closed = ILL_CLOSED_STATES.includes(state);
  if (event.by === 'requester') {
    const target = REQUESTER[state][event.action];
    if (target === undefined) {
      if (event.action === 'ShippedForward' || event.action === 'HoldReturn' || event.action === 'Lost') return { ok: false, state, reason: 'unsupported' };
      return { ok: false, state, reason: closed ? 'closed' : 'not-now' };
    }
    return target === 'same' ? { ok: true, state, changed: false } : { ok: true, state: target, changed: target !== state };
  }
  if (event.status === 'HoldReturn' || event.status === 'ReleaseHoldReturn') return { ok: false, state, reason: 'unsupported' };
  if (event.status === state) return { ok: true, state, changed: false };
  if (!SUPPLIER[state].includes(event.status)) return { ok: false, state, reason: closed ? 'closed' : 'not-now' };
  if (state === 'ShippedReturn' && (event.status === 'Overdue' || event.status === 'Recalled')) return { ok: true, state, changed: false };
  if (state === 'Received' && event.status === 'Loaned') return { ok: true, state, changed: false };
  const next = event.status as IllRequestState;
  return { ok: true, state: next, changed: true };
}

/** True when the loan is over. */
export function isClosed(state: IllRequestState): boolean {
  return ILL_CLOSED_STATES.includes(state);
}

/** True while the item is (or may be) with the requesting library. */
export function isOnLoan(state: IllRequestState): boolean {
  return ON_LOAN.includes(state) || state === 'ShippedReturn';
}
