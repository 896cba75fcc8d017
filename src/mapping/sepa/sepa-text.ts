import { SepaProblem } from './sepa-errors';

/**
 * The SEPA Latin character set every SEPA bank must accept (EPC, "SEPA Requirements for an Extended
 * Character Set", the basic set): a-z A-Z 0-9 / - ? : ( ) . , ' + and space. The gateway writes nothing else.
 */
const SEPA_LATIN = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** True when every character of the text is in the SEPA Latin character set. */
export function isSepaLatin(text: string): boolean {
  return SEPA_LATIN.test(text);
}

/** Letters that Unicode decomposition does not reduce to a basic Latin letter, and punctuation with a SEPA twin. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  '&': '+',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '`': "'",
  '´': "'",
  '"': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  _: '-',
  ';': ',',
  '!': '.',
};

/**
 * Converts free text (a name, a remittance line) to the SEPA Latin character set, the way the EPC lets
 * banks convert: accents dropped (Daniëlle → Danielle, Çelik → Celik), a few letters spelled out (ß → ss,
 * Ø → O), typographic quotes and dashes to their plain twins, & to +, any other character (and any run of
 * white space) to one space, trimmed. Deterministic, so a reader sees exactly what was sent.
 */
export function toSepaLatin(text: string): string {
  const decomposed = text.normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const character of decomposed) {
    const spelled = SPELLED_OUT[character] ?? character;
    out += isSepaLatin(spelled) ? spelled : ' ';
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * A name as SEPA carries it: converted to the Latin set and cut at 70 characters (the EPC rulebook's length
 * for every party name, AT-03/AT-14, though the XSD type allows 140). Cutting a name loses nothing the
 * scheme checks: banks do not match names in SEPA Direct Debit.
 */
export const SEPA_NAME_MAX = 70;
export function sepaName(name: string): string {
  return toSepaLatin(name).slice(0, SEPA_NAME_MAX).trimEnd();
}

/**
 * Problems of an identifier the gateway makes (MsgId, PmtInfId, EndToEndId, MndtId): 1 to `max` characters
 * (35 in the XSD) from the SEPA Latin set, not starting or ending with `/` or a space, no `//` (the EPC
 * rule for references, so they survive every bank's conversion unchanged).
 */
export function identifierProblems(value: string, path: string, max = 35): SepaProblem[] {
  if (value.length === 0) return [{ path, rule: 'required', message: 'is empty' }];
  if (value.length > max) return [{ path, rule: 'length', message: `is longer than ${max} characters` }];
  if (!isSepaLatin(value)) return [{ path, rule: 'charset', message: 'holds characters outside the SEPA Latin character set' }];
  if (/^[/ ]|[/ ]$|\/\//.test(value)) return [{ path, rule: 'charset', message: "starts or ends with '/' or a space, or holds '//'" }];
  return [];
}

/** The largest amount of one SEPA transaction: 999 999 999.99 euro (EPC rulebook). */
export const SEPA_MAX_AMOUNT_CENTS = 99_999_999_999;

/** Cents as a decimal euro amount with two places: 1234 → "12.34", 5 → "0.05". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError('an amount in cents is a whole number, not negative');
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  return `${whole}.${fraction.toString().padStart(2, '0')}`;
}

/**
 * A decimal amount as cents ("12.34" → 1234, "12.3" → 1230, "12" → 1200, "+12.340" → 1234), exactly, without
 * floating point. Undefined for what is no amount, for a fraction finer than a cent, or for one too large.
 */
export function parseAmountCents(text: string): number | undefined {
  const match = /^\+?(\d+)(?:\.(\d*))?$/.exec(text.trim()) ?? /^\+?()\.(\d+)$/.exec(text.trim());
  if (match === null) return undefined;
  const whole = match[1] === '' ? '0' : (match[1] as string);
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(2))) return undefined;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}
