import { SummaryKind } from './sip2-requests';

/** The released fields of a member (the policy's output), as the SIP2 mapping reads them. */
export type ReleasedMemberFields = Readonly<Record<string, unknown>>;

/**
 * What a SIP2 patron response may say about a member, taken from the released fields only: every
 * property is absent when the policy withheld what it is made of.
 */
export interface Sip2Patron {
  readonly personalName?: string;
  readonly homeAddress?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly birthDate?: string;
  /** What the member owes, in euros with two decimals. */
  readonly feeAmount?: string;
  /** The 14 patron status flags ('Y' = denied); blanks when the membership status is withheld. */
  readonly status: string;
  /** Item counts (undefined = not released: four blanks in the message). */
  readonly counts: Readonly<Record<SummaryKind, number | undefined>>;
  /** The item lists (undefined = not released). */
  readonly items: Readonly<Record<SummaryKind, readonly string[] | undefined>>;
}

type Record_ = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function records(value: unknown): Record_[] | undefined {
  return Array.isArray(value) ? value.filter(isRecord) : undefined;
}

function joined(parts: ReadonlyArray<string | undefined>, separator: string): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length === 0 ? undefined : present.join(separator);
}

/** Cents as euros: 1250 → '12.50'. */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '12.50', '12,50', '12' → 1250; undefined when it is not an amount. */
export function centsOf(amount: string): number | undefined {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(amount);
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

function personalName(fields: ReleasedMemberFields): string | undefined {
  const name = fields.name;
  if (!isRecord(name)) return undefined;
  return joined([text(name.firstNames) ?? text(name.initials), text(name.prefix), text(name.lastName)], ' ');
}

function homeAddress(fields: ReleasedMemberFields): string | undefined {
  const addresses = records(fields.addresses);
  const address = addresses?.find((candidate) => candidate.kind === 'home') ?? addresses?.[0];
  if (address === undefined) return undefined;
  const street = joined([text(address.street), joined([text(address.houseNumber), text(address.houseNumberSuffix)], '')], ' ');
  const place = joined([text(address.postalCode), text(address.city)], ' ');
  return joined([street, place], ', ');
}

function isOpen(fee: Record_): boolean {
  return fee.status === undefined || fee.status === 'open';
}

function feeAmount(fields: ReleasedMemberFields): string | undefined {
  if (typeof fields.balanceCents === 'number') return euros(fields.balanceCents);
  const fees = records(fields.fees);
  if (fees === undefined || !fees.every((fee) => typeof fee.amountCents === 'number')) return undefined;
  return euros(fees.filter(isOpen).reduce((sum, fee) => sum + (fee.amountCents as number), 0));
}

/**
 * The 14 patron status flags: a blocked or ended membership denies charge, renewal, recall and hold
 * privileges (positions 1-4). Nothing else is said: an ended membership is not a card reported lost.
 */
function status(fields: ReleasedMemberFields): string {
  const membership = fields.membership;
  const value = isRecord(membership) ? membership.status : undefined;
  if (value === 'blocked' || value === 'cancelled') return `YYYY${' '.repeat(10)}`;
  return ' '.repeat(14);
}

function feeLine(fee: Record_): string | undefined {
  return joined([text(fee.feeId), typeof fee.amountCents === 'number' ? `EUR ${euros(fee.amountCents)}` : undefined, text(fee.on), text(fee.description)], ' ');
}

function present<T>(values: ReadonlyArray<T | undefined>): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/**
 * Reads the released fields into what a patron response can carry. Nothing is invented: a count or a
 * list is given only when the fields it is made of were released, and an item is named only by a
 * released identifier or title.
 */
export function sip2PatronOf(fields: ReleasedMemberFields, today: string, releases: (path: string) => boolean = () => false): Sip2Patron {
  // A list the policy releases but the member does not have is empty (a count of 0000), not withheld (blanks).
  const loans = records(fields.loans) ?? (releases('loans') ? [] : undefined);
  const holds = records(fields.holds) ?? (releases('holds') ? [] : undefined);
  const fees = records(fields.fees) ?? (releases('fees') ? [] : undefined);
  const loanName = (loan: Record_) => text(loan.itemId) ?? text(loan.title);
  const holdName = (hold: Record_) => text(hold.recordId) ?? text(hold.title);
  const datesKnown = loans?.every((loan) => text(loan.dueOn) !== undefined) === true;
  const overdue = loans !== undefined && datesKnown ? loans.filter((loan) => (text(loan.dueOn) ?? '') < today) : undefined;
  const statusKnown = holds?.every((hold) => text(hold.status) !== undefined) === true;
  const ready = holds !== undefined && statusKnown ? holds.filter((hold) => hold.status === 'ready') : undefined;
  const waiting = holds !== undefined && statusKnown ? holds.filter((hold) => hold.status === 'active' || hold.status === 'in-transport') : undefined;
  const openFees = fees?.filter(isOpen);
  const items: Record<SummaryKind, readonly string[] | undefined> = {
    hold: ready === undefined ? undefined : present(ready.map(holdName)),
    overdue: overdue === undefined ? undefined : present(overdue.map(loanName)),
    charged: loans === undefined ? undefined : present(loans.map(loanName)),
    fine: openFees === undefined ? undefined : present(openFees.map(feeLine)),
    recall: undefined,
    unavailable: waiting === undefined ? undefined : present(waiting.map(holdName)),
  };
  const counts: Record<SummaryKind, number | undefined> = {
    hold: ready?.length,
    overdue: overdue?.length,
    charged: loans?.length,
    fine: openFees?.length,
    recall: undefined,
    unavailable: waiting?.length,
  };
  const birthDate = text(fields.birthDate)?.replace(/-/g, '');
  const result: { -readonly [K in keyof Sip2Patron]: Sip2Patron[K] } = { status: status(fields), counts, items };
  const optional: Partial<Sip2Patron> = {
    personalName: personalName(fields),
    homeAddress: homeAddress(fields),
    email: text(fields.email),
    phone: text(fields.phone),
    birthDate,
    feeAmount: feeAmount(fields),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}
