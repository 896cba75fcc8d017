import fc from 'fast-check';
import { ILL_CLOSED_STATES, ILL_REQUEST_STATES, IllEvent, IllRequestState, isClosed, isOnLoan, nextState } from '../../src/mapping/iso18626/iso18626-state';
import { ACTIONS, STATUSES } from '../../src/mapping/iso18626/iso18626-types';

function run(events: readonly IllEvent[], from: IllRequestState = 'Requested'): IllRequestState {
  let state = from;
  for (const event of events) {
    const next = nextState(state, event);
    if (!next.ok) throw new Error(`${event.by === 'supplier' ? event.status : event.action} refused in ${state}: ${next.reason}`);
    state = next.state;
  }
  return state;
}

const supplier = (status: (typeof STATUSES)[number]): IllEvent => ({ by: 'supplier', status });
const we = (action: (typeof ACTIONS)[number]): IllEvent => ({ by: 'requester', action });

describe('the interlibrary loan as the requesting agency sees it', () => {
  it('follows a loan from request to LoanCompleted: Loaned, our Received and ShippedReturn, then the supplier closes', () => {
    const steps: Array<[IllEvent, IllRequestState]> = [
      [supplier('ExpectToSupply'), 'ExpectToSupply'],
      [supplier('WillSupply'), 'WillSupply'],
      [supplier('Loaned'), 'Loaned'],
      [we('Received'), 'Received'],
      [we('ShippedReturn'), 'ShippedReturn'],
      [supplier('LoanCompleted'), 'LoanCompleted'],
    ];
    let state: IllRequestState = 'Requested';
    for (const [event, expected] of steps) {
      const next = nextState(state, event);
      expect(next).toEqual({ ok: true, state: expected, changed: true });
      state = next.state;
    }
    expect(isClosed(state)).toBe(true);
  });

  it('ends a request the supplier cannot fill, and a cancelled one', () => {
    expect(run([supplier('ExpectToSupply'), supplier('Unfilled')])).toBe('Unfilled');
    expect(run([supplier('RequestReceived'), we('Cancel'), supplier('Cancelled')])).toBe('Cancelled');
    // The supplier refuses the cancel and ships anyway.
    expect(run([we('Cancel'), supplier('Loaned'), we('Received')])).toBe('Received');
  });

  it('handles overdue, recall and renewal while on loan', () => {
    expect(run([supplier('Loaned'), we('Received'), we('Renew'), supplier('Loaned')])).toBe('Received');
    expect(run([supplier('Loaned'), we('Received'), supplier('Overdue'), we('ShippedReturn'), supplier('LoanCompleted')])).toBe('LoanCompleted');
    expect(run([supplier('Loaned'), supplier('Recalled'), we('Received'), we('ShippedReturn')])).toBe('ShippedReturn');
    // An Overdue crossing our ShippedReturn does not undo it.
    expect(nextState('ShippedReturn', supplier('Overdue'))).toEqual({ ok: true, state: 'ShippedReturn', changed: false });
    expect(nextState('Recalled', we('Renew'))).toMatchObject({ ok: false, reason: 'not-now' });
  });

  it('refuses what does not fit: ShippedReturn before Received, Received before Loaned, Cancel on loan, LoanCompleted before the loan', () => {
    expect(nextState('Loaned', we('ShippedReturn'))).toEqual({ ok: false, state: 'Loaned', reason: 'not-now' });
    expect(nextState('WillSupply', we('Received'))).toEqual({ ok: false, state: 'WillSupply', reason: 'not-now' });
    expect(nextState('Loaned', we('Cancel'))).toMatchObject({ ok: false, reason: 'not-now' });
    expect(nextState('Requested', supplier('LoanCompleted'))).toMatchObject({ ok: false, reason: 'not-now' });
    expect(nextState('ExpectToSupply', supplier('Cancelled'))).toMatchObject({ ok: false, reason: 'not-now' });
    expect(nextState('Received', we('ShippedForward'))).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(nextState('Received', supplier('HoldReturn'))).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('changes nothing after the loan is closed, but answers status requests and repeats', () => {
    for (const state of ILL_CLOSED_STATES) {
      expect(nextState(state, supplier('Loaned'))).toMatchObject({ ok: false, state, reason: 'closed' });
      expect(nextState(state, we('Cancel'))).toEqual({ ok: false, state, reason: 'closed' });
      expect(nextState(state, we('StatusRequest'))).toEqual({ ok: true, state, changed: false });
    }
    expect(nextState('LoanCompleted', supplier('LoanCompleted'))).toEqual({ ok: true, state: 'LoanCompleted', changed: false });
  });

  it('never leaves a closed state and never reaches an unknown one, for any sequence of events (property)', () => {
    const event = fc.oneof(fc.constantFrom(...STATUSES).map(supplier), fc.constantFrom(...ACTIONS).map(we));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        let state: IllRequestState = 'Requested';
        for (const e of events) {
          const next = nextState(state, e);
          expect(ILL_REQUEST_STATES).toContain(next.state);
          if (isClosed(state)) expect(next.state).toBe(state);
          if (!next.ok) expect(next.state).toBe(state);
          state = next.state;
        }
      }),
    );
    expect(isOnLoan('Received')).toBe(true);
    expect(isOnLoan('WillSupply')).toBe(false);
  });
});
