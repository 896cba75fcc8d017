import { ValidMember } from '../domain/member';
import { DisclosedField, ReleasedPayload } from '../policy/released-payload';

/** A member as a terminal's policy released it in this patron session, and what the ledger has recorded of it. */
export interface SessionDisclosure {
  readonly member: ValidMember;
  readonly payload: ReleasedPayload;
  /** Keys of the fields (path and transform) already written to the ledger for this session. */
  readonly accounted: ReadonlySet<string>;
}

/** The ledger's unit: a field path with the transform it was released with. */
export function disclosureKey(field: DisclosedField): string {
  return `${field.path} ${field.transform}`;
}

/** The fields of a release that the session has not recorded yet (all of them for a first release). */
export function unaccounted(payload: ReleasedPayload, accounted: ReadonlySet<string> = new Set()): DisclosedField[] {
  return payload.disclosedFields().filter((field) => !accounted.has(disclosureKey(field)));
}

/** The session's record after a release: what was recorded before and what this release carries. */
export function accountedAfter(payload: ReleasedPayload, before: ReadonlySet<string> = new Set()): ReadonlySet<string> {
  return new Set([...before, ...payload.disclosedFields().map(disclosureKey)]);
}
