import { ValidMember } from '../../domain/member';
import { validateMember } from '../../domain/member.validator';
import { feesToFields, holdsToFields, loansToFields } from './wise-activity-to-fields';
import { fail, set } from './wise-json';
import { wiseToFields } from './wise-to-fields';

/** The answers of the loans, holds and fees endpoints, as Wise served them (any may be absent). */
export interface WiseActivity {
  readonly loans?: unknown;
  readonly holds?: unknown;
  readonly fees?: unknown;
}

export interface WiseToMemberOptions {
  /** The library (instantie) the patron belongs to, when the patron document does not say. */
  readonly libraryId?: string;
}

/**
 * A Wise patron (GET /patron/{pid}/library/{libraryId}/patroninformation) with its loans, holds and
 * fees → the canonical member, checked against the contract. Throws MappingFailed naming the first
 * fields that cannot make a valid member (never their values).
 */
export function wiseToMember(patron: unknown, activity: WiseActivity = {}, options: WiseToMemberOptions = {}): ValidMember {
  const fields = wiseToFields(patron);
  if (activity.loans !== undefined) {
    delete fields.loans;
    set(fields, 'loans', loansToFields(activity.loans));
  }
  if (activity.holds !== undefined) {
    delete fields.holds;
    set(fields, 'holds', holdsToFields(activity.holds));
  }
  if (activity.fees !== undefined) {
    delete fields.fees;
    set(fields, 'fees', feesToFields(activity.fees));
  }
  if (fields.libraryId === undefined) set(fields, 'libraryId', options.libraryId);
  const validation = validateMember(fields);
  if (validation.ok) return validation.member;
  const problems = validation.violations.slice(0, 3).map((violation) => `${violation.path || '(member)'}: ${violation.message}`);
  return fail('patron', `cannot make a valid member: ${problems.join('; ')}`);
}
