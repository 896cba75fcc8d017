import fc from 'fast-check';
import { CatalogField, FIELD_CATALOG } from '../../src/domain/field-catalog';
import { CONSENT_NAMES } from '../../src/domain/member';
import { FieldRule, PolicyDocument, Purpose, Transform } from '../../src/policy/policy.document';

/**
 * fast-check arbitraries for sharing-policy documents that pass validatePolicyDocument: random
 * non-overlapping sets of catalog paths (leaf and object paths), transforms that fit each field's
 * kind, random `when` conditions, optional consent requirements, an agreement in force today.
 */

/** The transforms the validator accepts for a catalog field (kept in step with transformMismatch). */
export function fittingTransforms(field: CatalogField): Transform[] {
  if (!field.leaf) return ['copy'];
  const out: Transform[] = ['copy'];
  if (field.kind === 'date' || field.kind === 'date-time') out.push('year');
  if (field.kind === 'date') out.push('age-band');
  // By what the text is: a postal code, a person's name, an identifier (never a date, an e-mail, free text).
  if (field.role === 'postal-code') out.push('postcode4');
  if (field.role === 'name') out.push('initials');
  if (field.role === 'identifier') out.push('last4');
  if (field.kind !== 'boolean') out.push('pseudonym');
  return out;
}

/** The condition paths the arbitrary uses, with the values each may be compared to. */
export const CONDITION_VALUES: Readonly<Record<string, readonly (string | boolean | number)[]>> = {
  notificationChannel: ['email', 'sms', 'post'],
  // an integer field: the balance the member arbitrary often gives (0, a fee, a credit)
  balanceCents: [0, 350, -200],
  gender: ['M', 'V', 'X'],
  'membership.status': ['active', 'blocked', 'cancelled'],
  ...Object.fromEntries(CONSENT_NAMES.map((name) => [`consents.${name}.granted`, [true, false]])),
};

export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

const whenArbitrary: fc.Arbitrary<Record<string, string | boolean | number>> = fc
  .subarray(Object.keys(CONDITION_VALUES), { minLength: 0, maxLength: 2 })
  .chain((paths) => fc.tuple(...paths.map((path) => fc.constantFrom(...(CONDITION_VALUES[path] ?? [])).map((value) => [path, value] as const))))
  .map((entries) => Object.fromEntries(entries));

function ruleArbitrary(field: CatalogField): fc.Arbitrary<FieldRule> {
  return fc
    .record(
      {
        transform: fc.constantFrom(...fittingTransforms(field)),
        // mostly unconditional; an empty `when` ({}) is valid under the contract and means "always"
        when: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: whenArbitrary }),
      },
      { requiredKeys: [] },
    )
    .map(({ transform, when }) => ({ path: field.path, ...(transform !== undefined ? { transform } : {}), ...(when !== undefined ? { when } : {}) }));
}

/** The fields of one purpose: catalog paths in random order, overlapping ones dropped, each with a rule. */
export const fieldsArbitrary: fc.Arbitrary<FieldRule[]> = fc
  .shuffledSubarray([...FIELD_CATALOG], { minLength: 0, maxLength: 24 })
  .map((fields) => {
    const kept: CatalogField[] = [];
    for (const field of fields) if (!kept.some((other) => pathsOverlap(other.path, field.path))) kept.push(field);
    return kept;
  })
  .chain((fields) => fc.tuple(...fields.map(ruleArbitrary)));

const PURPOSE_IDS = ['lending', 'reminders', 'payments', 'consents', 'newsletter', 'research', 'fee-payment', 'interlibrary-loan', 'direct-debit'];

function purposeArbitrary(id: string): fc.Arbitrary<Purpose> {
  return fc
    .record(
      {
        description: fc.oneof(fc.constantFrom('Materialen uitlenen', 'Herinneringen sturen', 'Kosten innen'), fc.string({ maxLength: 80 })),
        legalBasis: fc.constantFrom('consent' as const, 'contract' as const, 'legal-obligation' as const, 'public-task' as const, 'legitimate-interest' as const),
        // about one purpose in three needs a consent
        requiresConsent: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...CONSENT_NAMES) }),
        retentionDays: fc.nat({ max: 3650 }),
        fields: fieldsArbitrary,
      },
      { requiredKeys: ['description', 'legalBasis', 'fields'] },
    )
    .map(({ requiresConsent, ...purpose }) => ({ id, ...purpose, ...(requiresConsent !== undefined ? { requiresConsent } : {}) }));
}

function amsterdamToday(nowMs: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(nowMs));
}

function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface PolicyArbitraryOptions {
  /** The instant at which the agreement must be in force (default: now). */
  readonly nowMs?: number;
  readonly maxPurposes?: number;
}

/** Whole policy documents, valid under the contract and the catalog, with an agreement in force at `nowMs`. */
export function policyArbitrary(options: PolicyArbitraryOptions = {}): fc.Arbitrary<PolicyDocument> {
  const today = amsterdamToday(options.nowMs ?? Date.now());
  const agreement = fc
    .record(
      {
        reference: fc.oneof(fc.constantFrom('VWO-HKA-2024-01', 'GVV-KB-2023', 'DPA-42'), fc.string({ maxLength: 100 })),
        signedOn: fc.integer({ min: -4000, max: 0 }).map((days) => shiftDay(today, days)),
        validFrom: fc.integer({ min: -4000, max: 0 }).map((days) => shiftDay(today, days)),
        validUntil: fc.integer({ min: 0, max: 4000 }).map((days) => shiftDay(today, days)),
      },
      { requiredKeys: ['reference', 'validFrom'] },
    );
  return fc
    .record({
      partner: fc.oneof(fc.constantFrom('hka', 'kb', 'overijssel', 'bibliotheca', 'appguard', 'ibl', 'bank', 'biebpanel', 'newsletter'), fc.stringMatching(/^[a-z][a-z0-9-]{1,40}$/)),
      displayName: fc.oneof(fc.constantFrom('OCLC Wise', 'Koninklijke Bibliotheek'), fc.string({ maxLength: 120 })),
      relationship: fc.constantFrom('processor' as const, 'joint-controller' as const, 'recipient' as const),
      agreement,
      ids: fc.uniqueArray(fc.oneof(fc.constantFrom(...PURPOSE_IDS), fc.stringMatching(/^[a-z][a-z0-9-]{1,60}$/)), { minLength: 1, maxLength: options.maxPurposes ?? 3 }),
    })
    .chain(({ ids, ...rest }) => fc.tuple(...ids.map(purposeArbitrary)).map((purposes) => ({ ...rest, purposes })));
}
