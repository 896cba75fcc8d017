import { MappingFailed } from '../../errors/partner-errors';
import { circulationRefusalOf, loanOutcomeOf, returnOutcomeOf, wiseReturnBody } from './wise-circulation';

describe('Wise circulation answers, read liberally', () => {
  it('finds the lent item among the loans, whatever Wise calls its fields and however it writes dates', () => {
    const answer = { reference: 'L-1', loans: [{ itemBarcode: 'OTHER' }, { barcode: 'X1', title: 'Tirza', loanedOn: '2026-11-25T10:02:00+01:00', returnDate: '16-12-2026' }] };
    expect(loanOutcomeOf(answer, 'X1')).toEqual({ ok: true, loan: { itemId: 'X1', title: 'Tirza', loanedOn: '2026-11-25', dueOn: '2026-12-16', partnerReference: 'L-1' } });
    expect(loanOutcomeOf({ loans: [{ itemId: 'X1' }] }, 'X1')).toEqual({ ok: true, loan: { itemId: 'X1' } });
  });

  it('refuses an answer that does not hold the item, or holds a date that is none', () => {
    expect(() => loanOutcomeOf({ loans: [{ itemBarcode: 'OTHER' }] }, 'X1')).toThrow(MappingFailed);
    expect(() => loanOutcomeOf({}, 'X1')).toThrow(MappingFailed);
    expect(() => loanOutcomeOf({ loans: [{ itemBarcode: 'X1', dueDate: '31-02-2026' }] }, 'X1')).toThrow(/loans\[\]\.dueOn/);
  });

  it('reads a return as item data only: the borrower in the answer is never read', () => {
    const answer = { itemBarcode: 'X1', title: 'Tirza', branchId: 'STA-HOOFD', wasOnLoan: true, reserved: 'Y', patron: { cardNumber: '22601000100694', lastName: 'Prins' } };
    const outcome = returnOutcomeOf(answer, 'X1');
    expect(outcome).toEqual({ ok: true, registered: { itemId: 'X1', title: 'Tirza', permanentLocation: 'STA-HOOFD', wasOnLoan: true, holdWaiting: true } });
    expect(JSON.stringify(outcome)).not.toMatch(/Prins|22601000100694/);
    expect(returnOutcomeOf({}, 'X1')).toEqual({ ok: true, registered: { itemId: 'X1', wasOnLoan: true, holdWaiting: false } });
    expect(() => returnOutcomeOf({ itemBarcode: 'X2' }, 'X1')).toThrow(MappingFailed);
  });

  it('tells a refusal from a patron Wise does not know', () => {
    expect(circulationRefusalOf(403, { message: 'patron is blocked' })).toBe('patron-blocked');
    expect(circulationRefusalOf(422, { code: 'PATRON_BLOCKED' })).toBe('patron-blocked');
    expect(circulationRefusalOf(404, { code: 'ITEM_NOT_FOUND' })).toBe('item-unknown');
    expect(circulationRefusalOf(404, { message: 'Exemplaar niet gevonden' })).toBe('item-unknown');
    expect(circulationRefusalOf(404, { message: 'patron not found' })).toBeUndefined();
    expect(circulationRefusalOf(404, undefined)).toBeUndefined();
    expect(circulationRefusalOf(409, {})).toBe('item-unavailable');
    expect(circulationRefusalOf(422, { message: 'loan limit reached' })).toBe('refused');
  });

  it('sends a return as the barcode alone', () => {
    expect(wiseReturnBody('X1')).toBe('{"itemBarcode":"X1"}');
  });
});
