import { ValidMember } from '../domain/member';
import { CompiledPolicy } from './policy.compiler';
import { PolicyRefusal } from './policy-refusal';
import { ReleasedPayload } from './released-payload';

/**
 * For jobs over many members (a collection, an export): the release, or undefined when the member gave no
 * consent or nothing is released for them — a member to count, not an error. Any other refusal (an
 * agreement out of force, an unknown purpose) stops the job: it concerns every member alike.
 */
export function releaseIfConsented(policy: CompiledPolicy, member: ValidMember, purpose: string, nowMs: number): ReleasedPayload | undefined {
  try {
    return policy.release(member, purpose, nowMs);
  } catch (error) {
    if (error instanceof PolicyRefusal && (error.code === 'CONSENT_MISSING' || error.code === 'NOTHING_RELEASED')) return undefined;
    throw error;
  }
}
