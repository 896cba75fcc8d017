import { MappingFailed } from '../../errors/partner-errors';
import { CodeList, fromWise } from './wise-codes';
import { normaliseDate } from './wise-dates';

/**
 * Liberal readers of JSON as the lending system (OCLC Wise) writes it, and of released canonical
 * fields: a field may go by several names, blank strings count as absent, extra fields are ignored.
 * A value that cannot be used throws MappingFailed naming the field's canonical path, never the value.
 */
export const WISE_PARTNER = 'hka';

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fail(path: string, problem: string): never {
  throw new MappingFailed(WISE_PARTNER, `${path || '(document)'} ${problem}`);
}

/** True for strings that hold nothing but white space (the empty string included). */
export function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** The first of `keys` that the object holds with a value (not null, not a blank string). */
export function pick(object: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const value = object[key];
    if (value !== null && value !== undefined && !isBlank(value)) return value;
  }
  return undefined;
}

/** Free text, as written (numbers are accepted and written as text). */
export function readText(object: JsonObject, keys: readonly string[], path: string): string | undefined {
  const value = pick(object, keys);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(path, 'is not text');
}

/** Text of a constrained format (codes, dates, numbers): surrounding white space removed. */
export function readToken(object: JsonObject, keys: readonly string[], path: string): string | undefined {
  return readText(object, keys, path)?.trim();
}

/** A whole number, also when written as text ('1250'); amounts are in cents, so no fractions. */
export function readInteger(object: JsonObject, keys: readonly string[], path: string): number | undefined {
  const value = pick(object, keys);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  return fail(path, 'is not a whole number');
}

export function readBoolean(object: JsonObject, keys: readonly string[], path: string): boolean | undefined {
  const value = pick(object, keys);
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'J' || value === 'Y' || value === 1) return true;
  if (value === 'false' || value === 'N' || value === 0) return false;
  return fail(path, 'is not a yes/no value');
}

/** A nested object; absent when missing. */
export function readObject(object: JsonObject, keys: readonly string[], path: string): JsonObject | undefined {
  const value = pick(object, keys);
  if (value === undefined) return undefined;
  if (isObject(value)) return value;
  return fail(path, 'is not an object');
}

const LIST_WRAPPERS = ['items', 'content', 'data', 'results'] as const;

/** A list, bare or wrapped the ways paged APIs wrap them ({ items: [...] }, { content: [...] }…). */
export function asList(value: unknown, path: string, wrappers: readonly string[] = []): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) {
    for (const key of [...wrappers, ...LIST_WRAPPERS]) {
      const inner = value[key];
      if (Array.isArray(inner)) return inner;
    }
  }
  return fail(path, 'is not a list');
}

export function readList(object: JsonObject, keys: readonly string[], path: string): readonly unknown[] | undefined {
  const value = pick(object, keys);
  return value === undefined ? undefined : asList(value, path);
}

/** Each element of a list must be an object. */
export function objectsOf(list: readonly unknown[], path: string): JsonObject[] {
  return list.map((item, index) => (isObject(item) ? item : fail(`${path}[${index}]`, 'is not an object')));
}

/** Writes `value` under `key` unless it is undefined: keeps optional fields out of the output. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** A canonical object under construction (a subset of the canonical member's fields). */
export type Fields = Record<string, unknown>;

export function set(target: Fields, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return;
  target[key] = value;
}

/** A date field: 'YYYY-MM-DD' from any of the ways Wise writes a date. */
export function readDate(object: JsonObject, keys: readonly string[], path: string): string | undefined {
  const text = readToken(object, keys, path);
  if (text === undefined) return undefined;
  return normaliseDate(text) ?? fail(path, 'is not a calendar date');
}

export function readCode<C extends string>(object: JsonObject, keys: readonly string[], path: string, list: CodeList<C>): C | undefined {
  const text = readToken(object, keys, path);
  return text === undefined ? undefined : fromWise(list, text);
}
