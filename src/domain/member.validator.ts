import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Member, ValidMember } from './member';
import { memberSchema } from './member.schema';
import { SchemaViolation, toViolations } from './schema-errors';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date', 'date-time', 'email']);
const check = ajv.compile<Member>(memberSchema);

export type MemberValidation =
  | { readonly ok: true; readonly member: ValidMember }
  | { readonly ok: false; readonly violations: SchemaViolation[] };

/**
 * Checks a document against the canonical member contract. Unknown keys anywhere (including
 * '__proto__' and 'constructor' as own keys of parsed JSON) are violations, never passed on.
 */
export function validateMember(document: unknown): MemberValidation {
  if (check(document)) return { ok: true, member: document as ValidMember };
  return { ok: false, violations: toViolations(check.errors) };
}
