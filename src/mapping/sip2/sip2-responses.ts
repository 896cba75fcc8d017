import { Sip2Outgoing } from './sip2-message';
import { Sip2Patron } from './sip2-patron';
import { SummaryKind } from './sip2-requests';

/**
 * Builders of the ACS -> SC messages the gateway sends. Each returns the parts; `encodeSip2` adds
 * AY/AZ and the terminator. Patron data comes only from a {@link Sip2Patron} (released fields).
 */

const yn = (value: boolean): string => (value ? 'Y' : 'N');
const count = (value: number | undefined): string => (value === undefined ? '    ' : String(Math.min(value, 9999)).padStart(4, '0'));

/** The variable field of each item list. */
const ITEM_FIELD: Readonly<Record<SummaryKind, string>> = { hold: 'AS', overdue: 'AT', charged: 'AU', fine: 'AV', recall: 'BU', unavailable: 'CD' };

/** The 16 positions of BX (supported messages), in the order of the standard. */
export const SUPPORTED_MESSAGE_ORDER = ['23', '11', '09', '01', '99', '97', '93', '63', '35', '37', '17', '19', '25', '15', '29', '65'] as const;

export function supportedMessages(codes: ReadonlySet<string>): string {
  return SUPPORTED_MESSAGE_ORDER.map((code) => yn(codes.has(code))).join('');
}

export interface Screen {
  /** AF: shown to the patron or staff. */
  readonly screenMessage?: string;
  /** AG: printed. */
  readonly printLine?: string;
}

const screen = (s: Screen): Array<readonly [string, string | undefined]> => [['AF', s.screenMessage], ['AG', s.printLine]];

/** 94 Login Response. */
export function loginResponse(ok: boolean): Sip2Outgoing {
  return { code: '94', fixed: [ok ? '1' : '0'], fields: [] };
}

/** 96 Request SC Resend: the last message arrived damaged (its checksum did not match). */
export function requestScResend(): Sip2Outgoing {
  return { code: '96', fixed: [], fields: [] };
}

export interface AcsStatus extends Screen {
  readonly online: boolean;
  readonly checkinOk: boolean;
  readonly checkoutOk: boolean;
  readonly renewalPolicy: boolean;
  readonly statusUpdateOk: boolean;
  readonly offlineOk: boolean;
  /** Seconds, three digits ('000' = no timeout). */
  readonly timeoutPeriod: string;
  readonly retriesAllowed: string;
  readonly dateTime: string;
  readonly institutionId: string;
  readonly libraryName?: string;
  readonly supported: ReadonlySet<string>;
  readonly terminalLocation?: string;
}

/** 98 ACS Status. */
export function acsStatus(s: AcsStatus): Sip2Outgoing {
  return {
    code: '98',
    fixed: [yn(s.online), yn(s.checkinOk), yn(s.checkoutOk), yn(s.renewalPolicy), yn(s.statusUpdateOk), yn(s.offlineOk), s.timeoutPeriod, s.retriesAllowed, s.dateTime, '2.00'],
    fields: [['AO', s.institutionId], ['AM', s.libraryName], ['BX', supportedMessages(s.supported)], ['AN', s.terminalLocation], ...screen(s)],
  };
}

export interface PatronAnswer extends Screen {
  readonly language: string;
  readonly transactionDate: string;
  readonly institutionId: string;
  /** AA: the card the terminal asked about (its own input, echoed). */
  readonly patronId: string;
  /** Undefined when the patron is unknown (nothing but BL N is said) or the PIN did not pass. */
  readonly patron?: Sip2Patron;
  /** CQ, when the terminal sent a PIN (AD): whether the lending system accepted it. A wrong PIN says BL Y, CQ N and nothing else. */
  readonly passwordValid?: boolean;
}

function patronFields(a: PatronAnswer): Array<readonly [string, string | undefined]> {
  const patron = a.patron;
  return [
    ['AE', patron?.personalName],
    ['BL', yn(patron !== undefined || a.passwordValid === false)],
    ['CQ', a.passwordValid === undefined ? undefined : yn(a.passwordValid)],
    ['BH', patron?.feeAmount === undefined ? undefined : 'EUR'],
    ['BV', patron?.feeAmount],
  ];
}

function contactFields(patron: Sip2Patron | undefined): Array<readonly [string, string | undefined]> {
  return [['BD', patron?.homeAddress], ['BE', patron?.email], ['BF', patron?.phone], ['PB', patron?.birthDate]];
}

const BLANK_STATUS = ' '.repeat(14);
const UNKNOWN_STATUS = 'YYYY          ';

