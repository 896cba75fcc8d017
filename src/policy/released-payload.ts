import { Transform } from './policy.document';

/**
 * One field that left (or would leave): its catalog leaf path and the transform applied — or 'inferred'
 * for a field the payload does not carry but gives away: one a `when` condition tested to decide what
 * leaves (what left, or did not, tells the partner its value).
 */
export interface DisclosedField {
  readonly path: string;
  readonly transform: Transform | 'inferred';
}

/** The canonical member as the policy lets it out: a subset of the member's fields, some transformed. */
export type ReleasedFields = Readonly<Record<string, unknown>>;

/** Where a release came from: the partner, the purpose and the exact policy version that allowed it. */
export interface ReleaseOrigin {
  readonly partner: string;
  readonly purpose: string;
  readonly policyVersion: number;
  readonly policyHash: string;
  readonly agreementReference: string;
}

const issued = new WeakSet<object>();

/**
 * The only thing a connector will send. It can be made only by {@link issueReleasedPayload}, which
 * the policy compiler alone calls; connectors check {@link isReleasedPayload} at run time as well, so
 * neither a type cast nor a hand-built object can pass for one.
 */
export class ReleasedPayload {
  private constructor(
    readonly origin: ReleaseOrigin,
    readonly fields: ReleasedFields,
    private readonly describe: (fields: ReleasedFields) => DisclosedField[],
    private readonly serialize: (fields: ReleasedFields) => string,
    private readonly allowedPaths: ReadonlySet<string> = new Set(),
  ) {
    Object.freeze(this);
  }

  /**
   * Whether the policy lets anything at or under this path out for this purpose, whether or not the
   * member has it: an empty list the policy releases is 'none', not 'withheld'.
   */
  releases(path: string): boolean {
    for (const allowed of this.allowedPaths) if (allowed === path || allowed.startsWith(`${path}.`) || allowed.startsWith(`${path}[]`)) return true;
    return false;
  }

  /** The released fields as JSON text, written in one pass: exactly `JSON.stringify(this.fields)`. */
  json(): string {
    return this.serialize(this.fields);
  }

  /** The leaf paths that this payload carries, with their transforms, and what it gives away by inference: what the ledger records. */
  disclosedFields(): DisclosedField[] {
    return this.describe(this.fields);
  }

  /** Whether the payload carries any field at all (inferred ones are not carried). */
  carriesFields(): boolean {
    return this.describe(this.fields).some((field) => field.transform !== 'inferred');
  }

  /** @internal used by the policy compiler only (the architecture check enforces it). */
  static issue(
    origin: ReleaseOrigin,
    fields: ReleasedFields,
    describe: (fields: ReleasedFields) => DisclosedField[],
    serialize: (fields: ReleasedFields) => string,
    allowedPaths?: ReadonlySet<string>,
  ): ReleasedPayload {
    const payload = new ReleasedPayload(origin, fields, describe, serialize, allowedPaths);
    issued.add(payload);
    return payload;
  }
}

export function isReleasedPayload(value: unknown): value is ReleasedPayload {
  return typeof value === 'object' && value !== null && issued.has(value);
}
