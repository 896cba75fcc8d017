import { createHmac } from 'node:crypto';
import { amsterdamDay } from './amsterdam-calendar';
import { Transform } from './policy.document';

/** A value transform: returns the value to send, or undefined to withhold it. */
export type ValueTransform = (value: string | number, nowMs: number) => string | number | undefined;

const AGE_BANDS: ReadonlyArray<readonly [number, string]> = [
  [12, '0-11'],
  [18, '12-17'],
  [25, '18-24'],
  [45, '25-44'],
  [65, '45-64'],
];

/** 'YYYY-MM-DD…' → 'YYYY'. */
export function toYear(value: string | number): string | undefined {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(String(value));
  return match?.[1];
}

/** A birth date → its age band on the given day in Amsterdam. */
export function toAgeBand(value: string | number, nowMs: number): string | undefined {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (birth === null) return undefined;
  const today = amsterdamDay(nowMs);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const by = Number(birth[1]);
  const bm = Number(birth[2]);
  const bd = Number(birth[3]);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (age < 0) return undefined;
  for (const [below, band] of AGE_BANDS) if (age < below) return band;
  return '65+';
}

/** A Dutch postcode '7951 AB' → '7951'; anything else (four digits alone: a Belgian or Danish code) is withheld. */
export function toPostcode4(value: string | number): string | undefined {
  const match = /^\s*([1-9]\d{3})\s?[A-Za-z]{2}\s*$/.exec(String(value));
  return match?.[1];
}

/** 'Jan-Pieter Klaas' → 'J.P.K.' */
export function toInitials(value: string | number): string | undefined {
  const letters = String(value)
    .split(/[\s.\-']+/u)
    .filter((part) => part.length > 0)
    .map((part) => `${String.fromCodePoint(part.codePointAt(0) ?? 0).toUpperCase()}.`);
  return letters.length === 0 ? undefined : letters.join('');
}

/** All but the last four characters (code points, so no surrogate pair is split) replaced by '*'. */
export function toLast4(value: string | number): string {
  const text = String(value);
  if (text.length <= 4) return text;
  const chars = Array.from(text);
  return chars.length <= 4 ? text : '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/** A keyed hash (HMAC-SHA-256, hex) with the partner's own secret: stable per partner, different between partners. */
export function pseudonymizer(secret: Buffer): ValueTransform {
  return (value) => createHmac('sha256', secret).update(String(value)).digest('hex');
}

export type TransformTable = Readonly<Record<Exclude<Transform, 'copy'>, ValueTransform>>;

/**
 * The transforms of one partner, with that partner's pseudonym secret: a frozen table without a
 * prototype, so no name a document might carry ('constructor', 'toString') finds anything in it.
 */
export function transformsFor(pseudonymSecret: Buffer): TransformTable {
  const table = Object.assign(Object.create(null) as Record<string, ValueTransform>, {
    year: toYear,
    'age-band': toAgeBand,
    postcode4: toPostcode4,
    initials: toInitials,
    last4: toLast4,
    pseudonym: pseudonymizer(pseudonymSecret),
  });
  return Object.freeze(table);
}

/** Whether `name` is a transform of the table (its own entry, not anything inherited). */
export function isTransformOf(table: TransformTable, name: string): name is Exclude<Transform, 'copy'> {
  return Object.prototype.hasOwnProperty.call(table, name) && typeof (table as Readonly<Record<string, unknown>>)[name] === 'function';
}
