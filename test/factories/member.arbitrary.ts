import fc from 'fast-check';
import { Address, BankAccount, Consent, DirectDebitMandate, Fee, Hold, Loan, Member, MemberName, Membership } from '../../src/domain/member';

/**
 * fast-check arbitraries for members that are valid under contracts/member.schema.json: optional
 * fields present or absent, arrays of varying length (empty included), realistic Dutch values mixed
 * with arbitrary text (unicode included), calendar dates (also in the future), every enum value.
 */

const codePoints = (text: string): number => [...text].length;

/** Text of at most `max` code points (the contract's maxLength counts code points), realistic most of the time. */
function text(pool: readonly string[], max: number, min = 0): fc.Arbitrary<string> {
  const fits = (value: string): boolean => codePoints(value) >= min && codePoints(value) <= max;
  const realistic = pool.filter(fits);
  return fc.oneof(
    { weight: realistic.length > 0 ? 6 : 0, arbitrary: fc.constantFrom(...(realistic.length > 0 ? realistic : ['x'])) },
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 12) }).filter(fits) },
  );
}

const FIRST_NAMES = ['Jan', 'Jan-Pieter', 'Anna Maria', 'Geertje', 'Willemijn Sophie', 'Ömer', 'Zoë', "Mary-Ann O'Neill", 'Hendrik Jan', 'Aïsha', 'Łukasz'];
const PREFIXES = ['van', 'de', 'van der', 'van den', 'ter', "in 't", 'ten'];
const LAST_NAMES = ['Berg', 'Vries', 'Dijk', 'Haar', 'Bosch', 'Yılmaz', 'El Amrani', 'Nguyễn', "D'Hondt", 'Smit-Jansen'];
const STREETS = ['Gemeentehuisplein', 'Oude Rijksweg', 'Meestersweg', 'Churchillstraat', 'Postbus', 'Hoofdstraat'];
const CITIES = ['Staphorst', 'IJhorst', 'Rouveen', 'Zwolle', 'Meppel', 'Antwerpen', 'Münster'];
const TITLES = ['De avonden', 'Max Havelaar', 'Het diner', 'Tirza', 'Nijntje in de speeltuin', 'Oorlog en terpentijn', 'Kikker is verliefd'];
const AUTHORS = ['Gerard Reve', 'Multatuli', 'Herman Koch', 'Arnon Grunberg', 'Dick Bruna', 'Max Velthuijs'];
const MEDIA = ['boek', 'e-book', 'luisterboek', 'dvd', 'tijdschrift'];
const BRANCHES = ['STA-HOOFD', 'STA-IJHORST', 'STA-ROUVEEN'];
const SUBSCRIPTIONS = ['volwassen-basis', 'volwassen-plus', 'jeugd', 'digitaal'];
const INTERESTS = ['streekromans', 'thrillers', 'geschiedenis', 'tuinieren', 'kinderboeken', 'fietsroutes', 'genealogie'];
const FEE_DESCRIPTIONS = ['Te laat: 3 dagen', 'Reserveringskosten', 'Vervangende pas', 'Schade aan materiaal'];
const FOREIGN_POSTCODES = ['49740', '2000', '1000', 'SW1A 1AA', 'L-1234', '75001', 'B-3500', '9999'];

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1900, 0, 1);
const LAST_DAY = Date.UTC(2035, 11, 31);

/** A calendar date 'YYYY-MM-DD' between 1900 and 2035 (so also in the future). */
export const dateArbitrary: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / DAY_MS })
  .map((days) => new Date(FIRST_DAY + days * DAY_MS).toISOString().slice(0, 10));

/** An ISO 8601 date-time with a zone: 'Z', or an offset as the lending system writes it. */
export const dateTimeArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: LAST_DAY }), fc.constantFrom('Z', '+01:00', '+02:00', '.123Z'))
  .map(([ms, zone]) => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + zone);

const digits = (n: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));

