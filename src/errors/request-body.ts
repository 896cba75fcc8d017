import { ValidationFailed } from './gateway-error';

/** A JSON request body as an object, or a 422 naming what is wrong. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationFailed('request body', [{ path: '', message: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationFailed('request body', [{ path: key, message: value === undefined ? 'required field is missing' : 'must be a non-empty string' }]);
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  return body[key] === undefined ? undefined : requiredString(body, key);
}

export function optionalPositiveInteger(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationFailed('request body', [{ path: key, message: 'must be a positive integer' }]);
  }
  return value;
}

/** Refuses keys that the endpoint does not know: nothing unknown is silently dropped or passed on. */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ValidationFailed('request body', unknown.map((key) => ({ path: key, message: 'unknown field' })));
  }
}

/** A path or query parameter that must be a positive integer (a version number). */
export function positiveIntegerParam(value: string | undefined, name: string): number {
  const number = Number(value);
  if (value === undefined || !/^[1-9][0-9]{0,8}$/.test(value) || !Number.isSafeInteger(number)) {
    throw new ValidationFailed('request', [{ path: name, message: `must be a positive integer (got '${value ?? ''}')` }]);
  }
  return number;
}
