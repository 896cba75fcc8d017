import { WiseConsent, WiseFee, WiseHold, WiseLoan, WisePatron, WisePatronDocument, WisePatronRecord } from '../../mapping/wise/wise-patron';
import { dutchIban } from './dutch-iban';
import { seedHash, STREAM } from './seed-hash';
import { SeededRandom } from './seeded-random';
import { BRANCHES, FEE_KINDS, FIRST_NAMES, FORBIDDEN_POSTCODE_SUFFIXES, LAST_NAMES, MATERIALS, PLACES, POSTCODE_LETTERS, PREFIXES, TITLES } from './staphorst-data';
import { WiseChangeCalendar } from './wise-change-calendar';
import { DeletedPatron, WiseDeletedPatrons } from './wise-deleted-patrons';
import { WisePatronNumbers } from './wise-patron-numbers';
import { generateShelf, GeneratedItem, shelfSize } from './wise-shelf';

/** A patron of the simulated Wise system with the day it last changed (for the delta feed). */
export interface GeneratedPatron extends WisePatronRecord {
  updatedOn: string;
}

const DAY_MS = 86_400_000;

/** Members of the simulated library when nobody says how many (SANDBOX_MEMBERS' default too). */
export const DEFAULT_MEMBER_COUNT = 50;

/** A day counted from the day the library was generated ('YYYY-MM-DD'). */
type DayFrom = (offsetDays: number) => string;

/** How long a membership still runs, from today: some ended, some ending soon, most well into the future (one draw). */
function membershipEnd(random: SeededRandom, day: DayFrom): string {
  const roll = random.int(0, 999);
  if (roll < 100) return day(-(1 + (roll % 120)));
  if (roll < 250) return day(1 + (roll % 30));
  return day(31 + (roll % 670));
}

function pad(n: number | string, width = 2): string {
  return String(n).padStart(width, '0');
}

function postcode(random: SeededRandom, digits: number): string {
  for (;;) {
    const letters = `${random.pick([...POSTCODE_LETTERS])}${random.pick([...POSTCODE_LETTERS])}`;
    if (!(FORBIDDEN_POSTCODE_SUFFIXES as readonly string[]).includes(letters)) return `${digits} ${letters}`;
  }
}

/** A valid Dutch number: a mobile 06 number or a Staphorst (0522) landline, ten digits either way. */
function phone(random: SeededRandom): string {
  return random.chance(0.7) ? `06-${random.digits(8, true)}` : `0522-${random.int(2, 9)}${random.digits(5)}`;
}

function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** A copy on loan carries its borrower's patron id: '3', the id (7 digits or more), the loan's number (2) and 4 digits. */
function loans(random: SeededRandom, patronId: string, day: DayFrom, atLeast: number): WiseLoan[] {
  return Array.from({ length: random.int(atLeast, 8) }, (_, i) => {
    const title = random.pick(TITLES);
    const loanedOn = -random.int(1, 40);
    return {
      itemBarcode: `3${pad(patronId, 7)}${pad(i, 2)}${random.digits(4)}`,
      titleId: `PPN${random.digits(9, true)}`,
      title: title.title,
      author: title.author,
      material: random.pick(MATERIALS),
      branchId: random.pick(BRANCHES).branchId,
      loanDate: day(loanedOn),
      dueDate: day(loanedOn + 21),
    };
  });
}

/** The patron id a generated loan's barcode names (undefined: not a generated loan's barcode). */
export function borrowerOfLoanBarcode(barcode: string): string | undefined {
  return /^3\d{13,}$/.test(barcode) ? String(Number(barcode.slice(1, -6))) : undefined;
}

function holds(random: SeededRandom, day: DayFrom): WiseHold[] {
  const statuses = ['ACTIVE', 'IN_TRANSIT', 'AVAILABLE', 'LOANED', 'CANCELLED'] as const;
  return Array.from({ length: random.int(0, 3) }, () => ({
    titleId: `PPN${random.digits(9, true)}`,
    title: random.pick(TITLES).title,
    holdDate: day(-random.int(1, 60)),
    status: random.pick(statuses),
    pickupBranchId: random.pick(BRANCHES).branchId,
  }));
}

function fees(random: SeededRandom, patronId: string, day: DayFrom): WiseFee[] {
  return Array.from({ length: random.int(0, 4) }, (_, i) => {
    const kind = random.pick(FEE_KINDS);
    const days = random.int(1, 14);
    return {
      feeId: `F${patronId}-${i + 1}`,
      date: day(-random.int(1, 120)),
      description: 'centsPerDay' in kind ? `${kind.description}: ${days} ${days === 1 ? 'dag' : 'dagen'}` : kind.description,
      amount: 'centsPerDay' in kind ? kind.centsPerDay * days : kind.cents,
      status: random.pick(['OPEN', 'OPEN', 'PAID', 'WAIVED'] as const),
    };
  });
}

