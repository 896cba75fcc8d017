import { memberSchema } from './member.schema';
import { validateMember } from './member.validator';
import { describeContractEquality } from '../../test/support/contract-equality';

/** The least the contract requires. (src/ may not import test/factories: the architecture check forbids it.) */
const minimalMember = (): Record<string, unknown> => ({ memberId: 'P1', cardNumber: '1234', libraryId: 'STA', name: { lastName: 'Berg' } });

/** Every field of the contract, each with a realistic value. */
const fullMember = (): Record<string, unknown> => ({
  memberId: 'P100234',
  cardNumber: '20001234567890',
  libraryId: 'STA',
  name: { firstNames: 'Jan-Pieter Hendrik', initials: 'J.P.H.', prefix: 'van der', lastName: 'Berg' },
  birthDate: '1984-07-12',
  gender: 'M',
  email: 'jp.vanderberg@example.nl',
  phone: '+31 6 12345678',
  addresses: [
    { kind: 'home', street: 'Gemeentehuisplein', houseNumber: '1', houseNumberSuffix: 'a', postalCode: '7951 AB', city: 'Staphorst', country: 'NL' },
    { kind: 'postal', street: 'Postbus', houseNumber: '42', postalCode: '7950AA', city: 'Staphorst' },
  ],
  notificationChannel: 'email',
  membership: { subscription: 'volwassen-basis', status: 'active', validUntil: '2027-03-31', branchId: 'STA-HOOFD' },
  bankAccount: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', holder: 'J.P.H. van der Berg' },
  directDebitMandate: { mandateId: 'STA-DD-100234', signedOn: '2024-01-05' },
  balanceCents: 350,
  loans: [{ itemId: 'ITM1', recordId: 'PPN123456789', title: 'De avonden', author: 'Gerard Reve', medium: 'boek', branchId: 'STA-HOOFD', loanedOn: '2025-01-02', dueOn: '2025-01-23' }],
  holds: [{ recordId: 'PPN987654321', title: 'Tirza', placedOn: '2025-01-03', status: 'ready', pickupBranchId: 'STA-HOOFD' }],
  fees: [{ feeId: 'FEE1', on: '2025-01-24', description: 'Te laat', amountCents: 350, status: 'open' }],
  interests: ['streekromans', 'geschiedenis'],
  consents: {
    directDebit: { granted: true, on: '2024-01-05T10:00:00+01:00' },
    newsletter: { granted: false, on: '2024-01-05T10:00:00+01:00' },
    researchPanel: { granted: true, on: '2024-01-05T10:00:00Z' },
    loanHistory: { granted: true, on: '2024-01-05T10:00:00.000Z' },
  },
});

function violationsOf(document: unknown): Array<{ path: string; message: string }> {
  const result = validateMember(document);
  return result.ok ? [] : result.violations;
}

const base = minimalMember;

describeContractEquality('member', memberSchema, 'member.schema.json');

describe('validateMember', () => {
  it('accepts a member with every field and the minimal member', () => {
    expect(violationsOf(fullMember())).toEqual([]);
    expect(violationsOf(minimalMember())).toEqual([]);
  });

  it('accepts empty lists and empty optional objects', () => {
    expect(violationsOf({ ...minimalMember(), addresses: [], loans: [], holds: [], fees: [], interests: [], consents: {}, membership: {} })).toEqual([]);
  });

  it('names a missing required field by its path', () => {
    const member = base();
    member.name = {};
    delete member.cardNumber;
    expect(violationsOf(member)).toEqual(
      expect.arrayContaining([
        { path: 'name.lastName', message: 'required field is missing' },
        { path: 'cardNumber', message: 'required field is missing' },
      ]),
    );
  });

  it('refuses unknown fields at every depth, naming each', () => {
    const member = { ...base(), nickname: 'Jantje', name: { lastName: 'Berg', nickname: 'J' }, loans: [{ itemId: 'a' }, { itemId: 'b', isbn: '978' }] };
    expect(violationsOf(member)).toEqual(
      expect.arrayContaining([
        { path: 'nickname', message: 'unknown field: not part of the contract' },
        { path: 'name.nickname', message: 'unknown field: not part of the contract' },
        { path: 'loans[1].isbn', message: 'unknown field: not part of the contract' },
      ]),
    );
  });

  it("refuses '__proto__' and 'constructor' as own keys of parsed JSON, naming the path, and pollutes nothing", () => {
    const text =
      '{"memberId":"P1","cardNumber":"1234","libraryId":"STA","name":{"lastName":"Berg","__proto__":{"polluted":"yes"}},' +
      '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"consents":{"__proto__":{"granted":true,"on":"2025-01-01T00:00:00Z"}}}';
    const parsed: unknown = JSON.parse(text);
    expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(true);
    const violations = violationsOf(parsed);
    expect(violations.map((v) => v.path).sort()).toEqual(['__proto__', 'consents.__proto__', 'constructor', 'name.__proto__']);
    expect(violations.every((v) => v.message === 'unknown field: not part of the contract')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('checks calendar dates for real (no 30 February) and names the array index', () => {
    const member = { ...base(), loans: [{ itemId: 'a', dueOn: '2024-02-29' }, { itemId: 'b', dueOn: '2023-02-29' }, { itemId: 'c', dueOn: '2024-02-30' }] };
    expect(violationsOf(member).map((v) => v.path)).toEqual(['loans[1].dueOn', 'loans[2].dueOn']);
  });

  it('wants a zone in a consent date-time', () => {
    const member = { ...base(), consents: { newsletter: { granted: true, on: '2025-01-01T10:00:00' } } };
    expect(violationsOf(member).map((v) => v.path)).toEqual(['consents.newsletter.on']);
    expect(violationsOf({ ...member, consents: { newsletter: { granted: true, on: '2025-01-01T10:00:00+01:00' } } })).toEqual([]);
  });

  it.each([
    ['cardNumber', '12 34'],
    ['cardNumber', '123'],
    ['gender', 'F'],
    ['email', 'jan@'],
    ['phone', 'call me'],
    ['notificationChannel', 'fax'],
    ['balanceCents', 12.5],
    ['birthDate', '15-03-2008'],
    ['memberId', ''],
  ])('refuses %s = %j, naming it', (path, value) => {
    expect(violationsOf({ ...base(), [path]: value }).map((v) => v.path)).toEqual([path]);
  });

  it('checks nested patterns and enums', () => {
    const member = {
      ...base(),
      bankAccount: { iban: 'nl91abna0417164300', bic: 'ABNA' },
      addresses: [{ kind: 'work', street: 'S', houseNumber: '1', postalCode: '7951 AB', city: 'Staphorst', country: 'nl' }],
      holds: [{ recordId: 'r', status: 'lost' }],
      consents: { newsletter: { granted: 'yes', on: '2025-01-01T10:00:00Z' } },
    };
    expect(violationsOf(member).map((v) => v.path).sort()).toEqual(
      ['addresses[0].country', 'addresses[0].kind', 'bankAccount.bic', 'bankAccount.iban', 'consents.newsletter.granted', 'holds[0].status'].sort(),
    );
  });

  it('refuses more elements than the contract allows', () => {
    const address = { kind: 'home', street: 'S', houseNumber: '1', postalCode: '7951 AB', city: 'Staphorst' };
    expect(violationsOf({ ...base(), addresses: Array.from({ length: 6 }, () => address) }).map((v) => v.path)).toEqual(['addresses']);
  });

  it('refuses what is not a member object at all', () => {
    expect(validateMember(null).ok).toBe(false);
    expect(validateMember([]).ok).toBe(false);
    expect(validateMember('member').ok).toBe(false);
  });
});
