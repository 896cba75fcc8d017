import { CirculationRefusal, LoanOutcome, ReturnOutcome } from '../circulation-outcome';
import { asList, fail, isObject, JsonObject, objectsOf, readBoolean, readDate, readText, readToken } from './wise-json';

/** How Wise names an item in a return and in its answers. */
const BARCODE_KEYS = ['itemBarcode', 'itemId', 'barcode', 'itemNumber'];

/** A return names the item only: the body of POST /library/{libraryId}/checkin. */
export function wiseReturnBody(itemId: string): string {
  return JSON.stringify({ itemBarcode: itemId });
}

/**
 * Why Wise refused a loan or a return, from its status and error code: 403 a blocked patron, 404 with
 * ITEM_NOT_FOUND (or a message about the item) an unknown copy, 409 a copy on loan to someone else.
 * Undefined for a 404 that is about the patron: the caller's "member not found".
 */
export function circulationRefusalOf(status: number, data: unknown): CirculationRefusal | undefined {
  const answer: JsonObject = isObject(data) ? data : {};
  const code = (readToken(answer, ['code', 'errorCode'], 'code') ?? '').toUpperCase();
  const message = (readText(answer, ['message', 'reason', 'errorMessage'], 'message') ?? '').toLowerCase();
  if (status === 403 || code.includes('BLOCK')) return 'patron-blocked';
  if (status === 404) return code.startsWith('ITEM') || message.includes('item') || message.includes('exemplaar') ? 'item-unknown' : undefined;
  if (status === 409 || code === 'ITEM_NOT_AVAILABLE') return 'item-unavailable';
  return 'refused';
}

/** The answer to a loan (201 with the loans registered) → the loan of the item asked for. */
export function loanOutcomeOf(data: unknown, itemId: string): LoanOutcome {
  const answer: JsonObject = isObject(data) ? data : {};
  const loans = objectsOf(asList(answer.loans ?? [], 'loans'), 'loans');
  const loan = loans.find((candidate) => readText(candidate, BARCODE_KEYS, 'loans[].itemId') === itemId);
  if (loan === undefined) return fail('loans', 'in the answer do not hold the item that was lent');
  const title = readText(loan, ['title'], 'loans[].title');
  const loanedOn = readDate(loan, ['loanDate', 'loanedOn', 'checkoutDate', 'startDate'], 'loans[].loanedOn');
  const dueOn = readDate(loan, ['dueDate', 'dueOn', 'returnDate'], 'loans[].dueOn');
  const reference = readText(answer, ['reference'], 'reference');
  return {
    ok: true,
    loan: {
      itemId,
      ...(title !== undefined ? { title } : {}),
      ...(loanedOn !== undefined ? { loanedOn } : {}),
      ...(dueOn !== undefined ? { dueOn } : {}),
      ...(reference !== undefined ? { partnerReference: reference } : {}),
    },
  };
}

/** The answer to a return → the item's title, whether it was on loan, whether a hold waits; the patron is never read. */
export function returnOutcomeOf(data: unknown, itemId: string): ReturnOutcome {
  const answer: JsonObject = isObject(data) ? data : {};
  const named = readText(answer, BARCODE_KEYS, 'itemId');
  if (named !== undefined && named !== itemId) return fail('itemId', 'in the answer is not the item that was returned');
  const title = readText(answer, ['title'], 'title');
  const location = readText(answer, ['permanentLocation', 'location', 'branchId'], 'permanentLocation');
  const reference = readText(answer, ['reference'], 'reference');
  return {
    ok: true,
    registered: {
      itemId,
      wasOnLoan: readBoolean(answer, ['wasOnLoan', 'onLoan'], 'wasOnLoan') ?? true,
      holdWaiting: readBoolean(answer, ['holdWaiting', 'reserved', 'onHold'], 'holdWaiting') ?? false,
      ...(title !== undefined ? { title } : {}),
      ...(location !== undefined ? { permanentLocation: location } : {}),
      ...(reference !== undefined ? { partnerReference: reference } : {}),
    },
  };
}
