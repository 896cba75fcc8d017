import { validateMember } from '../../domain/member.validator';
import { wiseToMember } from '../../mapping/wise/wise-to-member';
import { ibanCheckDigits, isValidIban } from './dutch-iban';
import { generateWiseLibrary } from './wise-member.generator';

describe('generateWiseLibrary', () => {
  const library = generateWiseLibrary(42, 200);
  const patrons = library.patrons.map((record) => record.patron);

  it('gives the same members for the same seed and others for another seed', () => {
    expect(JSON.stringify(generateWiseLibrary(42, 200))).toBe(JSON.stringify(library));
    expect(JSON.stringify(generateWiseLibrary(43, 200))).not.toBe(JSON.stringify(library));
  });

  it('makes members that map to valid canonical members, with unique patron ids and card numbers', () => {
    for (const record of library.patrons) {
      const member = wiseToMember(record.patron, record, { libraryId: 'STA' });
      expect(validateMember(member).ok).toBe(true);
    }
    expect(new Set(patrons.map((patron) => patron.patronSystemId)).size).toBe(200);
    expect(new Set(patrons.map((patron) => patron.cardNumber)).size).toBe(200);
    for (const deleted of library.deleted) expect(patrons.some((patron) => patron.patronSystemId === deleted.patronSystemId)).toBe(false);
  });

  it('uses Dutch names with prefixes, Staphorst-area postcodes and valid Dutch phone numbers', () => {
    expect(patrons.filter((patron) => patron.middleName !== undefined).length).toBeGreaterThan(40);
    expect(patrons.some((patron) => patron.middleName === 'van der')).toBe(true);
    for (const patron of patrons) {
      const address = patron.addresses?.[0];
      expect(address?.zipCode).toMatch(/^795[145] [A-Z]{2}$/);
      expect(address?.zipCode).not.toMatch(/ (SA|SD|SS)$/);
      expect(address?.zipCode).not.toMatch(/[FIOQUY]/);
      expect(patron.phoneNumber?.replace('-', '')).toMatch(/^0(6[1-9]\d{7}|522[2-9]\d{5})$/);
    }
  });

  it('gives IBANs with valid mod-97 check digits and eleven-test account numbers', () => {
    const ibans = patrons.flatMap((patron) => (patron.bankAccount?.iban === undefined ? [] : [patron.bankAccount.iban]));
    expect(ibans.length).toBeGreaterThan(80);
    for (const iban of ibans) {
      expect(iban).toMatch(/^NL\d{2}(ABNA|RABO|INGB|SNSB|ASNB|TRIO)\d{10}$/);
      expect(isValidIban(iban)).toBe(true);
      const account = iban.slice(8);
      expect([...account].reduce((sum, digit, i) => sum + Number(digit) * (10 - i), 0) % 11).toBe(0);
    }
    // The textbook example, and one wrong digit.
    expect(ibanCheckDigits('NL', 'ABNA0417164300')).toBe('91');
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
  });

  it('gives loans, holds and fees in cents, a balance of the open fees, and consents only sometimes', () => {
    expect(library.patrons.some((record) => record.loans.length > 0 && record.holds.length > 0 && record.fees.length > 0)).toBe(true);
    for (const record of library.patrons) {
      for (const fee of record.fees) expect(Number.isSafeInteger(fee.amount)).toBe(true);
      const open = record.fees.filter((fee) => fee.status === 'OPEN').reduce((sum, fee) => sum + (fee.amount ?? 0), 0);
      expect(record.patron.balance).toBe(open);
    }
    const withConsent = patrons.filter((patron) => patron.consents?.some((consent) => consent.granted === true && consent.type !== 'DIRECT_DEBIT'));
    expect(withConsent.length).toBeGreaterThan(20);
    expect(withConsent.length).toBeLessThan(200);
  });
});
