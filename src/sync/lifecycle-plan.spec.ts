import fc from 'fast-check';
import { ConsentName } from '../domain/member';
import { LIFECYCLE_EVENTS, LifecycleEvent, PolicyDocument, Purpose } from '../policy/policy.document';
import { LifecycleInput, NO_STANDING, PartnerStanding, planLifecycle } from './lifecycle-plan';
import { isCurrentMember } from './member-standing';

const KB: PolicyDocument = {
  partner: 'kb',
  displayName: 'KB',
  relationship: 'joint-controller',
  agreement: { reference: 'r', validFrom: '2024-01-01' },
  purposes: [
    { id: 'login', description: 'd', legalBasis: 'public-task', fields: [{ path: 'cardNumber' }] },
    { id: 'register', description: 'd', legalBasis: 'public-task', sendOn: ['joined', 'changed'], fields: [{ path: 'cardNumber' }] },
    { id: 'deregister', description: 'd', legalBasis: 'public-task', sendOn: ['left', 'erased'], fields: [{ path: 'memberId' }] },
  ],
};

const NEWSLETTER: PolicyDocument = {
  partner: 'newsletter',
  displayName: 'N',
  relationship: 'processor',
  agreement: { reference: 'r', validFrom: '2024-01-01' },
  purposes: [
    { id: 'subscribe', description: 'd', legalBasis: 'consent', requiresConsent: 'newsletter', sendOn: ['consent-granted', 'changed'], fields: [{ path: 'email' }] },
    { id: 'unsubscribe', description: 'd', legalBasis: 'legal-obligation', sendOn: ['consent-withdrawn', 'left', 'erased'], fields: [{ path: 'memberId' }] },
  ],
};

function plan(policy: PolicyDocument, current: boolean, prior: PartnerStanding, digest: string, options: Partial<LifecycleInput> = {}) {
  const granted = options.granted ?? new Set<ConsentName>();
  return planLifecycle({
    policy,
    current,
    granted,
    prior,
    scope: 'incremental',
    // The consent check of the real policy engine: a purpose that needs a consent releases nothing without it.
    digestOf: (purpose) => (purpose.requiresConsent !== undefined && !granted.has(purpose.requiresConsent) ? undefined : `${purpose.id}:${digest}`),
    ...options,
  });
}

