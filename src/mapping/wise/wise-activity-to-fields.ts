import { FEE_STATUSES, HOLD_STATUSES } from './wise-codes';
import { asList, Fields, objectsOf, readCode, readDate, readInteger, readText, set } from './wise-json';

/** Loans as GET /patron/{pid}/library/{libraryId}/loans serves them. */
export function loansToFields(value: unknown, path = 'loans'): Fields[] {
  return objectsOf(asList(value, path, ['loans']), path).map((loan, i) => {
    const at = `${path}[${i}]`;
    const out: Fields = {};
    set(out, 'itemId', readText(loan, ['itemBarcode', 'itemId', 'barcode', 'itemNumber'], `${at}.itemId`));
    set(out, 'recordId', readText(loan, ['titleId', 'recordId', 'ppn', 'titleNumber'], `${at}.recordId`));
    set(out, 'title', readText(loan, ['title'], `${at}.title`));
    set(out, 'author', readText(loan, ['author', 'creator'], `${at}.author`));
    set(out, 'medium', readText(loan, ['material', 'medium', 'materialType', 'format'], `${at}.medium`));
    set(out, 'branchId', readText(loan, ['branchId', 'branch', 'loanBranch'], `${at}.branchId`));
    set(out, 'loanedOn', readDate(loan, ['loanDate', 'loanedOn', 'checkoutDate', 'startDate'], `${at}.loanedOn`));
    set(out, 'dueOn', readDate(loan, ['dueDate', 'dueOn', 'returnDate'], `${at}.dueOn`));
    return out;
  });
}

/** Holds (reservations) as GET /patron/{pid}/library/{libraryId}/holds serves them. */
export function holdsToFields(value: unknown, path = 'holds'): Fields[] {
  return objectsOf(asList(value, path, ['holds', 'reservations']), path).map((hold, i) => {
    const at = `${path}[${i}]`;
    const out: Fields = {};
    set(out, 'recordId', readText(hold, ['titleId', 'recordId', 'ppn', 'titleNumber'], `${at}.recordId`));
    set(out, 'title', readText(hold, ['title'], `${at}.title`));
    set(out, 'placedOn', readDate(hold, ['holdDate', 'placedOn', 'reservationDate', 'createdDate'], `${at}.placedOn`));
    set(out, 'status', readCode(hold, ['status', 'holdStatus'], `${at}.status`, HOLD_STATUSES));
    set(out, 'pickupBranchId', readText(hold, ['pickupBranchId', 'pickupBranch', 'pickupLocation'], `${at}.pickupBranchId`));
    return out;
  });
}

/** Fees as GET /patron/{pid}/library/{libraryId}/fees serves them, amounts in euro cents. */
export function feesToFields(value: unknown, path = 'fees'): Fields[] {
  return objectsOf(asList(value, path, ['fees']), path).map((fee, i) => {
    const at = `${path}[${i}]`;
    const out: Fields = {};
    set(out, 'feeId', readText(fee, ['feeId', 'id', 'transactionId'], `${at}.feeId`));
    set(out, 'on', readDate(fee, ['date', 'on', 'feeDate', 'createdDate'], `${at}.on`));
    set(out, 'description', readText(fee, ['description', 'reason'], `${at}.description`));
    set(out, 'amountCents', readInteger(fee, ['amount', 'amountInCents', 'amountCents'], `${at}.amountCents`));
    set(out, 'status', readCode(fee, ['status', 'feeStatus'], `${at}.status`, FEE_STATUSES));
    return out;
  });
}
