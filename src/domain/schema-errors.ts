import type { ErrorObject } from 'ajv';

/** One reason a document was refused, with the offending path in the document's own terms. */
export interface SchemaViolation {
  /** Dotted path with array indexes, e.g. 'name.lastName', 'loans[3].dueOn', or '' for the root. */
  readonly path: string;
  readonly message: string;
}

/** '/loans/3/dueOn' → 'loans[3].dueOn' */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** Turns ajv's errors into violations that name the path (unknown keys named by their own path). */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  const seen = new Set<string>();
  const out: SchemaViolation[] = [];
  for (const error of errors ?? []) {
    const at = pointerToPath(error.instancePath);
    let violation: SchemaViolation;
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      violation = { path: join(at, key), message: 'unknown field: not part of the contract' };
    } else if (error.keyword === 'required') {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      violation = { path: join(at, key), message: 'required field is missing' };
    } else {
      violation = { path: at, message: error.message ?? error.keyword };
    }
    const id = `${violation.path}\u0000${violation.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(violation);
    }
  }
  return out;
}