describe('planLifecycle', () => {
  it('registers a joiner, once: the next look with the same data sends nothing', () => {
    const first = plan(KB, true, NO_STANDING, 'v1');
    expect(first.sends).toEqual([{ purpose: 'register', event: 'joined', digest: 'register:v1' }]);
    expect(plan(KB, true, first.next, 'v1').sends).toEqual([]);
  });

  it('sends a change only when what the purpose releases changed', () => {
    const registered = plan(KB, true, NO_STANDING, 'v1').next;
    expect(plan(KB, true, registered, 'v2').sends).toEqual([{ purpose: 'register', event: 'changed', digest: 'register:v2' }]);
  });

  it('deregisters a leaver the partner holds, and forgets what it held; a leaver it never held sends nothing', () => {
    const registered = plan(KB, true, NO_STANDING, 'v1').next;
    const leaving = plan(KB, false, registered, 'v1');
    expect(leaving.sends).toEqual([{ purpose: 'deregister', event: 'left' }]);
    expect(leaving.next.digests).toEqual({});
    expect(plan(KB, false, leaving.next, 'v1').sends).toEqual([]);
    expect(plan(KB, false, NO_STANDING, 'v1').sends).toEqual([]);
  });

  it('never sends a leaver in an initial cycle', () => {
    const registered = plan(KB, true, NO_STANDING, 'v1').next;
    expect(plan(KB, false, registered, 'v1', { scope: 'initial' }).sends).toEqual([]);
  });

  it('subscribes on consent, unsubscribes on withdrawal (naming the consent), and subscribes again on a new consent', () => {
    const granted = new Set<ConsentName>(['newsletter']);
    const subscribed = plan(NEWSLETTER, true, NO_STANDING, 'v1', { granted });
    expect(subscribed.sends).toEqual([{ purpose: 'subscribe', event: 'consent-granted', digest: 'subscribe:v1' }]);
    expect(subscribed.next).toEqual({ consents: ['newsletter'], digests: { subscribe: 'subscribe:v1' } });
    const withdrawn = plan(NEWSLETTER, true, subscribed.next, 'v1');
    expect(withdrawn.sends).toEqual([{ purpose: 'unsubscribe', event: 'consent-withdrawn', consent: 'newsletter' }]);
    expect(withdrawn.next).toEqual({ consents: [], digests: {} });
    expect(plan(NEWSLETTER, true, withdrawn.next, 'v1').sends).toEqual([]);
    expect(plan(NEWSLETTER, true, withdrawn.next, 'v1', { granted }).sends).toEqual([{ purpose: 'subscribe', event: 'consent-granted', digest: 'subscribe:v1' }]);
  });

  it('does not subscribe a member who never consented, and says nothing of it', () => {
    const result = plan(NEWSLETTER, true, NO_STANDING, 'v1');
    expect(result).toEqual({ sends: [], refused: [], next: { consents: [], digests: {} } });
  });

  it('reports a purpose the event called for but the policy refuses, and sends nothing for it', () => {
    const result = planLifecycle({ policy: KB, current: true, granted: new Set(), prior: NO_STANDING, scope: 'incremental', digestOf: () => undefined });
    expect(result.sends).toEqual([]);
    expect(result.refused).toEqual([{ purpose: 'register', event: 'joined' }]);
    expect(result.next.digests).toEqual({});
  });

  const eventsArbitrary = fc.subarray([...LIFECYCLE_EVENTS] as LifecycleEvent[]);
  const policyArbitrary = fc
    .array(fc.record({ sendOn: eventsArbitrary, consent: fc.constantFrom<ConsentName | undefined>(undefined, 'newsletter', 'researchPanel') }), { minLength: 1, maxLength: 4 })
    .map(
      (purposes): PolicyDocument => ({
        ...KB,
        purposes: purposes.map(
          (p, i): Purpose => ({ id: `p${i}`, description: 'd', legalBasis: 'consent', sendOn: p.sendOn, fields: [{ path: 'memberId' }], ...(p.consent === undefined ? {} : { requiresConsent: p.consent }) }),
        ),
      }),
    );
  const standingArbitrary = fc.record({
    consents: fc.subarray<ConsentName>(['newsletter', 'researchPanel']),
    digests: fc.dictionary(fc.constantFrom('p0', 'p1', 'p2', 'p3'), fc.constantFrom('p0:v1', 'p1:v1', 'p2:v2', 'p3:v1', 'x')),
  });

  it('property: only purposes with a trigger are sent, each for an event it names, and nothing a non-member would hold', () => {
    fc.assert(
      fc.property(policyArbitrary, fc.boolean(), standingArbitrary, fc.subarray<ConsentName>(['newsletter', 'researchPanel']), fc.constantFrom('v1', 'v2'), (policy, current, prior, granted, digest) => {
        const result = plan(policy, current, prior, digest, { granted: new Set(granted) });
        for (const send of result.sends) {
          const purpose = policy.purposes.find((p) => p.id === send.purpose) as Purpose;
          expect(purpose.sendOn).toContain(send.event);
          if (!current) expect(['left', 'consent-withdrawn']).toContain(send.event);
          if (send.event === 'left') expect(Object.keys(prior.digests).length).toBeGreaterThan(0);
          if (purpose.requiresConsent !== undefined && send.digest !== undefined) expect(granted).toContain(purpose.requiresConsent);
        }
        // What the partner is remembered to hold was sent now or held before, and a non-member is remembered to hold nothing new.
        for (const [purpose, value] of Object.entries(result.next.digests)) {
          expect(result.sends.some((s) => s.purpose === purpose && s.digest === value) || prior.digests[purpose] === value).toBe(true);
        }
        // Planning again from the new standing with the same member sends nothing: every event is sent once.
        expect(plan(policy, current, result.next, digest, { granted: new Set(granted) }).sends).toEqual([]);
      }),
    );
  });
});

describe('isCurrentMember', () => {
  const member = (status: 'active' | 'blocked' | 'cancelled', validUntil?: string) => ({ memberId: 'm', cardNumber: 'c', libraryId: 'STA', name: { lastName: 'Berg' }, membership: { status, ...(validUntil === undefined ? {} : { validUntil }) } });

  it('counts a cancelled membership as left, a blocked one as a member', () => {
    expect(isCurrentMember(member('cancelled', '2030-01-01'), '2026-12-03', 30)).toBe(false);
    expect(isCurrentMember(member('blocked', '2030-01-01'), '2026-12-03', 30)).toBe(true);
  });

  it('counts a lapsed membership as left only after the grace period', () => {
    expect(isCurrentMember(member('active', '2026-11-03'), '2026-12-03', 30)).toBe(true);
    expect(isCurrentMember(member('active', '2026-11-02'), '2026-12-03', 30)).toBe(false);
    expect(isCurrentMember(member('active', '2026-12-02'), '2026-12-03', 0)).toBe(false);
    expect(isCurrentMember(member('active'), '2026-12-03', 0)).toBe(true);
  });
});
