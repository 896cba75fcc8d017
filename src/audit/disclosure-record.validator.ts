import { ValidationFailed } from '../errors/gateway-error';
import { TRANSFORMS } from '../policy/policy.document';
import { DisclosureRecord } from './disclosure-record';

/** A catalog-style path ('address.postcode', 'loans[].title'): letters only, so no value fits in it. */
export const FIELD_PATH_PATTERN = /^[a-zA-Z]+(\[\])?(\.[a-zA-Z]+(\[\])?)*$/;
const TOKEN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const KNOWN_TRANSFORMS: ReadonlySet<string> = new Set([...TRANSFORMS, 'inferred']);

interface Violation {
  path: string;
  message: string;
}

function checkToken(violations: Violation[], path: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !TOKEN_PATTERN.test(value)) {
    violations.push({ path, message: `must be an identifier of 1 to ${maxLength} characters (letters, digits, . _ : / -)` });
  }
}

/**
 * Refuses a record that could carry member field values into the ledger. Messages name the offending
 * property, never its content, because that content may be exactly the value that must not be logged.
 */
export function assertDisclosureRecord(record: DisclosureRecord): void {
  const violations: Violation[] = [];
  checkToken(violations, 'memberId', record.memberId, 64);
  checkToken(violations, 'partner', record.partner, 64);
  checkToken(violations, 'purpose', record.purpose, 100);
  checkToken(violations, 'policyHash', record.policyHash, 100);
  checkToken(violations, 'agreementReference', record.agreementReference, 200);
  if (record.exchangeId !== undefined) checkToken(violations, 'exchangeId', record.exchangeId, 100);
  if (!Number.isSafeInteger(record.policyVersion) || record.policyVersion < 1) {
    violations.push({ path: 'policyVersion', message: 'must be a positive integer' });
  }
  if (!Array.isArray(record.fields)) {
    violations.push({ path: 'fields', message: 'must be a list of { path, transform }' });
  } else {
    record.fields.forEach((field: unknown, index) => {
      const candidate = (typeof field === 'object' && field !== null ? field : {}) as Record<string, unknown>;
      const path = candidate['path'];
      const transform = candidate['transform'];
      if (typeof path !== 'string' || path.length > 200 || !FIELD_PATH_PATTERN.test(path)) {
        violations.push({ path: `fields[${index}].path`, message: 'must be a catalog field path' });
      }
      if (typeof transform !== 'string' || !KNOWN_TRANSFORMS.has(transform)) {
        violations.push({ path: `fields[${index}].transform`, message: `must be one of ${[...TRANSFORMS, 'inferred'].join(', ')}` });
      }
      const extra = Object.keys(candidate).filter((key) => key !== 'path' && key !== 'transform');
      if (extra.length > 0) violations.push({ path: `fields[${index}]`, message: 'must hold only path and transform' });
    });
  }
  if (violations.length > 0) throw new ValidationFailed('Disclosure record', violations);
}
