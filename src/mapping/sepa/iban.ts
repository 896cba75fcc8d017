/**
 * IBAN (ISO 13616), BIC (ISO 9362) and SEPA creditor identifier checks. Pure functions: no I/O, no values in
 * any message (an IBAN is member data).
 */

/** IBAN length per country (SWIFT IBAN registry). The French overseas departments and territories use FR. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** The BBAN layout of the countries a Dutch library meets most, beyond the length. */
const BBAN_PATTERNS: Readonly<Record<string, RegExp>> = {
  NL: /^[A-Z]{4}\d{10}$/, // bank code, account number
  BE: /^\d{12}$/,
  DE: /^\d{18}$/, // Bankleitzahl, account number
  LU: /^\d{3}[A-Z0-9]{13}$/,
  FR: /^\d{10}[A-Z0-9]{11}\d{2}$/, // bank, branch, account, RIB key
  AT: /^\d{16}$/,
  ES: /^\d{20}$/,
  IT: /^[A-Z]\d{10}[A-Z0-9]{12}$/,
  GB: /^[A-Z]{4}\d{14}$/,
};

/** An IBAN in electronic form: white space out, upper case ("nl91 abna 0417 1643 00" → "NL91ABNA0417164300"). */
export function normaliseIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/**
 * The remainder modulo 97 of the number an alphanumeric string stands for when each letter is replaced by two
 * digits (A = 10 … Z = 35), as ISO 7064 MOD 97-10 reads it. Taken digit by digit: no big numbers.
 */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const character of alphanumeric) {
    const code = character.charCodeAt(0);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else throw new RangeError('mod 97 is taken over digits and upper-case letters only');
  }
  return remainder;
}

export type IbanProblem = 'format' | 'country' | 'length' | 'bban' | 'check-digits';

/**
 * Why an IBAN (normalised first) is not valid, or undefined when it is: two letters of a known country, two
 * check digits, the country's length and (for NL, BE, DE, LU, FR, AT, ES, IT, GB) its BBAN layout, and mod 97 = 1
 * after moving the first four characters to the end.
 */
export function ibanProblem(iban: string): IbanProblem | undefined {
  const electronic = normaliseIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(electronic)) return 'format';
  const country = electronic.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return 'country';
  if (electronic.length !== length) return 'length';
  const bban = electronic.slice(4);
  if (BBAN_PATTERNS[country]?.test(bban) === false) return 'bban';
  if (electronic.slice(2, 4) === '00' || electronic.slice(2, 4) === '01' || electronic.slice(2, 4) === '99') return 'check-digits';
  return mod97(bban + electronic.slice(0, 4)) === 1 ? undefined : 'check-digits';
}

/** True for a valid IBAN (spaces and lower case allowed: it is normalised first). */
export function isValidIban(iban: string): boolean {
  return ibanProblem(iban) === undefined;
}

/** The two IBAN check digits for a country and BBAN (98 minus the remainder of BBAN + country + "00"). */
export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(`${bban.toUpperCase()}${country.toUpperCase()}00`)).padStart(2, '0');
}

/** A whole IBAN from a country and BBAN, check digits computed (for tests and the sandbox bank). */
export function makeIban(country: string, bban: string): string {
  return `${country.toUpperCase()}${ibanCheckDigits(country, bban)}${bban.toUpperCase()}`;
}

/** A BIC in electronic form: white space out, upper case. */
export function normaliseBic(bic: string): string {
  return bic.replace(/\s+/g, '').toUpperCase();
}

/**
 * True for a BIC (ISO 9362) of 8 or 11 characters that both SEPA schemas accept: 4 letters of institution
 * code, 2 of country, 2 alphanumerics of location (not 0 or 1 first, no O second: the pain.008.001.02
 * pattern), optionally 3 of branch. Normalised first.
 */
export function isValidBic(bic: string): boolean {
  return /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(normaliseBic(bic));
}

/** A creditor identifier in electronic form: white space out, upper case. */
export function normaliseCreditorId(creditorId: string): string {
  return creditorId.replace(/\s+/g, '').toUpperCase();
}

/**
 * The check digits of a SEPA creditor identifier (EPC262-08): mod 97-10 over the national identifier followed
 * by the country code and "00", the creditor business code (positions 5-7, "ZZZ" by default) left out.
 * For a Dutch incassant ID the national identifier is the 8-digit KvK number and a 4-digit serial.
 */
export function creditorIdCheckDigits(country: string, nationalId: string): string {
  const national = nationalId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return String(98 - mod97(`${national}${country.toUpperCase()}00`)).padStart(2, '0');
}

/** A creditor identifier with its check digits computed: makeCreditorId('NL', '999999999999') → "NL98ZZZ999999999999". */
export function makeCreditorId(country: string, nationalId: string, businessCode = 'ZZZ'): string {
  return `${country.toUpperCase()}${creditorIdCheckDigits(country, nationalId)}${businessCode.toUpperCase()}${nationalId.toUpperCase()}`;
}

export type CreditorIdProblem = 'format' | 'national-id' | 'check-digits';

/**
 * Why a creditor identifier (normalised first) is not valid, or undefined: country, 2 check digits, a 3-character
 * business code, a national identifier (for NL: 12 digits, KvK number and serial), at most 35 characters in
 * all, check digits right.
 */
export function creditorIdProblem(creditorId: string): CreditorIdProblem | undefined {
  const id = normaliseCreditorId(creditorId);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return 'format';
  const country = id.slice(0, 2);
  const national = id.slice(7);
  if (country === 'NL' && !/^\d{12}$/.test(national)) return 'national-id';
  return creditorIdCheckDigits(country, national) === id.slice(2, 4) ? undefined : 'check-digits';
}

/** True for a valid SEPA creditor identifier. */
export function isValidCreditorId(creditorId: string): boolean {
  return creditorIdProblem(creditorId) === undefined;
}