/** Consents are sometimes given, sometimes withdrawn (a month ago or longer), mostly never asked; Wise writes local time. */
function consents(random: SeededRandom, directDebit: boolean, day: DayFrom): WiseConsent[] {
  const at = (): string => `${day(-random.int(30, 700))}T${pad(random.int(9, 17))}:${pad(random.int(0, 59))}:00`;
  const out: WiseConsent[] = [];
  if (directDebit) out.push({ type: 'DIRECT_DEBIT', granted: true, date: at() });
  for (const type of ['NEWSLETTER', 'RESEARCH_PANEL', 'LOAN_HISTORY']) {
    if (random.chance(0.5)) out.push({ type, granted: random.chance(0.75), date: at() });
  }
  return out;
}

export interface WiseMemberGeneratorOptions {
  readonly seed: number;
  readonly libraryId?: string;
  /** The day the library is generated ('YYYY-MM-DD'): every generated date counts from it (default: today, UTC). */
  readonly today?: string;
}

/**
 * The members of the simulated Wise system, one at a time: patron i is made from its own random stream
 * (seeded from the seed and i), so it is the same whether it is asked for first or after a million others,
 * and in a library of any size. Every date counts from the day the library is generated, so that it lives
 * in the present: memberships run into the future, some ended, some ending soon; loans fall due around today.
 */
export class WiseMemberGenerator {
  readonly seed: number;
  readonly libraryId: string;
  /** The day the library was generated ('YYYY-MM-DD'). */
  readonly today: string;
  readonly numbers: WisePatronNumbers;
  readonly calendar: WiseChangeCalendar;
  private readonly anchorMs: number;

  constructor(options: WiseMemberGeneratorOptions) {
    this.seed = options.seed;
    this.libraryId = options.libraryId ?? 'STA';
    this.today = options.today ?? new Date().toISOString().slice(0, 10);
    this.anchorMs = Date.parse(`${this.today}T00:00:00Z`);
    this.numbers = new WisePatronNumbers(options.seed);
    this.calendar = new WiseChangeCalendar(options.seed);
  }

  /** The day `offsetDays` from the library's day ('YYYY-MM-DD'). */
  day(offsetDays: number): string {
    return new Date(this.anchorMs + offsetDays * DAY_MS).toISOString().slice(0, 10);
  }

