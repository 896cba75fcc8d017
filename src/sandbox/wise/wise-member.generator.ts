import { WiseConsent, WiseFee, WiseHold, WiseLoan, WisePatron, WisePatronRecord } from '../../mapping/wise/wise-patron';
import { dutchIban } from './dutch-iban';
import { SeededRandom } from './seeded-random';
import { BRANCHES, FEE_KINDS, FIRST_NAMES, FORBIDDEN_POSTCODE_SUFFIXES, LAST_NAMES, MATERIALS, PLACES, POSTCODE_LETTERS, PREFIXES, TITLES } from './staphorst-data';

/** A patron of the simulated Wise system with the day it last changed (for the delta feed). */
export interface GeneratedPatron extends WisePatronRecord {
  updatedOn: string;
}

/** A copy on the shelf of the simulated library: what a self-service machine can lend. */
export interface GeneratedItem {
  readonly itemBarcode: string;
  readonly titleId: string;
  readonly title: string;
  readonly author: string;
  readonly material: string;
  readonly branchId: string;
  /** A member has a hold on the title: a returned copy goes to the hold shelf. */
  readonly holdWaiting: boolean;
}

export interface GeneratedLibrary {
  readonly libraryId: string;
  readonly patrons: GeneratedPatron[];
  /** Each patron's four-digit PIN by patron id: kept by Wise, never served with the patron. */
  readonly pins: ReadonlyMap<string, string>;
  /** Copies on the shelf, not on loan (the copies on loan are the patrons' loans). */
  readonly shelf: GeneratedItem[];
  /** Patrons removed from Wise, with the day: what the deletedpatron feed serves. */
  readonly deleted: { readonly patronSystemId: string; readonly deletedOn: string }[];
}

const DAY_MS = 86_400_000;

/**
 * Every generated date counts from the day the library is generated (today, unless a test says which
 * day), so that the simulated library lives in the present: memberships run into the future, some
 * ended, some ending soon; loans fall due around today. A seed gives the same members on the same day.
 * Set by generateWiseLibrary for its (synchronous) run.
 */
let anchorMs = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);

function day(offsetDays: number): string {
  return new Date(anchorMs + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** How long a membership still runs, from today: some ended, some ending soon, most well into the future (one draw). */
function membershipEnd(random: SeededRandom): string {
  const roll = random.int(0, 999);
  if (roll < 100) return day(-(1 + (roll % 120)));
  if (roll < 250) return day(1 + (roll % 30));
  return day(31 + (roll % 670));
}

function pad(n: number, width = 2): string {
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

function loans(random: SeededRandom, patronId: number): WiseLoan[] {
  return Array.from({ length: random.int(0, 8) }, (_, i) => {
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

function holds(random: SeededRandom): WiseHold[] {
  const statuses = ['ACTIVE', 'IN_TRANSIT', 'AVAILABLE', 'LOANED', 'CANCELLED'] as const;
  return Array.from({ length: random.int(0, 3) }, () => ({
    titleId: `PPN${random.digits(9, true)}`,
    title: random.pick(TITLES).title,
    holdDate: day(-random.int(1, 60)),
    status: random.pick(statuses),
    pickupBranchId: random.pick(BRANCHES).branchId,
  }));
}

function fees(random: SeededRandom, patronId: number): WiseFee[] {
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

/** Consents are sometimes given, sometimes withdrawn, mostly never asked; Wise writes local time. */
function consents(random: SeededRandom, directDebit: boolean): WiseConsent[] {
  const at = (): string => `${day(-random.int(30, 700))}T${pad(random.int(9, 17))}:${pad(random.int(0, 59))}:00`;
  const out: WiseConsent[] = [];
  if (directDebit) out.push({ type: 'DIRECT_DEBIT', granted: true, date: at() });
  for (const type of ['NEWSLETTER', 'RESEARCH_PANEL', 'LOAN_HISTORY']) {
    if (random.chance(0.5)) out.push({ type, granted: random.chance(0.75), date: at() });
  }
  return out;
}

function patron(random: SeededRandom, index: number, libraryId: string): GeneratedPatron {
  const id = 1_000_000 + index * 37 + random.int(0, 36);
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
    patronSystemId: String(id),
    cardNumber: `22601${pad(100_000 + index * 811 + random.int(0, 810), 9)}`,
    libraryId,
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
      endDate: membershipEnd(random),
      branchId: random.pick(BRANCHES).branchId,
    },
    ...(account !== undefined ? { bankAccount: { iban: account.iban, bic: account.bic, accountHolder: fullName } } : {}),
    ...(account !== undefined ? { directDebitMandate: { mandateId: `STA-DD-${id}`, signatureDate: day(-random.int(30, 900)) } } : {}),
  };
  const patronFees = fees(random, id);
  record.balance = patronFees.filter((fee) => fee.status === 'OPEN').reduce((sum, fee) => sum + (fee.amount ?? 0), 0);
  record.consents = consents(random, account !== undefined);
  return { patron: record, loans: loans(random, id), holds: holds(random), fees: patronFees, updatedOn: day(-random.int(0, 60)) };
}

/** Copies on the shelf; drawn from their own sequence so that the members of a seed stay what they were. */
function shelf(seed: number, count: number): GeneratedItem[] {
  const random = new SeededRandom(seed ^ 0x5eed_5e1f);
  return Array.from({ length: count }, (_, i) => {
    const title = random.pick(TITLES);
    return {
      itemBarcode: `39${pad(i, 6)}${random.digits(4)}`,
      titleId: `PPN${random.digits(9, true)}`,
      title: title.title,
      author: title.author,
      material: random.pick(MATERIALS),
      branchId: random.pick(BRANCHES).branchId,
      holdWaiting: i % 5 === 4,
    };
  });
}

/** The members of the simulated Wise system: the same seed gives the same members, every time. */
export function generateWiseLibrary(seed: number, count = 60, libraryId = 'STA', today = new Date().toISOString().slice(0, 10)): GeneratedLibrary {
  anchorMs = Date.parse(`${today}T00:00:00Z`);
  const random = new SeededRandom(seed);
  const patrons = Array.from({ length: count }, (_, i) => patron(random, i, libraryId));
  const deleted = Array.from({ length: Math.max(1, Math.floor(count / 12)) }, (_, i) => ({
    patronSystemId: String(900_000 + i * 53 + random.int(0, 52)),
    deletedOn: day(-random.int(0, 60)),
  }));
  const pinRandom = new SeededRandom(seed ^ 0x0000_9a1e);
  const pins = new Map(patrons.map((record) => [record.patron.patronSystemId ?? '', pinRandom.digits(4)] as const));
  return { libraryId, patrons, deleted, shelf: shelf(seed, Math.max(20, count)), pins };
}
