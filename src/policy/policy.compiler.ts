import { leafPathsUnder } from '../domain/field-catalog';
import { ValidMember } from '../domain/member';
import { endOfDayMs, startOfDayMs } from './amsterdam-calendar';
import { presentLeafPaths } from './leaf-paths';
import { ConsentName } from '../domain/member';
import { PolicyDocument, Transform } from './policy.document';
import { PolicyRefusal } from './policy-refusal';
import { planFor } from './projection-plan';
import { generateProjection, generateSerialization, Projection, Serialization } from './projector.codegen';
import { DisclosedField, ReleasedFields, ReleasedPayload } from './released-payload';
import { transformsFor } from './transforms';
import { validatePolicyDocument } from './policy.validator';
import { ValidationFailed } from '../errors/gateway-error';

/** What the compiler needs besides the document: the version's identity and the partner's secret. */
export interface CompileOptions {
  readonly version: number;
  readonly contentHash: string;
  /** Key of the partner's pseudonyms (HMAC-SHA-256); distinct per partner, kept by the gateway. */
  readonly pseudonymSecret: Buffer;
}

export interface CompiledPurpose {
  readonly id: string;
  readonly requiresConsent?: ConsentName;
  readonly project: Projection;
  /** JSON text of what `project` released (its input is the released fields, not the member). */
  readonly serialize: Serialization;
  /** Transform of each leaf path this purpose may let out. */
  readonly transformOf: ReadonlyMap<string, Transform>;
  /** The leaf paths this purpose may let out. */
  readonly allowed: ReadonlySet<string>;
  /** Rules with a condition: the guarded path, and the paths its condition tests (given away by inference). */
  readonly conditions: ReadonlyArray<{ readonly guarded: string; readonly tested: readonly string[] }>;
}

/** A result of {@link CompiledPolicy.preview}: what would leave, and what stays home. */
export interface Preview {
  readonly payload: ReleasedPayload;
  readonly withheld: string[];
}

function compilePurpose(purpose: PolicyDocument['purposes'][number], transforms: ReturnType<typeof transformsFor>): CompiledPurpose {
  const transformOf = new Map<string, Transform>();
  for (const rule of purpose.fields) {
    for (const leaf of leafPathsUnder(rule.path)) transformOf.set(leaf, rule.transform ?? 'copy');
  }
  return {
    id: purpose.id,
    ...(purpose.requiresConsent !== undefined ? { requiresConsent: purpose.requiresConsent } : {}),
    project: generateProjection(planFor(purpose.fields), transforms),
    // The released fields already hold transformed values and passed their conditions: copy them as they are.
    serialize: generateSerialization(planFor(purpose.fields.map(({ path }) => ({ path }))), transforms),
    transformOf,
    allowed: new Set(transformOf.keys()),
    conditions: purpose.fields.filter((rule) => Object.keys(rule.when ?? {}).length > 0).map((rule) => ({ guarded: rule.path, tested: Object.keys(rule.when ?? {}) })),
  };
}

/** Whether the member holds a value at or under a catalog path ('addresses[].city', 'name'). */
function holdsValue(member: unknown, path: string): boolean {
  let level: unknown[] = [member];
  for (const segment of path.split('.')) {
    const key = segment.replace('[]', '');
    const next: unknown[] = [];
    for (const value of level) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = (value as Readonly<Record<string, unknown>>)[key];
      if (child === undefined || child === null) continue;
      if (segment.endsWith('[]')) next.push(...(Array.isArray(child) ? (child as unknown[]) : []));
      else next.push(child);
    }
    level = next;
  }
  return level.length > 0;
}

/**
 * One published policy version, compiled once: each purpose is a generated projection function.
 * Default deny: only listed paths leave; a refused release throws {@link PolicyRefusal}.
 */
export class CompiledPolicy {
  readonly partner: string;
  private readonly purposes: ReadonlyMap<string, CompiledPurpose>;
  private readonly inForceFrom: number;
  private readonly inForceUntil: number;