  /** Whole days from `day` ('YYYY-MM-DD') to the library's day: 0 for its day, negative for a later day. */
  daysBefore(day: string): number {
    return Math.floor((this.anchorMs - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
  }

  /** The day patron i last changed, as generated (no generation needed). */
  updatedOn(index: number): string {
    return this.day(-this.calendar.daysAgo(index));
  }

  /** Patron i's four-digit PIN: kept by Wise, never served with the patron. */
  pin(index: number): string {
    return new SeededRandom(seedHash(this.seed, STREAM.pin, index)).digits(4);
  }

  /** Patron i with its loans, holds and fees. */
  patron(index: number): GeneratedPatron {
    const random = new SeededRandom(seedHash(this.seed, STREAM.patron, index));
    const day: DayFrom = (offset) => this.day(offset);
    const id = this.numbers.patronIdAt(index);
    const firstNames = random.chance(0.3) ? `${random.pick(FIRST_NAMES)} ${random.pick(FIRST_NAMES)}` : random.pick(FIRST_NAMES);
    const prefix = random.chance(0.45) ? random.pick(PREFIXES) : undefined;
    const lastName = random.pick(LAST_NAMES);
    const initials = firstNames
      .split(' ')
      .map((name) => `${[...name][0] ?? ''}.`)
      .join('');
    const birthYear = random.int(1935, 2019);
    const age = 2025 - birthYear;
    const place = random.pick(PLACES);
    const account = random.chance(0.6) ? dutchIban(random) : undefined;
    const fullName = [initials, prefix, lastName].filter((part) => part !== undefined).join(' ');
    const record: WisePatron = {
      patronSystemId: id,
      cardNumber: this.numbers.cardNumberAt(index),
      libraryId: this.libraryId,
      firstName: firstNames,
      initials,
      ...(prefix !== undefined ? { middleName: prefix } : {}),
      lastName,
      dateOfBirth: `${birthYear}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
      gender: random.pick(['M', 'V', 'M', 'V', 'X'] as const),
      emailAddress: `${asciiLower(firstNames.split(' ')[0] ?? 'lid') || 'lid'}.${asciiLower(`${prefix ?? ''}${lastName}`)}${random.int(1, 99)}@example.nl`,
      phoneNumber: phone(random),
      addresses: [
        {
          addressType: 'HOME',
          street: random.pick(place.streets),
          houseNumber: String(random.int(1, 220)),
          ...(random.chance(0.15) ? { houseNumberAddition: random.pick(['a', 'b', 'A', '1']) } : {}),
          zipCode: postcode(random, place.postcode),
          city: place.city,
          countryCode: 'NL',
        },
      ],
      notificationPreference: random.pick(['EMAIL', 'EMAIL', 'EMAIL', 'EMAIL', 'SMS', 'POST'] as const),
      membership: {
        subscriptionType: age < 18 ? 'jeugd' : random.pick(['volwassen-basis', 'volwassen-plus', 'digitaal']),
        status: random.pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'BLOCKED', 'CANCELLED'] as const),
        endDate: membershipEnd(random, day),
        branchId: random.pick(BRANCHES).branchId,
      },
      ...(account !== undefined ? { bankAccount: { iban: account.iban, bic: account.bic, accountHolder: fullName } } : {}),
      ...(account !== undefined ? { directDebitMandate: { mandateId: `STA-DD-${id}`, signatureDate: day(-random.int(30, 900)) } } : {}),
    };
    const patronFees = fees(random, id, day);
    record.balance = patronFees.filter((fee) => fee.status === 'OPEN').reduce((sum, fee) => sum + (fee.amount ?? 0), 0);
    record.consents = consents(random, account !== undefined, day);
    // A member who gave three consents or more is an engaged reader: a membership that runs on, and something on loan.
    const engaged = record.consents.filter((consent) => consent.granted === true).length >= 3;
    if (engaged) record.membership = { ...record.membership, status: 'ACTIVE', endDate: day(31 + random.int(0, 669)) };
    return { patron: record, loans: loans(random, id, day, engaged ? 1 : 0), holds: holds(random, day), fees: patronFees, updatedOn: this.updatedOn(index) };
  }

  /**
   * Patron i's generated data as a member who joins at the instant given: an active membership for a
   * year, no loans, holds, fees, account or mandate yet, and of the consents only those given (given then,
   * not asked for before).
   */
  newcomer(index: number, joinedAtMs: number): WisePatronDocument {
    const { patron } = this.patron(index);
    const { directDebitMandate: _mandate, bankAccount: _account, ...person } = patron;
    const until = new Date(joinedAtMs + 365 * DAY_MS).toISOString().slice(0, 10);
    const given = `${new Date(joinedAtMs).toISOString().slice(0, 19)}Z`;
    const consents = (patron.consents ?? []).filter((consent) => consent.granted === true && consent.type !== 'DIRECT_DEBIT').map((consent) => ({ ...consent, date: given }));
    return { ...person, balance: 0, membership: { ...patron.membership, status: 'ACTIVE', endDate: until }, consents, loans: [], holds: [], fees: [] };
  }
}

/** A whole generated library at once: for tests and small counts (the sandbox itself generates on demand). */
export interface GeneratedLibrary {
  readonly libraryId: string;
  readonly patrons: GeneratedPatron[];
  /** Each patron's four-digit PIN by patron id: kept by Wise, never served with the patron. */
  readonly pins: ReadonlyMap<string, string>;
  /** Copies on the shelf, not on loan (the copies on loan are the patrons' loans). */
  readonly shelf: GeneratedItem[];
  /** Patrons removed from Wise, with the day: what the deletedpatron feed serves. */
  readonly deleted: DeletedPatron[];
}

/**
 * The first `count` members of the simulated Wise system, materialised: the same seed gives the same
 * members, every time, and the same as the sandbox serves one by one for a library of that size.
 */
export function generateWiseLibrary(seed: number, count = DEFAULT_MEMBER_COUNT, libraryId = 'STA', today = new Date().toISOString().slice(0, 10)): GeneratedLibrary {
  const generator = new WiseMemberGenerator({ seed, libraryId, today });
  const patrons = Array.from({ length: count }, (_, i) => generator.patron(i));
  const former = new WiseDeletedPatrons(seed, count, generator.numbers, generator);
  return {
    libraryId,
    patrons,
    pins: new Map(patrons.map((record, i) => [record.patron.patronSystemId ?? '', generator.pin(i)] as const)),
    shelf: generateShelf(seed, shelfSize(count)),
    deleted: Array.from({ length: former.size }, (_, j) => former.at(j)),
  };
}
