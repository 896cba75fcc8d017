import { ConsentName } from '../domain/member';
import { PolicyDocument } from './policy.document';

/** A partner and one purpose of its policy. */
export interface PartnerPurpose {
  readonly partner: string;
  readonly purpose: string;
}

export interface WithdrawalNotices {
  /** Purposes that tell a partner of the withdrawal: every field shared only when the consent is withdrawn. */
  readonly notices: readonly PartnerPurpose[];
  /** Purposes that need the consent at partners whose policy has no such notice: someone must tell them. */
  readonly uninformed: readonly PartnerPurpose[];
}

/**
 * Where a withdrawn consent must be told, read from the policies themselves: a purpose that says
 * `sendOn: [consent-withdrawn]` in a policy with a purpose that `requiresConsent` this consent is a
 * withdrawal notice (the newsletter's `unsubscribe`), and so is, as before `sendOn` existed, a purpose
 * whose every field carries `when: { consents.<name>.granted: false }`. A partner with a purpose that needs
 * the consent but no notice is listed as uninformed, so that the officer sees who must be told by other means.
 */
export function withdrawalNotices(policies: readonly PolicyDocument[], consent: ConsentName): WithdrawalNotices {
  const condition = `consents.${consent}.granted`;
  const notices: PartnerPurpose[] = [];
  const uninformed: PartnerPurpose[] = [];
  for (const policy of policies) {
    const needsIt = policy.purposes.filter((purpose) => purpose.requiresConsent === consent);
    const own = policy.purposes.filter(
      (purpose) =>
        (needsIt.length > 0 && purpose.sendOn?.includes('consent-withdrawn') === true) ||
        (purpose.fields.length > 0 && purpose.fields.every((field) => field.when?.[condition] === false)),
    );
    notices.push(...own.map((purpose) => ({ partner: policy.partner, purpose: purpose.id })));
    if (own.length === 0) uninformed.push(...needsIt.map((purpose) => ({ partner: policy.partner, purpose: purpose.id })));
  }
  return { notices, uninformed };
}
