import { SeededRandom } from './seeded-random';

/** Dutch banks: IBAN bank code and BIC. */
export const DUTCH_BANKS = [
  { code: 'ABNA', bic: 'ABNANL2A' },
  { code: 'RABO', bic: 'RABONL2U' },
  { code: 'INGB', bic: 'INGBNL2A' },
  { code: 'SNSB', bic: 'SNSBNL2A' },
  { code: 'ASNB', bic: 'ASNBNL21' },
  { code: 'TRIO', bic: 'TRIONL2U' },
] as const;

/** ISO 13616 check digits: 98 − (BBAN + country + '00', letters as 10..35) mod 97. */
export function ibanCheckDigits(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

/** True when the IBAN's check digits hold (mod 97 of the rearranged IBAN is 1). */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** A ten-digit Dutch account number that passes the old eleven test (weights 10..1, sum divisible by 11). */
function accountNumber(random: SeededRandom): string {
  for (;;) {
    const head = random.digits(9, true);
    const sum = [...head].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
    const last = (11 - (sum % 11)) % 11;
    if (last < 10) return `${head}${last}`;
  }
}

/** A Dutch IBAN with valid check digits, and the BIC of its bank. */
export function dutchIban(random: SeededRandom): { iban: string; bic: string } {
  const bank = random.pick(DUTCH_BANKS);
  const bban = `${bank.code}${accountNumber(random)}`;
  return { iban: `NL${ibanCheckDigits('NL', bban)}${bban}`, bic: bank.bic };
}
