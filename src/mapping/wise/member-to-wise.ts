import { ADDRESS_KINDS, CodeList, CONSENT_TYPES, FEE_STATUSES, GENDERS, HOLD_STATUSES, MEMBERSHIP_STATUSES, NOTIFICATION_CHANNELS, toWise } from './wise-codes';
import { fail, isBlank, isObject, JsonObject, put } from './wise-json';
import { WiseAddress, WiseConsent, WiseFee, WiseHold, WiseLoan, WisePatronDocument } from './wise-patron';

/**
 * Canonical fields (a whole member, or the subset a sharing policy released) → a Wise patron
 * document. Only fields of the canonical contract are read; anything else is never written. A field
 * whose value is not of the contract's type (e.g. after a transform Wise cannot take) throws
 * MappingFailed naming it. Blank strings are absent, as wiseToFields reads them.
 */
export function memberToWise(fields: unknown): WisePatronDocument {
  if (!isObject(fields)) return fail('', 'is not an object');
  const out: WisePatronDocument = {};
  put(out, 'patronSystemId', text(fields, 'memberId', 'memberId'));
  put(out, 'cardNumber', text(fields, 'cardNumber', 'cardNumber'));
  put(out, 'libraryId', text(fields, 'libraryId', 'libraryId'));
  const name = object(fields, 'name', 'name');
  if (name !== undefined) {
    put(out, 'firstName', text(name, 'firstNames', 'name.firstNames'));
    put(out, 'initials', text(name, 'initials', 'name.initials'));
    put(out, 'middleName', text(name, 'prefix', 'name.prefix'));
    put(out, 'lastName', text(name, 'lastName', 'name.lastName'));
  }
  put(out, 'dateOfBirth', text(fields, 'birthDate', 'birthDate'));
  put(out, 'gender', code(fields, 'gender', 'gender', GENDERS));
  put(out, 'emailAddress', text(fields, 'email', 'email'));
  put(out, 'phoneNumber', text(fields, 'phone', 'phone'));
  put(out, 'addresses', list(fields, 'addresses', 'addresses', address));
  put(out, 'notificationPreference', code(fields, 'notificationChannel', 'notificationChannel', NOTIFICATION_CHANNELS));
  const membership = object(fields, 'membership', 'membership');
  if (membership !== undefined) {
    out.membership = {};
    put(out.membership, 'subscriptionType', text(membership, 'subscription', 'membership.subscription'));
    put(out.membership, 'status', code(membership, 'status', 'membership.status', MEMBERSHIP_STATUSES));
    put(out.membership, 'endDate', text(membership, 'validUntil', 'membership.validUntil'));
    put(out.membership, 'branchId', text(membership, 'branchId', 'membership.branchId'));
  }
  put(out, 'balance', integer(fields, 'balanceCents', 'balanceCents'));
  const bank = object(fields, 'bankAccount', 'bankAccount');
  if (bank !== undefined) {
    out.bankAccount = {};
    put(out.bankAccount, 'iban', text(bank, 'iban', 'bankAccount.iban'));
    put(out.bankAccount, 'bic', text(bank, 'bic', 'bankAccount.bic'));
    put(out.bankAccount, 'accountHolder', text(bank, 'holder', 'bankAccount.holder'));
  }
  const mandate = object(fields, 'directDebitMandate', 'directDebitMandate');
  if (mandate !== undefined) {
    out.directDebitMandate = {};
    put(out.directDebitMandate, 'mandateId', text(mandate, 'mandateId', 'directDebitMandate.mandateId'));
    put(out.directDebitMandate, 'signatureDate', text(mandate, 'signedOn', 'directDebitMandate.signedOn'));
  }
  put(out, 'interests', list(fields, 'interests', 'interests', (value, at) => (typeof value === 'string' ? value : fail(at, 'is not text'))));
  put(out, 'consents', consents(fields));
  put(out, 'loans', list(fields, 'loans', 'loans', loan));
  put(out, 'holds', list(fields, 'holds', 'holds', hold));
  put(out, 'fees', list(fields, 'fees', 'fees', fee));
  return out;
}

