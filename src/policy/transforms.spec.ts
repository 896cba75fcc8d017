import { createHmac } from 'node:crypto';
import { pseudonymizer, toAgeBand, toInitials, toLast4, toPostcode4, toYear, transformsFor } from './transforms';

/** No lone surrogate (with the u flag, a proper pair is one code point and does not match \p{Cs}). */
const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** An instant given as Amsterdam wall-clock time with its UTC offset in hours. */
const amsterdam = (isoLocal: string, offsetHours: 1 | 2): number => Date.parse(`${isoLocal}+0${offsetHours}:00`);

describe('year', () => {
  it('reduces a date to its year', () => {
    expect(toYear('1984-07-12')).toBe('1984');
  });

  it('reduces a date-time to its year, whatever the offset', () => {
    expect(toYear('2024-12-31T23:30:00+01:00')).toBe('2024');
    expect(toYear('2025-01-01T00:00:00Z')).toBe('2025');
  });

  it('withholds what is not a date', () => {
    expect(toYear('12-07-1984')).toBeUndefined();
    expect(toYear('1984')).toBeUndefined();
    expect(toYear('')).toBeUndefined();
  });
});

describe('age-band', () => {
  const on = (day: string): number => amsterdam(`${day}T12:00:00`, 1);

  it.each([
    ['2020-01-15', '0-11'],
    ['2014-01-16', '0-11'], // turns 12 tomorrow
    ['2014-01-15', '12-17'], // 12 today
    ['2008-01-16', '12-17'],
    ['2008-01-15', '18-24'],
    ['2001-01-16', '18-24'],
    ['2001-01-15', '25-44'],
    ['1981-01-16', '25-44'],
    ['1981-01-15', '45-64'],
    ['1961-01-16', '45-64'],
    ['1961-01-15', '65+'],
    ['1926-05-01', '65+'],
    ['2026-01-15', '0-11'], // born today
  ])('born %s is in band %s on 2026-01-15', (birthDate, band) => {
    expect(toAgeBand(birthDate, on('2026-01-15'))).toBe(band);
  });

  it('counts the birthday by the Amsterdam calendar, not by UTC', () => {
    // 18th birthday on 2026-03-15: at 00:30 in Amsterdam it is still 2026-03-14 in UTC
    expect(toAgeBand('2008-03-15', amsterdam('2026-03-15T00:30:00', 1))).toBe('18-24');
    expect(toAgeBand('2008-03-15', amsterdam('2026-03-14T23:59:59', 1))).toBe('12-17');
    // in summer time (UTC+2) the same: 00:00:00 local is 22:00 UTC the day before
    expect(toAgeBand('2008-07-01', amsterdam('2026-07-01T00:00:00', 2))).toBe('18-24');
    expect(toAgeBand('2008-07-01', amsterdam('2026-06-30T23:59:59', 2))).toBe('12-17');
  });

  it('gives a leap-day child its birthday on 1 March in other years', () => {
    expect(toAgeBand('2008-02-29', on('2026-02-28'))).toBe('12-17');
    expect(toAgeBand('2008-02-29', on('2026-03-01'))).toBe('18-24');
  });

  it('withholds a birth date in the future and anything that is not a date', () => {
    expect(toAgeBand('2026-01-16', on('2026-01-15'))).toBeUndefined();
    expect(toAgeBand('2030-01-01', on('2026-01-15'))).toBeUndefined();
    expect(toAgeBand('2008-03-15T00:00:00Z', on('2026-01-15'))).toBeUndefined();
    expect(toAgeBand('15-03-2008', on('2026-01-15'))).toBeUndefined();
  });

  it('gives the right band when called for different days in turn (the day cache does not go stale)', () => {
    expect(toAgeBand('2008-03-15', amsterdam('2026-03-15T10:00:00', 1))).toBe('18-24');
    expect(toAgeBand('2008-03-15', amsterdam('2026-03-14T10:00:00', 1))).toBe('12-17');
    expect(toAgeBand('2008-03-15', amsterdam('2026-03-15T00:00:00', 1))).toBe('18-24');
  });
});