/** Dutch postcodes in the ways people write them, and foreign codes. */
export const postalCodeArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.stringMatching(/^[A-Z]{2}$/), fc.constantFrom(' ', '')).map(([d, l, s]) => `${d}${s}${l}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.stringMatching(/^[a-z]{2}$/)).map(([d, l]) => `${d} ${l}`) },
  { weight: 2, arbitrary: fc.constantFrom(...FOREIGN_POSTCODES) },
  { weight: 1, arbitrary: text([], 10) },
);

const emailArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}(\.[a-z0-9]{1,8})?$/), fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), fc.constantFrom('nl', 'com', 'org', 'be'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

const phoneArbitrary: fc.Arbitrary<string> = fc.oneof(
  digits(8).map((d) => `+31 6 ${d}`),
  digits(6).map((d) => `0522-${d}`),
  fc.stringMatching(/^\+?[0-9 ()-]{6,20}$/),
);

const nameArbitrary: fc.Arbitrary<MemberName> = fc.record(
  {
    firstNames: text(FIRST_NAMES, 200),
    initials: text(['J.', 'J.P.', 'A.M.', 'G.'], 20),
    prefix: text(PREFIXES, 20),
    lastName: text(LAST_NAMES, 200, 1),
  },
  { requiredKeys: ['lastName'] },
);

const addressArbitrary: fc.Arbitrary<Address> = fc.record(
  {
    kind: fc.constantFrom('home' as const, 'postal' as const),
    street: text(STREETS, 200),
    houseNumber: fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), text([], 10)),
    houseNumberSuffix: text(['a', 'b', 'bis', 'II', 'hs'], 10),
    postalCode: postalCodeArbitrary,
    city: text(CITIES, 100),
    country: fc.oneof(fc.constantFrom('NL', 'BE', 'DE'), fc.stringMatching(/^[A-Z]{2}$/)),
  },
  { requiredKeys: ['kind', 'street', 'houseNumber', 'postalCode', 'city'] },
);

const membershipArbitrary: fc.Arbitrary<Membership> = fc.record(
  {
    subscription: text(SUBSCRIPTIONS, 50),
    status: fc.constantFrom('active' as const, 'blocked' as const, 'cancelled' as const),
    validUntil: dateArbitrary,
    branchId: text(BRANCHES, 32),
  },
  { requiredKeys: [] },
);

const bankAccountArbitrary: fc.Arbitrary<BankAccount> = fc.record(
  {
    iban: fc.oneof(digits(10).map((d) => `NL91ABNA${d}`), fc.stringMatching(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/)),
    bic: fc.oneof(fc.constantFrom('ABNANL2A', 'INGBNL2A', 'RABONL2UXXX'), fc.stringMatching(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/)),
    holder: text(['J.P. van der Berg', 'A.M. de Vries'], 70),
  },
  { requiredKeys: ['iban'] },
);

const mandateArbitrary: fc.Arbitrary<DirectDebitMandate> = fc.record({
  mandateId: text(['STA-DD-100234', 'STA-DD-7'], 35),
  signedOn: dateArbitrary,
});

const recordIdArbitrary = fc.oneof(digits(9).map((d) => `PPN${d}`), text([], 64));

const loanArbitrary: fc.Arbitrary<Loan> = fc.record(
  {
    itemId: fc.oneof(digits(9).map((d) => `ITM${d}`), text([], 64)),
    recordId: recordIdArbitrary,
    title: text(TITLES, 500),
    author: text(AUTHORS, 200),
    medium: text(MEDIA, 50),
    branchId: text(BRANCHES, 32),
    loanedOn: dateArbitrary,
    dueOn: dateArbitrary,
  },
  { requiredKeys: ['itemId'] },
);

const holdArbitrary: fc.Arbitrary<Hold> = fc.record(
  {
    recordId: recordIdArbitrary,
    title: text(TITLES, 500),
    placedOn: dateArbitrary,
    status: fc.constantFrom('active' as const, 'in-transport' as const, 'ready' as const, 'loaned' as const, 'cancelled' as const),
    pickupBranchId: text(BRANCHES, 32),
  },
  { requiredKeys: ['recordId'] },
);

const feeArbitrary: fc.Arbitrary<Fee> = fc.record(
  {
    feeId: fc.oneof(digits(6).map((d) => `FEE${d}`), text([], 64)),
    on: dateArbitrary,
    description: text(FEE_DESCRIPTIONS, 200),
    amountCents: fc.integer({ min: -100_000, max: 1_000_000 }),
    status: fc.constantFrom('open' as const, 'paid' as const, 'waived' as const),
  },
  { requiredKeys: ['feeId', 'amountCents'] },
);

const consentArbitrary: fc.Arbitrary<Consent> = fc.record({ granted: fc.boolean(), on: dateTimeArbitrary });

const consentsArbitrary = fc.record(
  { directDebit: consentArbitrary, newsletter: consentArbitrary, researchPanel: consentArbitrary, loanHistory: consentArbitrary },
  { requiredKeys: [] },
);

/** Members valid under the contract. Validate with validateMember before releasing (the brand). */
export function memberArbitrary(options: { maxListLength?: number } = {}): fc.Arbitrary<Member> {
  const maxLength = options.maxListLength ?? 6;
  return fc.record(
    {
      memberId: fc.oneof(fc.integer({ min: 1, max: 99_999_999 }).map((n) => `P${n}`), text([], 64, 1)),
      cardNumber: fc.stringMatching(/^[0-9A-Za-z]{4,32}$/),
      libraryId: text(['STA', 'ZWO', 'MEP'], 32, 1),
      name: nameArbitrary,
      birthDate: dateArbitrary,
      gender: fc.constantFrom('M' as const, 'V' as const, 'X' as const),
      email: emailArbitrary,
      phone: phoneArbitrary,
      addresses: fc.array(addressArbitrary, { maxLength: Math.min(maxLength, 5) }),
      notificationChannel: fc.constantFrom('email' as const, 'sms' as const, 'post' as const),
      membership: membershipArbitrary,
      bankAccount: bankAccountArbitrary,
      directDebitMandate: mandateArbitrary,
      balanceCents: fc.oneof(fc.constantFrom(0, 350, -200), fc.integer({ min: -1_000_000, max: 1_000_000 })),
      loans: fc.array(loanArbitrary, { maxLength }),
      holds: fc.array(holdArbitrary, { maxLength }),
      fees: fc.array(feeArbitrary, { maxLength }),
      interests: fc.array(text(INTERESTS, 100), { maxLength }),
      consents: consentsArbitrary,
    },
    { requiredKeys: ['memberId', 'cardNumber', 'libraryId', 'name'] },
  );
}
