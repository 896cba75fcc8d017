import { SIP2_DATE_LENGTH } from './sip2-date';
import { fieldOf, Sip2Message } from './sip2-message';

/** 93 Login: the terminal's credential (CN user id, CO password) and location. */
export interface LoginRequest {
  readonly uidAlgorithm: string;
  readonly pwdAlgorithm: string;
  readonly userId?: string;
  readonly password?: string;
  readonly locationCode?: string;
}

/** 99 SC Status. */
export interface ScStatusRequest {
  readonly statusCode: string;
  readonly maxPrintWidth: string;
  readonly protocolVersion: string;
}

/** What every patron request names. */
export interface PatronAddress {
  readonly transactionDate: string;
  readonly institutionId?: string;
  readonly patronId?: string;
  readonly terminalPassword?: string;
  readonly patronPassword?: string;
}

/** The kinds of item list a 63 summary may ask for, in the order of its positions. */
export const SUMMARY_KINDS = ['hold', 'overdue', 'charged', 'fine', 'recall', 'unavailable'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

/** 63 Patron Information. */
export interface PatronInformationRequest extends PatronAddress {
  readonly language: string;
  /** The item list asked for (the first 'Y' of the summary), if any. */
  readonly summary?: SummaryKind;
  readonly startItem?: number;
  readonly endItem?: number;
}

/** 23 Patron Status. */
export interface PatronStatusRequest extends PatronAddress {
  readonly language: string;
}

/** 37 Fee Paid. */
export interface FeePaidRequest extends PatronAddress {
  readonly feeType: string;
  readonly paymentType: string;
  readonly currency?: string;
  /** BV as sent, e.g. '12.50'. */
  readonly amount?: string;
  readonly feeId?: string;
  readonly transactionId?: string;
}

/** 11 Checkout. */
export interface CheckoutRequest extends PatronAddress {
  readonly scRenewalPolicy: string;
  readonly noBlock: string;
  readonly nbDueDate: string;
  readonly itemId?: string;
  readonly feeAcknowledged?: string;
  readonly cancel?: string;
}

/** 09 Checkin. */
export interface CheckinRequest {
  readonly noBlock: string;
  readonly transactionDate: string;
  readonly returnDate: string;
  readonly currentLocation?: string;
  readonly institutionId?: string;
  readonly itemId?: string;
  readonly terminalPassword?: string;
  readonly cancel?: string;
}

/** 35 End Patron Session. */
export type EndSessionRequest = PatronAddress;

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function patronAddress(message: Sip2Message, transactionDate: string): PatronAddress {
  return defined({
    transactionDate,
    institutionId: fieldOf(message, 'AO'),
    patronId: fieldOf(message, 'AA'),
    terminalPassword: fieldOf(message, 'AC'),
    patronPassword: fieldOf(message, 'AD'),
  });
}

function expect(message: Sip2Message, code: string): string {
  if (message.code !== code) throw new RangeError(`expected message ${code}, got ${message.code}`);
  return message.fixed;
}

function itemNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export function parseLogin(message: Sip2Message): LoginRequest {
  const fixed = expect(message, '93');
  return defined({
    uidAlgorithm: fixed.slice(0, 1),
    pwdAlgorithm: fixed.slice(1, 2),
    userId: fieldOf(message, 'CN'),
    password: fieldOf(message, 'CO'),
    locationCode: fieldOf(message, 'CP'),
  });
}

export function parseScStatus(message: Sip2Message): ScStatusRequest {
  const fixed = expect(message, '99');
  return { statusCode: fixed.slice(0, 1), maxPrintWidth: fixed.slice(1, 4), protocolVersion: fixed.slice(4, 8) };
}

export function parsePatronInformation(message: Sip2Message): PatronInformationRequest {
  const fixed = expect(message, '63');
  const summary = fixed.slice(3 + SIP2_DATE_LENGTH, 3 + SIP2_DATE_LENGTH + 10);
  const position = summary.toUpperCase().indexOf('Y');
  return defined({
    ...patronAddress(message, fixed.slice(3, 3 + SIP2_DATE_LENGTH)),
    language: fixed.slice(0, 3),
    summary: position >= 0 ? SUMMARY_KINDS[position] : undefined,
    startItem: itemNumber(fieldOf(message, 'BP')),
    endItem: itemNumber(fieldOf(message, 'BQ')),
  });
}

export function parsePatronStatus(message: Sip2Message): PatronStatusRequest {
  const fixed = expect(message, '23');
  return { ...patronAddress(message, fixed.slice(3, 3 + SIP2_DATE_LENGTH)), language: fixed.slice(0, 3) };
}

export function parseFeePaid(message: Sip2Message): FeePaidRequest {
  const fixed = expect(message, '37');
  const fixedCurrency = fixed.length >= 25 ? fixed.slice(22, 25) : undefined;
  return defined({
    ...patronAddress(message, fixed.slice(0, SIP2_DATE_LENGTH)),
    feeType: fixed.slice(18, 20),
    paymentType: fixed.slice(20, 22),
    currency: fieldOf(message, 'BH') ?? fixedCurrency,
    amount: fieldOf(message, 'BV'),
    feeId: fieldOf(message, 'CG'),
    transactionId: fieldOf(message, 'BK'),
  });
}

export function parseCheckout(message: Sip2Message): CheckoutRequest {
  const fixed = expect(message, '11');
  return defined({
    ...patronAddress(message, fixed.slice(2, 2 + SIP2_DATE_LENGTH)),
    scRenewalPolicy: fixed.slice(0, 1),
    noBlock: fixed.slice(1, 2),
    nbDueDate: fixed.slice(2 + SIP2_DATE_LENGTH, 2 + 2 * SIP2_DATE_LENGTH),
    itemId: fieldOf(message, 'AB'),
    feeAcknowledged: fieldOf(message, 'BO'),
    cancel: fieldOf(message, 'BI'),
  });
}

export function parseCheckin(message: Sip2Message): CheckinRequest {
  const fixed = expect(message, '09');
  return defined({
    noBlock: fixed.slice(0, 1),
    transactionDate: fixed.slice(1, 1 + SIP2_DATE_LENGTH),
    returnDate: fixed.slice(1 + SIP2_DATE_LENGTH, 1 + 2 * SIP2_DATE_LENGTH),
    currentLocation: fieldOf(message, 'AP'),
    institutionId: fieldOf(message, 'AO'),
    itemId: fieldOf(message, 'AB'),
    terminalPassword: fieldOf(message, 'AC'),
    cancel: fieldOf(message, 'BI'),
  });
}

export function parseEndSession(message: Sip2Message): EndSessionRequest {
  const fixed = expect(message, '35');
  return patronAddress(message, fixed.slice(0, SIP2_DATE_LENGTH));
}

/** Parses a request of a code this gateway serves; undefined for any other code. */
export const REQUEST_PARSERS = {
  '93': parseLogin,
  '99': parseScStatus,
  '63': parsePatronInformation,
  '23': parsePatronStatus,
  '37': parseFeePaid,
  '11': parseCheckout,
  '09': parseCheckin,
  '35': parseEndSession,
} as const;
