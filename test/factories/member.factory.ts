import { Fee, Hold, Loan, Member, ValidMember } from '../../src/domain/member';
import { validateMember } from '../../src/domain/member.validator';

/** A small deterministic PRNG (mulberry32): the same seed always gives the same member. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ['Jan-Pieter Hendrik', 'Anna Maria', 'Geertje', 'Willemijn Sophie', 'Hendrik Jan', 'Femke', 'Ömer', 'Zoë Johanna'] as const;
const PREFIXES = ['van der', 'de', 'van', 'ter', 'van den'] as const;
const LAST_NAMES = ['Berg', 'Vries', 'Dijk', 'Haar', 'Bosch', 'Kamp', 'Veen', 'Meer'] as const;
const STREETS = ['Gemeentehuisplein', 'Oude Rijksweg', 'Meestersweg', 'Churchillstraat', 'Vledderweg', 'Muldersweg'] as const;
const TITLES = [
  'De avonden',
  'Max Havelaar',
  'Het diner',
  'De aanslag',
  'Tirza',
  'Turks fruit',
  'Het achterhuis',
  'Oorlog en terpentijn',
  'De tweeling',
  'Boven is het stil',
  'Nijntje in de speeltuin',
  'Kikker is verliefd',
] as const;
const AUTHORS = ['Gerard Reve', 'Multatuli', 'Herman Koch', 'Harry Mulisch', 'Arnon Grunberg', 'Jan Wolkers', 'Anne Frank', 'Stefan Hertmans', 'Tessa de Loo', 'Gerbrand Bakker', 'Dick Bruna', 'Max Velthuijs'] as const;
const MEDIA = ['boek', 'e-book', 'luisterboek', 'dvd', 'tijdschrift'] as const;
const BRANCHES = ['STA-HOOFD', 'STA-IJHORST', 'STA-ROUVEEN'] as const;
const INTERESTS = ['streekromans', 'thrillers', 'geschiedenis', 'tuinieren', 'kinderboeken', 'fietsroutes', 'literatuur', 'genealogie'] as const;
const FEE_DESCRIPTIONS = ['Te laat: 3 dagen', 'Reserveringskosten', 'Vervangende pas', 'Schade aan materiaal', 'Jaarabonnement volwassen'] as const;

function pick<T>(random: () => number, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A calendar date 'YYYY-MM-DD' `days` after 2024-01-01. */
function day(days: number): string {
  return new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Validated, and as it would arrive parsed from JSON (flat strings, not the concatenations built here). */
function valid(built: Member): ValidMember {
  const member: unknown = JSON.parse(JSON.stringify(built));
  const result = validateMember(member);
  if (!result.ok) throw new Error(`member factory produced an invalid member: ${JSON.stringify(result.violations)}`);
  return result.member;
}

/**
 * A realistic member of Bibliotheek Staphorst, the same for the same seed: two addresses, 30 loans,
 * 10 holds, 20 fees, all four consents granted, interests, a bank account and a direct-debit mandate.
 */
export function realisticMember(seed = 1): ValidMember {
  const random = prng(seed);
  const n = (max: number): number => Math.floor(random() * max);
  const patron = 100_000 + n(900_000);
  const lastName = pick(random, LAST_NAMES);
  const prefix = pick(random, PREFIXES);
  const firstNames = pick(random, FIRST_NAMES);
  const initials = firstNames
    .split(/[\s-]+/)
    .map((part) => `${part.charAt(0)}.`)
    .join('');
  const houseNumber = String(1 + n(180));
  const loans: Loan[] = Array.from({ length: 30 }, (_, i) => {
    const loanedOn = 200 + n(400);
    return {
      itemId: `ITM${pad(patron, 6)}${pad(i, 3)}`,
      recordId: `PPN${pad(100_000_000 + n(800_000_000), 9)}`,
      title: pick(random, TITLES),
      author: pick(random, AUTHORS),
      medium: pick(random, MEDIA),
      branchId: pick(random, BRANCHES),
      loanedOn: day(loanedOn),
      dueOn: day(loanedOn + 21),
    };
  });
  const holdStatuses: NonNullable<Hold['status']>[] = ['active', 'in-transport', 'ready', 'loaned', 'cancelled'];
  const holds: Hold[] = Array.from({ length: 10 }, (_, i) => ({
    recordId: `PPN${pad(100_000_000 + n(800_000_000), 9)}`,
    title: pick(random, TITLES),
    placedOn: day(300 + n(300)),
    status: holdStatuses[i % holdStatuses.length] ?? 'active',
    pickupBranchId: pick(random, BRANCHES),
  }));
  const feeStatuses: NonNullable<Fee['status']>[] = ['open', 'paid', 'waived'];
  const fees: Fee[] = Array.from({ length: 20 }, (_, i) => ({
    feeId: `FEE${pad(patron, 6)}${pad(i, 3)}`,
    on: day(100 + n(500)),
    description: pick(random, FEE_DESCRIPTIONS),
    amountCents: 50 + n(4500),
    status: feeStatuses[i % feeStatuses.length] ?? 'open',
  }));
  const balanceCents = fees.filter((fee) => fee.status === 'open').reduce((sum, fee) => sum + fee.amountCents, 0);
  const granted = (days: number): { granted: true; on: string } => ({ granted: true, on: `${day(days)}T10:${pad(n(60))}:00+01:00` });
  const birthYear = 1940 + n(65);
  const postcodeDigits = 7940 + n(20);
  return valid({
    memberId: `P${patron}`,
    cardNumber: `2${pad(n(10_000_000_000), 13)}`,
    libraryId: 'STA',
    name: { firstNames, initials, prefix, lastName },
    birthDate: `${birthYear}-${pad(1 + n(12))}-${pad(1 + n(28))}`,
    gender: pick(random, ['M', 'V', 'X'] as const),
    email: `${firstNames.split(/[\s-]/)[0]?.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '') || 'lid'}.${lastName.toLowerCase()}${n(100)}@example.nl`,
    phone: `+31 6 ${pad(10_000_000 + n(89_999_999), 8)}`,
    addresses: [
      { kind: 'home', street: pick(random, STREETS), houseNumber, houseNumberSuffix: 'a', postalCode: `${postcodeDigits} ${pick(random, ['AB', 'CD', 'GK', 'PX'] as const)}`, city: 'Staphorst', country: 'NL' },
      { kind: 'postal', street: 'Postbus', houseNumber: String(10 + n(900)), postalCode: `${postcodeDigits}ZZ`, city: 'Staphorst', country: 'NL' },
    ],
    notificationChannel: pick(random, ['email', 'sms', 'post'] as const),
    membership: { subscription: 'volwassen-basis', status: 'active', validUntil: day(700 + n(300)), branchId: 'STA-HOOFD' },
    bankAccount: { iban: `NL${pad(10 + n(89))}ABNA0${pad(n(1_000_000_000), 9)}`, bic: 'ABNANL2A', holder: `${initials} ${prefix} ${lastName}` },
    directDebitMandate: { mandateId: `STA-DD-${patron}`, signedOn: day(n(200)) },
    balanceCents,
    loans,
    holds,
    fees,
    interests: [...new Set([pick(random, INTERESTS), pick(random, INTERESTS), pick(random, INTERESTS), pick(random, INTERESTS)])],
    consents: {
      directDebit: granted(n(200)),
      newsletter: granted(n(200)),
      researchPanel: granted(n(200)),
      loanHistory: granted(n(200)),
    },
  });
}

/** The least the contract requires: ids, card number, library and a last name. */
export function minimalMember(): ValidMember {
  return valid({ memberId: 'P1', cardNumber: '1234', libraryId: 'STA', name: { lastName: 'Berg' } });
}
