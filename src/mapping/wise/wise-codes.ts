import { Address, ConsentName, Hold, Member, Membership, Fee } from '../../domain/member';

/**
 * Code lists of the lending system and the canonical values they stand for. `wise` is the code the
 * gateway writes; `aliases` are other spellings it accepts (upper-cased, spaces and dashes as '_').
 * A code outside the list reads as absent: the field is optional, and an unknown code is no reason
 * to refuse a whole member.
 */
export interface CodeList<C extends string> {
  readonly wise: Readonly<Record<C, string>>;
  readonly aliases: Readonly<Record<string, C>>;
}

function codeList<C extends string>(wise: Readonly<Record<C, string>>, aliases: Readonly<Record<string, C>>): CodeList<C> {
  return { wise, aliases };
}

export const GENDERS = codeList<NonNullable<Member['gender']>>(
  { M: 'M', V: 'V', X: 'X' },
  { MALE: 'M', MAN: 'M', F: 'V', FEMALE: 'V', VROUW: 'V', W: 'V', O: 'X', OTHER: 'X', ANDERS: 'X', DIVERSE: 'X', NB: 'X', NON_BINARY: 'X' },
);

export const NOTIFICATION_CHANNELS = codeList<NonNullable<Member['notificationChannel']>>(
  { email: 'EMAIL', sms: 'SMS', post: 'POST' },
  { E_MAIL: 'email', MAIL: 'email', TEXT: 'sms', TEXT_MESSAGE: 'sms', LETTER: 'post', BRIEF: 'post', PAPER: 'post' },
);

export const MEMBERSHIP_STATUSES = codeList<NonNullable<Membership['status']>>(
  { active: 'ACTIVE', blocked: 'BLOCKED', cancelled: 'CANCELLED' },
  { ACTIEF: 'active', VALID: 'active', GEBLOKKEERD: 'blocked', SUSPENDED: 'blocked', CANCELED: 'cancelled', BEEINDIGD: 'cancelled', TERMINATED: 'cancelled', ENDED: 'cancelled' },
);

export const HOLD_STATUSES = codeList<NonNullable<Hold['status']>>(
  { active: 'ACTIVE', 'in-transport': 'IN_TRANSIT', ready: 'AVAILABLE', loaned: 'LOANED', cancelled: 'CANCELLED' },
  { OPEN: 'active', WAITING: 'active', IN_TRANSPORT: 'in-transport', TRANSIT: 'in-transport', READY: 'ready', READY_FOR_PICKUP: 'ready', PICKUP: 'ready', CHECKED_OUT: 'loaned', CANCELED: 'cancelled', EXPIRED: 'cancelled' },
);

export const FEE_STATUSES = codeList<NonNullable<Fee['status']>>(
  { open: 'OPEN', paid: 'PAID', waived: 'WAIVED' },
  { UNPAID: 'open', OUTSTANDING: 'open', DUE: 'open', SETTLED: 'paid', BETAALD: 'paid', REMITTED: 'waived', CANCELLED: 'waived', KWIJTGESCHOLDEN: 'waived' },
);

export const ADDRESS_KINDS = codeList<Address['kind']>(
  { home: 'HOME', postal: 'POSTAL' },
  { WOON: 'home', WOONADRES: 'home', RESIDENTIAL: 'home', PRIMARY: 'home', POST: 'postal', POSTADRES: 'postal', CORRESPONDENCE: 'postal', MAILING: 'postal' },
);

export const CONSENT_TYPES = codeList<ConsentName>(
  { directDebit: 'DIRECT_DEBIT', newsletter: 'NEWSLETTER', researchPanel: 'RESEARCH_PANEL', loanHistory: 'LOAN_HISTORY' },
  { INCASSO: 'directDebit', AUTOMATIC_COLLECTION: 'directDebit', NIEUWSBRIEF: 'newsletter', BIEBPANEL: 'researchPanel', PANEL: 'researchPanel', LEENGESCHIEDENIS: 'loanHistory', HISTORY: 'loanHistory' },
);

const COUNTRIES: Readonly<Record<string, string>> = { NLD: 'NL', NEDERLAND: 'NL', NETHERLANDS: 'NL', BEL: 'BE', BELGIE: 'BE', BELGIUM: 'BE', DEU: 'DE', DUITSLAND: 'DE', GERMANY: 'DE' };

function key(code: string): string {
  return code
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

/** The canonical value of a Wise code, or undefined for a code outside the list. */
export function fromWise<C extends string>(list: CodeList<C>, code: string): C | undefined {
  const wanted = key(code);
  for (const [canonical, wise] of Object.entries(list.wise) as [C, string][]) {
    if (wise === wanted || key(canonical) === wanted) return canonical;
  }
  return list.aliases[wanted];
}

/** The Wise code of a canonical value, or undefined when the value is not one of the list's. */
export function toWise<C extends string>(list: CodeList<C>, value: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(list.wise, value) ? list.wise[value as C] : undefined;
}

/** 'NL', 'nl', 'NLD' and 'Nederland' all as 'NL'; undefined when it is no country code. */
export function countryFromWise(code: string): string | undefined {
  const wanted = key(code);
  if (/^[A-Z]{2}$/.test(wanted)) return wanted;
  return COUNTRIES[wanted];
}
