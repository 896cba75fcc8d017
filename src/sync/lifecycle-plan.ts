import { ConsentName } from '../domain/member';
import { LifecycleEvent, PolicyDocument, Purpose } from '../policy/policy.document';

/**
 * What the gateway remembers of one member at one partner, between cycles: which consents of the
 * partner's purposes the member had given, and for each purpose the partner holds, a keyed digest of what
 * it last received (never the payload itself). No digest: the partner holds nothing for that purpose.
 */
export interface PartnerStanding {
  readonly consents: readonly ConsentName[];
  readonly digests: Readonly<Record<string, string>>;
}

export const NO_STANDING: PartnerStanding = Object.freeze({ consents: [], digests: Object.freeze({}) });

/** One message a lifecycle event sends: the purpose, the event, and (for what the partner will hold) its digest. */
export interface LifecycleSend {
  readonly purpose: string;
  readonly event: LifecycleEvent;
  /** Digest of the released payload (events that give the partner data to hold). */
  readonly digest?: string;
  /** The consent a consent-withdrawn message is about. */
  readonly consent?: ConsentName;
}

export interface LifecycleInput {
  /** The partner's active policy. */
  readonly policy: PolicyDocument;
  /** Whether the member counts as a member today (isCurrentMember). */
  readonly current: boolean;
  readonly granted: ReadonlySet<ConsentName>;
  readonly prior: PartnerStanding;
  /** Digest of what the purpose releases for this member now; undefined when it releases nothing (refused). */
  digestOf(purpose: Purpose): string | undefined;
  /** 'initial': only what gives the partner data (joined, changed, consent-granted); never a leaver's message. */
  readonly scope: 'incremental' | 'initial';
}

export interface LifecyclePlan {
  readonly sends: readonly LifecycleSend[];
  /** Purposes the event called for that release nothing for this member (a policy refusal). */
  readonly refused: readonly { readonly purpose: string; readonly event: LifecycleEvent }[];
  /** The standing once every send is accepted. */
  readonly next: PartnerStanding;
}

const HOLDING: readonly LifecycleEvent[] = ['joined', 'changed', 'consent-granted'];
const ENDING: readonly LifecycleEvent[] = ['left', 'erased', 'consent-withdrawn'];

/** Purposes that give the partner data to hold (sent on joined, changed or consent-granted). */
export function isHoldingPurpose(purpose: Purpose): boolean {
  return purpose.sendOn?.some((event) => HOLDING.includes(event)) === true;
}

/** Purposes that tell the partner to let go (sent on left, erased or consent-withdrawn). */
export function isEndingPurpose(purpose: Purpose): boolean {
  return purpose.sendOn?.some((event) => ENDING.includes(event)) === true;
}

/**
 * The lifecycle of one member at one partner, decided from the member as the system of record has it now
 * and the standing remembered from before (a pure function: the sync service loads, sends and stores):
 *
 * - a holding purpose (sendOn joined / changed / consent-granted) is sent when the partner does not hold it
 *   yet and the member is a member (`joined`; `consent-granted` when its consent was not given before), or
 *   when what it releases changed since the partner last received it (`changed`);
 * - an ending purpose (sendOn left / consent-withdrawn) is sent when the partner holds something of a member
 *   who is no longer one (`left`), or something that needed a consent the member no longer gives
 *   (`consent-withdrawn`); what the partner held is then forgotten. `erased` is the erasure service's.
 */
export function planLifecycle(input: LifecycleInput): LifecyclePlan {
  const { policy, current, granted, prior, scope } = input;
  const sends: LifecycleSend[] = [];
  const refused: { purpose: string; event: LifecycleEvent }[] = [];
  const digests: Record<string, string> = { ...prior.digests };
  const relevant = new Set(policy.purposes.flatMap((purpose) => (purpose.requiresConsent === undefined ? [] : [purpose.requiresConsent])));
  const withdrawn = new Set(prior.consents.filter((consent) => !granted.has(consent)));
  const holdsAny = Object.keys(prior.digests).length > 0;
  const holdsWithdrawn = policy.purposes.some((purpose) => purpose.requiresConsent !== undefined && withdrawn.has(purpose.requiresConsent) && prior.digests[purpose.id] !== undefined);

  if (scope === 'incremental' && !current && holdsAny) {
    for (const purpose of policy.purposes.filter((p) => p.sendOn?.includes('left') === true)) send(purpose, 'left');
    for (const key of Object.keys(digests)) delete digests[key];
  } else if (scope === 'incremental' && holdsWithdrawn) {
    const consent = policy.purposes.find((p) => p.requiresConsent !== undefined && withdrawn.has(p.requiresConsent) && prior.digests[p.id] !== undefined)?.requiresConsent;
    for (const purpose of policy.purposes.filter((p) => p.sendOn?.includes('consent-withdrawn') === true)) send(purpose, 'consent-withdrawn', consent);
  }
  // What needed a consent that is gone is no longer held, notice or not.
  for (const purpose of policy.purposes) {
    if (purpose.requiresConsent !== undefined && withdrawn.has(purpose.requiresConsent)) delete digests[purpose.id];
  }

  if (current) {
    for (const purpose of policy.purposes.filter(isHoldingPurpose)) {
      const events = purpose.sendOn ?? [];
      const held = digests[purpose.id];
      const consent = purpose.requiresConsent;
      const event: LifecycleEvent | undefined =
        held === undefined
          ? consent !== undefined && events.includes('consent-granted') && !prior.consents.includes(consent)
            ? 'consent-granted'
            : events.includes('joined')
              ? 'joined'
              : undefined
          : events.includes('changed')
            ? 'changed'
            : undefined;
      if (event === undefined) continue;
      if (event === 'consent-granted' && !granted.has(consent as ConsentName)) continue;
      const digest = input.digestOf(purpose);
      if (digest === undefined) {
        // Refused for this member: only worth saying when the event really called for it.
        if (event !== 'changed' && (consent === undefined || granted.has(consent))) refused.push({ purpose: purpose.id, event });
        if (event === 'changed') delete digests[purpose.id];
        continue;
      }
      if (digest === held) continue;
      sends.push({ purpose: purpose.id, event, digest });
      digests[purpose.id] = digest;
    }
  }
  return { sends, refused, next: { consents: [...granted].filter((consent) => relevant.has(consent)).sort(), digests } };

  function send(purpose: Purpose, event: LifecycleEvent, consent?: ConsentName): void {
    if (input.digestOf(purpose) === undefined) refused.push({ purpose: purpose.id, event });
    else sends.push({ purpose: purpose.id, event, ...(consent === undefined ? {} : { consent }) });
  }
}
