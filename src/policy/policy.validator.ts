import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalogField, CatalogField, suggestPath } from '../domain/field-catalog';
import { SchemaViolation, toViolations } from '../domain/schema-errors';
import { PolicyDocument, Transform, TRANSFORMS } from './policy.document';
import { sharingPolicySchema } from './sharing-policy.schema';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date']);
const checkSchema = ajv.compile<PolicyDocument>(sharingPolicySchema);

export type PolicyValidation =
  | { readonly ok: true; readonly document: PolicyDocument }
  | { readonly ok: false; readonly violations: SchemaViolation[] };

/** Why a transform cannot apply to a field, or undefined when it can. */
function transformMismatch(transform: Transform, field: CatalogField): string | undefined {
  if (transform === 'copy') return undefined;
  if (!field.leaf) return `transform '${transform}' applies to a single value, but '${field.path}' is an object`;
  switch (transform) {
    case 'year':
      return field.kind === 'date' || field.kind === 'date-time' ? undefined : `transform 'year' needs a date, '${field.path}' is ${kindWithArticle(field.kind)}`;
    case 'age-band':
      return field.kind === 'date' ? undefined : `transform 'age-band' needs a date, '${field.path}' is ${kindWithArticle(field.kind)}`;
    case 'pseudonym':
      return field.kind === 'boolean' ? `transform 'pseudonym' on a boolean would reveal it` : undefined;
    case 'initials':
      return field.role === 'name' ? undefined : `transform 'initials' needs a person's name, '${field.path}' is ${describe(field)}`;
    case 'postcode4':
      return field.role === 'postal-code' ? undefined : `transform 'postcode4' needs a postal code, '${field.path}' is ${describe(field)}`;
    case 'last4':
      return field.role === 'identifier' ? undefined : `transform 'last4' needs an identifier or number, '${field.path}' is ${describe(field)}`;
    default:
      // Every transform is named above; one added to the contract without a rule here is refused.
      return `transform '${String(transform satisfies never)}' has no rule for which fields it fits`;
  }
}

function kindWithArticle(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function describe(field: CatalogField): string {
  if (field.kind !== 'string') return kindWithArticle(field.kind);
  if (field.enumValues !== undefined) return 'a choice from a list';
  return field.role === undefined ? 'free text' : `a${field.role === 'email' || field.role === 'identifier' ? 'n' : ''} ${field.role.replace('-', ' ')}`;
}

/** The transforms that fit a catalog field: what the console offers, and all the validator accepts. */
export function fittingTransforms(field: CatalogField): Transform[] {
  return TRANSFORMS.filter((transform) => transformMismatch(transform, field) === undefined);
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The checks the schema cannot express: paths of the catalog, fitting transforms and conditions. */
function semanticViolations(document: PolicyDocument): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const { agreement } = document;
  if (agreement.validUntil !== undefined && agreement.validUntil < agreement.validFrom) {
    out.push({ path: 'agreement.validUntil', message: 'lies before agreement.validFrom' });
  }
  const purposeIds = new Set<string>();
  document.purposes.forEach((purpose, p) => {
    if (purposeIds.has(purpose.id)) out.push({ path: `purposes[${p}].id`, message: `duplicate purpose '${purpose.id}'` });
    purposeIds.add(purpose.id);
    const seen: string[] = [];
    purpose.fields.forEach((rule, f) => {
      const at = `purposes[${p}].fields[${f}]`;
      const field = catalogField(rule.path);
      if (field === undefined) {
        const hint = suggestPath(rule.path);
        out.push({ path: `${at}.path`, message: `unknown field path '${rule.path}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}` });
        return;
      }
      const clash = seen.find((other) => overlaps(other, rule.path));
      if (clash !== undefined) out.push({ path: `${at}.path`, message: `'${rule.path}' overlaps '${clash}' listed before in this purpose` });
      seen.push(rule.path);
      const mismatch = transformMismatch(rule.transform ?? 'copy', field);
      if (mismatch !== undefined) out.push({ path: `${at}.transform`, message: mismatch });
      for (const [conditionPath, value] of Object.entries(rule.when ?? {})) {
        const condition = catalogField(conditionPath);
        const where = `${at}.when.${conditionPath}`;
        if (condition === undefined) {
          out.push({ path: where, message: `unknown field path '${conditionPath}' in condition` });
        } else if (!condition.leaf || condition.inArray) {
          out.push({ path: where, message: `a condition must name a single value outside any list, '${conditionPath}' is not one` });
        } else if (condition.enumValues !== undefined && !condition.enumValues.includes(String(value))) {
          out.push({ path: where, message: `'${String(value)}' is not one of ${condition.enumValues.join(', ')}` });
        } else if (condition.kind === 'boolean' ? typeof value !== 'boolean' : condition.kind === 'integer' ? typeof value !== 'number' : typeof value !== 'string') {
          out.push({ path: where, message: `'${conditionPath}' holds a ${condition.kind}, the condition gives a ${typeof value}` });
        }
      }
    });
  });
  return out;
}

/**
 * Checks a sharing-policy document against the contract and the field catalog.
 * Every refusal names the offending path inside the document.
 */
export function validatePolicyDocument(document: unknown): PolicyValidation {
  if (!checkSchema(document)) return { ok: false, violations: toViolations(checkSchema.errors) };
  const violations = semanticViolations(document);
  return violations.length === 0 ? { ok: true, document } : { ok: false, violations };
}
