import { MappingFailed } from '../../errors/partner-errors';
import { validateMember } from '../../domain/member.validator';
import { wiseToMember } from './wise-to-member';

/** A patron as Wise's patroninformation endpoint could serve it: other names, blanks, extra fields. */
const patron = {
  id: 1000234,
  cardnumber: ' 2000 1234 5678 90 ',
  libraryId: 'STA',
  firstName: 'Geertje Johanna',
  initials: 'G.J.',
  middleName: 'van der',
  lastName: 'Veen',
  dateOfBirth: '1978-04-12T00:00:00',
  gender: 'F',
  emailAddress: ' g.vanderveen@example.nl ',
  phoneNumber: '0522.461234',
  mobileNumber: '',
  addresses: [
    { addressType: 'HOME', street: 'Gemeentehuisplein', houseNumber: 3, houseNumberAddition: '', zipCode: '7951 AB', city: 'Staphorst', countryCode: 'nl', geo: { lat: 52.6 } },
    { addressType: 'CORRESPONDENCE', street: 'Postbus', houseNumber: '12', zipCode: '7950AA', city: 'Staphorst', countryCode: 'NLD' },
  ],
  notificationPreference: 'E-MAIL',
  membership: { subscriptionType: 'volwassen-basis', status: 'ACTIVE', endDate: '2026-08-31T23:59:59', branchId: 'STA-HOOFD' },
  balance: '450',
  consents: [
    { type: 'NEWSLETTER', granted: true, date: '2024-03-01T10:15:00' },
    { type: 'RESEARCH_PANEL', granted: false, date: '2024-07-01 09:00' },
    { type: 'LOYALTY_PROGRAMME', granted: true, date: '2024-07-01' },
  ],
  lastLogin: '2025-01-01T08:00:00Z',
  internalNote: 'never read',
};

const loans = {
  items: [
    { itemBarcode: 'ITM000123001', titleId: 'PPN123456789', title: 'De avonden', author: 'Gerard Reve', material: 'boek', branchId: 'STA-HOOFD', loanDate: '05-03-2024', dueDate: '2024-03-26T22:59:59Z' },
    { itemBarcode: 'ITM000123002', title: '  ', dueDate: '2024-03-26' },
  ],
};
const holds = [{ titleId: 'PPN987654321', title: 'Tirza', holdDate: '2024-02-01', status: 'IN_TRANSPORT', pickupBranchId: 'STA-ROUVEEN' }, { titleId: 'PPN1', status: 'SOMETHING_NEW' }];
const fees = [
  { feeId: 'FEE1', date: '2024-03-27', description: 'Te laat: 1 dag', amount: 25, status: 'OPEN' },
  { id: 'FEE2', amount: '425', status: 'UNPAID' },
];

function mappingError(run: () => unknown): MappingFailed {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingFailed) return error;
    throw error;
  }
  throw new Error('expected MappingFailed');
}