/** 24 Patron Status Response. */
export function patronStatusResponse(a: PatronAnswer): Sip2Outgoing {
  return {
    code: '24',
    fixed: [a.patron === undefined ? UNKNOWN_STATUS : a.patron.status || BLANK_STATUS, a.language, a.transactionDate],
    fields: [['AO', a.institutionId], ['AA', a.patronId], ...patronFields(a), ...screen(a)],
  };
}

export interface PatronInformationAnswer extends PatronAnswer {
  readonly summary?: SummaryKind;
  readonly startItem?: number;
  readonly endItem?: number;
}

/** 64 Patron Information Response: counts and the one item list the summary asked for, as far as released. */
export function patronInformationResponse(a: PatronInformationAnswer): Sip2Outgoing {
  const p = a.patron;
  const c = p?.counts;
  const list = a.summary === undefined ? undefined : p?.items[a.summary];
  const start = Math.max(1, a.startItem ?? 1);
  const end = Math.max(start, a.endItem ?? (list?.length ?? 0));
  const items = list === undefined || a.summary === undefined ? [] : list.slice(start - 1, end).map((item) => [ITEM_FIELD[a.summary as SummaryKind], item] as const);
  return {
    code: '64',
    fixed: [
      p === undefined ? UNKNOWN_STATUS : p.status,
      a.language,
      a.transactionDate,
      count(c?.hold),
      count(c?.overdue),
      count(c?.charged),
      count(c?.fine),
      count(c?.recall),
      count(c?.unavailable),
    ],
    fields: [['AO', a.institutionId], ['AA', a.patronId], ...patronFields(a), ...items, ...contactFields(p), ...screen(a)],
  };
}

export interface FeePaidAnswer extends Screen {
  readonly accepted: boolean;
  readonly transactionDate: string;
  readonly institutionId: string;
  readonly patronId: string;
  readonly transactionId?: string;
}

/** 38 Fee Paid Response. */
export function feePaidResponse(a: FeePaidAnswer): Sip2Outgoing {
  return {
    code: '38',
    fixed: [yn(a.accepted), a.transactionDate],
    fields: [['AO', a.institutionId], ['AA', a.patronId], ['BK', a.transactionId], ...screen(a)],
  };
}

export interface CheckoutAnswer extends Screen {
  readonly ok: boolean;
  readonly renewalOk: boolean;
  readonly transactionDate: string;
  readonly institutionId: string;
  readonly patronId: string;
  readonly itemId: string;
  /** AJ and AH are required in a 12; empty when there is no loan. */
  readonly title?: string;
  readonly dueDate?: string;
}

/** 12 Checkout Response. */
export function checkoutResponse(a: CheckoutAnswer): Sip2Outgoing {
  return {
    code: '12',
    fixed: [a.ok ? '1' : '0', yn(a.renewalOk), 'U', a.ok ? 'Y' : 'N', a.transactionDate],
    fields: [['AO', a.institutionId], ['AA', a.patronId], ['AB', a.itemId], ['AJ', a.title ?? ''], ['AH', a.dueDate ?? ''], ...screen(a)],
  };
}

export interface CheckinAnswer extends Screen {
  readonly ok: boolean;
  readonly transactionDate: string;
  readonly institutionId: string;
  readonly itemId: string;
  /** AQ is required in a 10; empty when unknown. */
  readonly permanentLocation?: string;
  /** AJ: the item's title (item data; a 10 never names the patron who had the item). */
  readonly title?: string;
  readonly alert?: boolean;
  /** CV: '01' hold for this library, '02' hold for another branch, '04' send to another branch, '99' other. */
  readonly alertType?: string;
}

/** 10 Checkin Response. */
export function checkinResponse(a: CheckinAnswer): Sip2Outgoing {
  return {
    code: '10',
    fixed: [a.ok ? '1' : '0', a.ok ? 'Y' : 'N', 'U', yn(a.alert ?? !a.ok), a.transactionDate],
    fields: [['AO', a.institutionId], ['AB', a.itemId], ['AQ', a.permanentLocation ?? ''], ['AJ', a.title], ['CV', a.alertType], ...screen(a)],
  };
}

export interface EndSessionAnswer extends Screen {
  readonly ended: boolean;
  readonly transactionDate: string;
  readonly institutionId: string;
  readonly patronId: string;
}

/** 36 End Session Response. */
export function endSessionResponse(a: EndSessionAnswer): Sip2Outgoing {
  return { code: '36', fixed: [yn(a.ended), a.transactionDate], fields: [['AO', a.institutionId], ['AA', a.patronId], ...screen(a)] };
}
