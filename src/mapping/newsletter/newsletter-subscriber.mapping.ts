import { MappingFailed } from '../../errors/partner-errors';
import { ReleasedFields } from '../../policy/released-payload';

/** What the newsletter service receives: a subscriber keyed by the library's pseudonym of the member. */
export interface NewsletterSubscriber {
  readonly reference: string;
  readonly email: string;
  readonly firstName?: string;
  readonly interests: readonly string[];
}

const PARTNER = 'newsletter';

/** Canonical released fields → the newsletter service's subscriber document. Pure. */
export function toNewsletterSubscriber(fields: ReleasedFields): NewsletterSubscriber {
  const reference = fields.memberId;
  const email = fields.email;
  if (typeof reference !== 'string') throw new MappingFailed(PARTNER, "the policy released no 'memberId' to key the subscriber by");
  if (typeof email !== 'string') throw new MappingFailed(PARTNER, "a subscriber needs 'email', and the policy released none");
  const name = fields.name as { firstNames?: unknown } | undefined;
  const firstName = typeof name?.firstNames === 'string' ? name.firstNames : undefined;
  const interests = Array.isArray(fields.interests) ? fields.interests.filter((i): i is string => typeof i === 'string') : [];
  return { reference, email, ...(firstName !== undefined && firstName !== '' ? { firstName } : {}), interests };
}

/** The reference to unsubscribe: the pseudonym, released only once the member withdrew consent. */
export function unsubscribeReference(fields: ReleasedFields): string {
  const reference = fields.memberId;
  if (typeof reference !== 'string') throw new MappingFailed(PARTNER, "nothing to unsubscribe: the policy released no 'memberId' (consent not withdrawn)");
  return reference;
}

/** The subscriber document back into canonical member fields (for the round trip of the conformance suite). */
export function fromNewsletterSubscriber(subscriber: NewsletterSubscriber): Record<string, unknown> {
  return {
    memberId: subscriber.reference,
    email: subscriber.email,
    ...(subscriber.firstName !== undefined ? { name: { firstNames: subscriber.firstName } } : {}),
    ...(subscriber.interests.length > 0 ? { interests: [...subscriber.interests] } : {}),
  };
}