describe('wiseToMember', () => {
  it('maps a Wise patron with loans, holds and fees to a valid canonical member, liberally', () => {
    const member = wiseToMember(patron, { loans, holds, fees });
    expect(validateMember(member).ok).toBe(true);
    expect(member).toEqual({
      memberId: '1000234',
      cardNumber: '20001234567890',
      libraryId: 'STA',
      name: { firstNames: 'Geertje Johanna', initials: 'G.J.', prefix: 'van der', lastName: 'Veen' },
      birthDate: '1978-04-12',
      gender: 'V',
      email: 'g.vanderveen@example.nl',
      phone: '0522461234',
      addresses: [
        { kind: 'home', street: 'Gemeentehuisplein', houseNumber: '3', postalCode: '7951 AB', city: 'Staphorst', country: 'NL' },
        { kind: 'postal', street: 'Postbus', houseNumber: '12', postalCode: '7950AA', city: 'Staphorst', country: 'NL' },
      ],
      notificationChannel: 'email',
      membership: { subscription: 'volwassen-basis', status: 'active', validUntil: '2026-08-31', branchId: 'STA-HOOFD' },
      balanceCents: 450,
      loans: [
        // 22:59:59Z on 26 March is 23:59:59 in Amsterdam: still the 26th.
        { itemId: 'ITM000123001', recordId: 'PPN123456789', title: 'De avonden', author: 'Gerard Reve', medium: 'boek', branchId: 'STA-HOOFD', loanedOn: '2024-03-05', dueOn: '2024-03-26' },
        { itemId: 'ITM000123002', dueOn: '2024-03-26' },
      ],
      holds: [
        { recordId: 'PPN987654321', title: 'Tirza', placedOn: '2024-02-01', status: 'in-transport', pickupBranchId: 'STA-ROUVEEN' },
        { recordId: 'PPN1' },
      ],
      fees: [
        { feeId: 'FEE1', on: '2024-03-27', description: 'Te laat: 1 dag', amountCents: 25, status: 'open' },
        { feeId: 'FEE2', amountCents: 425, status: 'open' },
      ],
      consents: {
        newsletter: { granted: true, on: '2024-03-01T10:15:00+01:00' },
        researchPanel: { granted: false, on: '2024-07-01T09:00:00+02:00' },
      },
    });
  });

  it('reads a date-time with a zone as the day it was in Amsterdam', () => {
    const member = wiseToMember({ ...patron, dateOfBirth: '1978-04-11T22:00:00Z' });
    expect(member.birthDate).toBe('1978-04-12');
  });

  it('takes loans, holds and fees embedded in the patron when no endpoint answers are given', () => {
    const member = wiseToMember({ ...patron, loans: loans.items, fees: { fees } });
    expect(member.loans).toHaveLength(2);
    expect(member.fees?.map((fee) => fee.amountCents)).toEqual([25, 425]);
    expect(member.holds).toBeUndefined();
  });

  it('leaves out empty lists and fields with codes it does not know', () => {
    const member = wiseToMember({ ...patron, gender: 'UNKNOWN', notificationPreference: 'PIGEON' }, { loans: [], holds: { items: [] }, fees: [] });
    expect(member.gender).toBeUndefined();
    expect(member.notificationChannel).toBeUndefined();
    expect(member).not.toHaveProperty('loans');
    expect(member).not.toHaveProperty('holds');
    expect(member).not.toHaveProperty('fees');
  });

  it('uses the configured library when the patron does not name one', () => {
    const { libraryId: _library, ...withoutLibrary } = patron;
    expect(wiseToMember(withoutLibrary, {}, { libraryId: 'STA' }).libraryId).toBe('STA');
    expect(mappingError(() => wiseToMember(withoutLibrary)).message).toContain('libraryId');
  });

  it.each([
    ['a patron without an id', { ...patron, id: '  ' }, 'memberId'],
    ['a patron without a last name', { ...patron, lastName: '' }, 'name.lastName'],
    ['an e-mail address that is none', { ...patron, emailAddress: 'g.vanderveen-at-example' }, 'email'],
    ['a phone number with letters', { ...patron, phoneNumber: '0522-STAPHORST' }, 'phone'],
    ['a date of birth that is no day', { ...patron, dateOfBirth: '1978-02-30' }, 'birthDate'],
    ['an address without a street', { ...patron, addresses: [{ houseNumber: '3', zipCode: '7951 AB', city: 'Staphorst' }] }, 'addresses[0].street'],
    ['a country that is no code', { ...patron, addresses: [{ street: 'Markt', houseNumber: '1', zipCode: '7951', city: 'Staphorst', countryCode: 'Atlantis' }] }, 'addresses[0].country'],
    ['a consent without a date', { ...patron, consents: [{ type: 'NEWSLETTER', granted: true }] }, 'consents.newsletter.on'],
    ['a balance in euros', { ...patron, balance: 4.5 }, 'balanceCents'],
  ])('refuses %s with MappingFailed naming the field, not its value', (_what, document, field) => {
    const error = mappingError(() => wiseToMember(document));
    expect(error.code).toBe('MAPPING_FAILED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain(field);
    for (const value of ['g.vanderveen-at-example', 'STAPHORST', '1978-02-30', 'Atlantis', 'Veen', '7951 AB']) {
      expect(error.message).not.toContain(value);
    }
  });

  it('refuses a fee amount with cents after a decimal point, naming the fee', () => {
    expect(mappingError(() => wiseToMember(patron, { fees: [{ feeId: 'F', amount: '4.50' }] })).message).toContain('fees[0].amountCents');
  });

  it('refuses answers that are not JSON objects or lists', () => {
    expect(mappingError(() => wiseToMember('patron')).message).toContain('not a JSON object');
    expect(mappingError(() => wiseToMember(patron, { loans: 'none' })).message).toContain('loans is not a list');
    expect(mappingError(() => wiseToMember(patron, { holds: [42] })).message).toContain('holds[0] is not an object');
  });
});