function address(value: unknown, at: string): WiseAddress {
  const source = asObject(value, at);
  const out: WiseAddress = {};
  put(out, 'addressType', code(source, 'kind', `${at}.kind`, ADDRESS_KINDS));
  put(out, 'street', text(source, 'street', `${at}.street`));
  put(out, 'houseNumber', text(source, 'houseNumber', `${at}.houseNumber`));
  put(out, 'houseNumberAddition', text(source, 'houseNumberSuffix', `${at}.houseNumberSuffix`));
  put(out, 'zipCode', text(source, 'postalCode', `${at}.postalCode`));
  put(out, 'city', text(source, 'city', `${at}.city`));
  put(out, 'countryCode', text(source, 'country', `${at}.country`));
  return out;
}

function loan(value: unknown, at: string): WiseLoan {
  const source = asObject(value, at);
  const out: WiseLoan = {};
  put(out, 'itemBarcode', text(source, 'itemId', `${at}.itemId`));
  put(out, 'titleId', text(source, 'recordId', `${at}.recordId`));
  put(out, 'title', text(source, 'title', `${at}.title`));
  put(out, 'author', text(source, 'author', `${at}.author`));
  put(out, 'material', text(source, 'medium', `${at}.medium`));
  put(out, 'branchId', text(source, 'branchId', `${at}.branchId`));
  put(out, 'loanDate', text(source, 'loanedOn', `${at}.loanedOn`));
  put(out, 'dueDate', text(source, 'dueOn', `${at}.dueOn`));
  return out;
}

function hold(value: unknown, at: string): WiseHold {
  const source = asObject(value, at);
  const out: WiseHold = {};
  put(out, 'titleId', text(source, 'recordId', `${at}.recordId`));
  put(out, 'title', text(source, 'title', `${at}.title`));
  put(out, 'holdDate', text(source, 'placedOn', `${at}.placedOn`));
  put(out, 'status', code(source, 'status', `${at}.status`, HOLD_STATUSES));
  put(out, 'pickupBranchId', text(source, 'pickupBranchId', `${at}.pickupBranchId`));
  return out;
}

function fee(value: unknown, at: string): WiseFee {
  const source = asObject(value, at);
  const out: WiseFee = {};
  put(out, 'feeId', text(source, 'feeId', `${at}.feeId`));
  put(out, 'date', text(source, 'on', `${at}.on`));
  put(out, 'description', text(source, 'description', `${at}.description`));
  put(out, 'amount', integer(source, 'amountCents', `${at}.amountCents`));
  put(out, 'status', code(source, 'status', `${at}.status`, FEE_STATUSES));
  return out;
}

function consents(fields: JsonObject): WiseConsent[] | undefined {
  const source = object(fields, 'consents', 'consents');
  if (source === undefined) return undefined;
  const out: WiseConsent[] = [];
  for (const [name, value] of Object.entries(source)) {
    const at = `consents.${name}`;
    const type = toWise(CONSENT_TYPES, name) ?? fail(at, 'is not a consent of the contract');
    const consent = asObject(value, at);
    const granted = consent.granted;
    if (typeof granted !== 'boolean') return fail(`${at}.granted`, 'is not a yes/no value');
    const entry: WiseConsent = { type, granted };
    put(entry, 'date', text(consent, 'on', `${at}.on`));
    out.push(entry);
  }
  return out;
}

function asObject(value: unknown, at: string): JsonObject {
  return isObject(value) ? value : fail(at, 'is not an object');
}

function object(source: JsonObject, key: string, at: string): JsonObject | undefined {
  const value = source[key];
  return value === undefined ? undefined : asObject(value, at);
}

function text(source: JsonObject, key: string, at: string): string | undefined {
  const value = source[key];
  if (value === undefined || isBlank(value)) return undefined;
  return typeof value === 'string' ? value : fail(at, 'is not text');
}

function integer(source: JsonObject, key: string, at: string): number | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(at, 'is not a whole number');
}

function code<C extends string>(source: JsonObject, key: string, at: string, codes: CodeList<C>): string | undefined {
  const value = text(source, key, at);
  return value === undefined ? undefined : (toWise(codes, value) ?? fail(at, 'is not a value of the contract'));
}

function list<T>(source: JsonObject, key: string, at: string, each: (value: unknown, at: string) => T): T[] | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail(at, 'is not a list');
  const items = value.map((item: unknown, i) => each(item, `${at}[${i}]`)).filter((item) => !isBlank(item));
  return items.length === 0 ? undefined : items;
}