  constructor(
    readonly document: PolicyDocument,
    readonly version: number,
    readonly contentHash: string,
    pseudonymSecret: Buffer,
  ) {
    this.partner = document.partner;
    const transforms = transformsFor(pseudonymSecret);
    this.purposes = new Map(document.purposes.map((purpose) => [purpose.id, compilePurpose(purpose, transforms)]));
    this.inForceFrom = startOfDayMs(document.agreement.validFrom);
    this.inForceUntil = document.agreement.validUntil === undefined ? Number.POSITIVE_INFINITY : endOfDayMs(document.agreement.validUntil);
  }

  purposeIds(): string[] {
    return [...this.purposes.keys()];
  }

  /** The member's fields that this partner may receive for this purpose, as a sendable payload. */
  release(member: ValidMember, purposeId: string, nowMs: number = Date.now()): ReleasedPayload {
    const purpose = this.purposes.get(purposeId);
    if (purpose === undefined) {
      throw new PolicyRefusal('PURPOSE_UNKNOWN', `partner '${this.partner}' has no purpose '${purposeId}' in policy version ${this.version}`, {
        purposes: this.purposeIds(),
      });
    }
    if (nowMs < this.inForceFrom || nowMs >= this.inForceUntil) {
      const { validFrom, validUntil, reference } = this.document.agreement;
      throw new PolicyRefusal('AGREEMENT_NOT_IN_FORCE', `the agreement '${reference}' with '${this.partner}' is in force from ${validFrom}${validUntil === undefined ? '' : ` until ${validUntil}`}`, {
        validFrom,
        ...(validUntil !== undefined ? { validUntil } : {}),
      });
    }
    if (purpose.requiresConsent !== undefined && member.consents?.[purpose.requiresConsent]?.granted !== true) {
      throw new PolicyRefusal('CONSENT_MISSING', `purpose '${purposeId}' of '${this.partner}' needs the member's '${purpose.requiresConsent}' consent`, {
        consent: purpose.requiresConsent,
      });
    }
    const fields = purpose.project(member, nowMs);
    // A condition decided whether a field the member holds leaves: what the partner gets, or does not, tells it the tested value.
    const inferred = [
      ...new Set(purpose.conditions.filter((condition) => holdsValue(member, condition.guarded)).flatMap((condition) => condition.tested.filter((tested) => holdsValue(member, tested)))),
    ];
    const describe = (released: ReleasedFields): DisclosedField[] => {
      const carried = presentLeafPaths(released).map((path): DisclosedField => ({ path, transform: purpose.transformOf.get(path) ?? 'copy' }));
      const carriedPaths = new Set(carried.map((field) => field.path));
      return [...carried, ...inferred.filter((path) => !carriedPaths.has(path)).map((path): DisclosedField => ({ path, transform: 'inferred' }))];
    };
    return ReleasedPayload.issue(
      { partner: this.partner, purpose: purposeId, policyVersion: this.version, policyHash: this.contentHash, agreementReference: this.document.agreement.reference },
      fields,
      describe,
      (released) => purpose.serialize(released, nowMs),
      purpose.allowed,
    );
  }

  /** What would leave and which of the member's fields would be withheld; nothing is sent. */
  preview(member: ValidMember, purposeId: string, nowMs: number = Date.now()): Preview {
    const payload = this.release(member, purposeId, nowMs);
    const released = new Set(payload.disclosedFields().map((field) => field.path));
    return { payload, withheld: presentLeafPaths(member).filter((path) => !released.has(path)) };
  }
}

/**
 * Compiles a version after validating it again, whatever its source (an API body, a YAML file, a row read
 * back from the database that someone may have edited): an unknown path or transform, an unfit
 * transform, overlapping rules or a bad condition are refused here, not only at the API's edge.
 */
export function compilePolicy(document: PolicyDocument, options: CompileOptions): CompiledPolicy {
  const validation = validatePolicyDocument(document);
  if (!validation.ok) throw new ValidationFailed(`Policy document of '${String((document as { partner?: unknown } | null)?.partner)}'`, validation.violations);
  return new CompiledPolicy(validation.document, options.version, options.contentHash, options.pseudonymSecret);
}