describe('postcode4', () => {
  it.each([
    ['7951AB', '7951'],
    ['7951 AB', '7951'],
    ['7951 ab', '7951'],
    ['7951ab', '7951'],
    [' 7951 AB ', '7951'],
    ['1011 AC', '1011'],
  ])('reduces the Dutch postcode %j to %j', (postcode, digits) => {
    expect(toPostcode4(postcode)).toBe(digits);
  });

  it.each([
    ['49740', 'German'],
    ['1000', 'Belgian (four digits alone)'],
    ['2000', 'Belgian (four digits alone)'],
    ['B-3500', 'Belgian with country prefix'],
    ['SW1A 1AA', 'British'],
    ['L-1234', 'Luxembourg'],
    ['75001', 'French'],
    ['0123 AB', 'a Dutch-looking code starting with 0'],
    ['7951 A', 'one letter'],
    ['7951 ABC', 'three letters'],
    ['79512AB', 'five digits'],
    ['', 'empty'],
  ])('withholds %j (%s)', (postcode) => {
    expect(toPostcode4(postcode)).toBeUndefined();
  });
});

describe('initials', () => {
  it.each([
    ['Jan-Pieter', 'J.P.'],
    ['Jan-Pieter Klaas', 'J.P.K.'],
    ['anna maria', 'A.M.'],
    ['  Geertje   Hendrika ', 'G.H.'],
    ['J.P.', 'J.P.'],
    ['Ömer', 'Ö.'],
    ['Zoë Johanna', 'Z.J.'],
    ['𝒜nna', '𝒜.'],
  ])('gives %j the initials %j', (name, initials) => {
    expect(toInitials(name)).toBe(initials);
  });

  it('never splits a character: astral letters come out whole', () => {
    const result = toInitials('𝒜nna 𝔅ea') ?? '';
    expect(result).toBe('𝒜.𝔅.');
    expect(wellFormed(result)).toBe(true);
  });

  it('withholds a value without any letter group', () => {
    expect(toInitials('')).toBeUndefined();
    expect(toInitials('  - . ')).toBeUndefined();
  });
});

describe('last4', () => {
  it('masks all but the last four characters', () => {
    expect(toLast4('NL91ABNA0417164300')).toBe('**************4300');
    expect(toLast4('12345')).toBe('*2345');
  });

  it('leaves a value of four characters or fewer as it is (nothing comes before the last four)', () => {
    expect(toLast4('1234')).toBe('1234');
    expect(toLast4('abc')).toBe('abc');
    expect(toLast4('')).toBe('');
  });

  it('counts characters, not UTF-16 units, so no surrogate pair is cut', () => {
    expect(toLast4('ab𝒜cd')).toBe('*b𝒜cd');
    expect(toLast4('xx𝒜𝔅𝒞𝒟')).toBe('**𝒜𝔅𝒞𝒟');
    expect(toLast4('𝒜𝔅𝒞𝒟')).toBe('𝒜𝔅𝒞𝒟');
    expect(toLast4('𝒜𝔅𝒞𝒟𝔈')).toBe('*𝔅𝒞𝒟𝔈');
    expect(wellFormed(toLast4('x𝒜𝔅𝒞𝒟'))).toBe(true);
  });

  it('stringifies numbers', () => {
    expect(toLast4(123456)).toBe('**3456');
  });
});

describe('pseudonym', () => {
  const secretA = Buffer.from('secret of partner A');
  const secretB = Buffer.from('secret of partner B');

  it('is the HMAC-SHA-256 of the value with the partner secret, in hex', () => {
    expect(pseudonymizer(secretA)('P123456', 0)).toBe(createHmac('sha256', secretA).update('P123456').digest('hex'));
  });

  it('is stable for one partner and differs between partners', () => {
    const a = pseudonymizer(secretA);
    expect(a('P123456', 0)).toBe(a('P123456', Date.now()));
    expect(pseudonymizer(Buffer.from('secret of partner A'))('P123456', 0)).toBe(a('P123456', 0));
    expect(pseudonymizer(secretB)('P123456', 0)).not.toBe(a('P123456', 0));
    expect(a('P123457', 0)).not.toBe(a('P123456', 0));
  });

  it('hashes a number by its decimal text', () => {
    expect(pseudonymizer(secretA)(1250, 0)).toBe(createHmac('sha256', secretA).update('1250').digest('hex'));
  });
});

describe('transformsFor', () => {
  it('offers every transform except copy, with the partner secret in the pseudonym', () => {
    const table = transformsFor(Buffer.from('k'));
    expect(Object.keys(table).sort()).toEqual(['age-band', 'initials', 'last4', 'postcode4', 'pseudonym', 'year']);
    expect(table.pseudonym('x', 0)).toBe(createHmac('sha256', Buffer.from('k')).update('x').digest('hex'));
  });
});
