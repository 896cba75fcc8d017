import fc from 'fast-check';
import {
  creditorIdCheckDigits,
  creditorIdProblem,
  ibanCheckDigits,
  ibanProblem,
  isValidBic,
  isValidCreditorId,
  isValidIban,
  makeCreditorId,
  makeIban,
  mod97,
  normaliseIban,
} from './iban';

/** IBANs published as examples by the banks' and the registry's documentation (SWIFT IBAN registry, ECBS). */
const PUBLISHED = [
  'NL91ABNA0417164300',
  'BE68539007547034',
  'DE89370400440532013000',
  'FR1420041010050500013M02606',
  'LU280019400644750000',
  'GB82WEST12345698765432',
  'AT611904300234573201',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'CH9300762011623852957',
  'NO9386011117947',
];

describe('IBAN (ISO 13616, mod 97-10)', () => {
  it('accepts the published examples, in electronic and in print form', () => {
    for (const iban of PUBLISHED) expect([iban, ibanProblem(iban)]).toEqual([iban, undefined]);
    expect(isValidIban('nl91 abna 0417 1643 00')).toBe(true);
    expect(normaliseIban(' NL91 ABNA\t0417 1643 00 ')).toBe('NL91ABNA0417164300');
  });

  it('says why an IBAN is not valid', () => {
    expect(ibanProblem('NL91ABNA0417164301')).toBe('check-digits');
    expect(ibanProblem('NL19ABNA0417164300')).toBe('check-digits'); // two digits swapped
    expect(ibanProblem('NL91ABNA041716430')).toBe('length');
    expect(ibanProblem('BE68539007547034 0')).toBe('length');
    expect(ibanProblem('XX91ABNA0417164300')).toBe('country');
    expect(ibanProblem('NL911BNA0417164300')).toBe('bban'); // NL: four letters of bank code
    expect(ibanProblem('NLABABNA0417164300')).toBe('format');
    expect(ibanProblem('')).toBe('format');
    expect(ibanProblem('NL91-ABNA-0417-1643-00')).toBe('format');
    // The php-sepa-xml example pain.008's creditor account has wrong check digits; its debtor account is right.
    expect(ibanProblem('BG87200500001234567890')).toBe('check-digits');
    expect(ibanProblem('DE87200500001234567890')).toBeUndefined();
  });

  it('computes check digits, so the sandbox can make valid IBANs', () => {
    expect(ibanCheckDigits('NL', 'ABNA0417164300')).toBe('91');
    expect(makeIban('de', '370400440532013000')).toBe('DE89370400440532013000');
    expect(mod97('3214282912345698765432161182')).toBe(1); // the registry's worked example (GB82WEST…)
  });

  it('detects every single-character substitution in a valid IBAN (the point of mod 97)', () => {
    const bankCodes = ['ABNA', 'RABO', 'INGB', 'SNSB', 'TRIO', 'ASNB', 'KNAB', 'BUNQ'];
    fc.assert(
      fc.property(fc.constantFrom(...bankCodes), fc.stringMatching(/^\d{10}$/), fc.nat(17), fc.integer({ min: 1, max: 9 }), (bank, account, position, shift) => {
        const iban = makeIban('NL', `${bank}${account}`);
        expect(isValidIban(iban)).toBe(true);
        if (position < 2 || (position >= 4 && position < 8)) return; // letters: a substitution can leave the layout
        const digit = Number(iban[position]);
        const changed = `${iban.slice(0, position)}${(digit + shift) % 10}${iban.slice(position + 1)}`;
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });
});

describe('BIC (ISO 9362)', () => {
  it('accepts 8 and 11 character BICs both pain.008 schemas accept', () => {
    for (const bic of ['ABNANL2A', 'RABONL2U', 'INGBNL2A', 'COBADEFFXXX', 'GEBABEBB', 'bunq nl 2a']) expect([bic, isValidBic(bic)]).toEqual([bic, true]);
  });

  it('refuses what is no BIC', () => {
    for (const bic of ['ABNANL2', 'ABNANL2AX', 'ABNANL1A', 'ABNANL2O', 'AB1ANL2A', 'ABNA122A', '', 'ABNANL2A-XX']) expect([bic, isValidBic(bic)]).toEqual([bic, false]);
  });
});

describe('SEPA creditor identifier (incassant ID, EPC262-08)', () => {
  it('validates published identifiers: the Bundesbank test id and a Belgian one', () => {
    expect(creditorIdProblem('DE98ZZZ09999999999')).toBeUndefined();
    expect(creditorIdProblem('BE69ZZZ050D000000008')).toBeUndefined();
    // The creditor business code (positions 5-7) is not part of the check.
    expect(isValidCreditorId('DE98ABC09999999999')).toBe(true);
    expect(isValidCreditorId('de98 zzz 0999 9999 999')).toBe(true);
  });

  it('computes the check digits over national id + country + "00", for Dutch ids as for any', () => {
    expect(creditorIdCheckDigits('DE', '09999999999')).toBe('98');
    const dutch = makeCreditorId('NL', '999999999999');
    expect(dutch).toBe('NL57ZZZ999999999999');
    expect(isValidCreditorId(dutch)).toBe(true);
    // "NL98ZZZ999999999999" is the shape the Dutch guidelines print, not a valid id: its check digits are wrong.
    expect(creditorIdProblem('NL98ZZZ999999999999')).toBe('check-digits');
    const kvk = makeCreditorId('NL', '301234560000');
    expect(kvk).toMatch(/^NL\d{2}ZZZ301234560000$/);
    expect(isValidCreditorId(kvk)).toBe(true);
  });

  it('says why an identifier is not valid', () => {
    expect(creditorIdProblem('BG40ZZZ507778')).toBe('check-digits'); // the php-sepa-xml example file's
    expect(creditorIdProblem('NL57ZZZ99999999999')).toBe('national-id'); // NL: KvK number + 4-digit serial
    expect(creditorIdProblem('NL57ZZZ')).toBe('format');
    expect(creditorIdProblem('NLXXZZZ999999999999')).toBe('format');
    expect(creditorIdProblem(`DE98ZZZ${'9'.repeat(29)}`)).toBe('format');
  });

  it('every made identifier is valid and every single-digit change of its national id is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(11), fc.integer({ min: 1, max: 9 }), (national, position, shift) => {
        const id = makeCreditorId('NL', national);
        expect(creditorIdProblem(id)).toBeUndefined();
        const index = 7 + position;
        const changed = `${id.slice(0, index)}${(Number(id[index]) + shift) % 10}${id.slice(index + 1)}`;
        expect(creditorIdProblem(changed)).toBe('check-digits');
      }),
    );
  });
});
