import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { MEMBER_PARTS, MemberPart } from '../connectors/sdk/connector';
import { ValidMember } from '../domain/member';
import { BatchOutcome, ExchangeService, LoadedExchange } from '../exchange/exchange.service';
import { CompiledPolicy } from '../policy/policy.compiler';
import { Purpose } from '../policy/policy.document';
import { PolicyRefusal } from '../policy/policy-refusal';
import { amsterdamDay } from '../policy/amsterdam-calendar';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { HeldMessage, HeldMessages } from './held-messages.store';
import { isHoldingPurpose, LifecyclePlan, LifecycleSend, PartnerStanding, planLifecycle } from './lifecycle-plan';
import { grantedConsents, isCurrentMember, lapseDay } from './member-standing';
import { lifecycleKey, StandingDigest } from './standing-digest';
import { StandingChange, StoredStanding, SyncStandings } from './sync-standings.store';

/** A partner the sync sends to: an enabled connector that sends, and an active policy with triggers. */
export interface SyncTarget {
  readonly partner: string;
  readonly policy: CompiledPolicy;
}

/** One member at one partner: what the partner held, and what the plan does about it. */
export interface PlannedChange {
  readonly member: ValidMember;
  readonly partner: string;
  readonly prior: StoredStanding;
  readonly plan: LifecyclePlan;
  /** The day the member's membership lapses (validUntil + grace + 1), to look at them again then. */
  readonly reviewOn: string | null;
}

/** Counters of a batch: messages sent, held and refused; members with nothing to send; failures. */
export interface SyncTally {
  sent: number;
  held: number;
  refused: number;
  unchanged: number;
  failed: number;
}

export const emptyTally = (): SyncTally => ({ sent: 0, held: 0, refused: 0, unchanged: 0, failed: 0 });

const ENDING_EVENTS = new Set(['left', 'erased', 'consent-withdrawn']);

/**
 * The heart of lifecycle sync: for members loaded from the system of record, decides per partner what
 * their lifecycle sends (planLifecycle, from the partner's active policy and the remembered standing),
 * sends it as ordinary exchanges (policy, mapping, outbox, delivery, ledger), and remembers the new
 * standing — keyed digests, never payloads — in one transaction per batch.
 */
@Injectable()
export class LifecycleSync {
  private readonly logger = new Logger('LifecycleSync');
  private readonly digest: StandingDigest;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyVersionsService,
    private readonly connectors: ConnectorHost,
    private readonly exchanges: ExchangeService,
    private readonly standings: SyncStandings,
    private readonly heldMessages: HeldMessages,
  ) {
    this.digest = new StandingDigest(config.pseudonymKey.reveal());
  }

  /** Partners with purposes sent by lifecycle events (only `partner` when named). */
  async targets(only?: string): Promise<SyncTarget[]> {
    const targets: SyncTarget[] = [];
    for (const connector of this.connectors.enabled()) {
      const partner = connector.manifest.id;
      if ((only !== undefined && partner !== only) || !connector.manifest.capabilities.includes('send')) continue;
      let policy: CompiledPolicy;
      try {
        policy = await this.policies.compiledPolicy(partner);
      } catch (error) {
        if (error instanceof PolicyRefusal) continue;
        throw error;
      }
      if (policy.document.purposes.some((purpose) => (purpose.sendOn ?? []).length > 0)) targets.push({ partner, policy });
    }
    return targets;
  }

  /**
   * The lists of a member (loans, holds, fees) that any lifecycle purpose of these targets releases or
   * looks at in a condition: only those are loaded from the system of record.
   */
  partsNeeded(targets: readonly SyncTarget[]): ReadonlySet<MemberPart> {
    const needed = new Set<MemberPart>();
    for (const { policy } of targets) {
      for (const purpose of policy.document.purposes.filter((p) => (p.sendOn ?? []).length > 0)) {
        const paths = [...purpose.fields.flatMap((field) => [field.path, ...Object.keys(field.when ?? {})])];
        for (const part of MEMBER_PARTS) if (paths.some((path) => path === part || path.startsWith(`${part}[]`) || path.startsWith(`${part}.`))) needed.add(part);
      }
    }
    return needed;
  }

  /** What the lifecycle of each member sends to each target. */
  async plan(members: readonly ValidMember[], targets: readonly SyncTarget[], scope: 'incremental' | 'initial', nowMs: number): Promise<PlannedChange[]> {
    // Memberships run out by the library's calendar (Europe/Amsterdam), as the lapse sweep reads them.
    const today = amsterdamDay(nowMs);
    const standings = await this.standings.load(
      members.map((member) => member.memberId),
      targets.map((target) => target.partner),
    );
    const changes: PlannedChange[] = [];
    for (const member of members) {
      const current = isCurrentMember(member, today, this.config.sync.leftGraceDays);
      const granted = grantedConsents(member);
      const reviewOn = lapseDay(member, this.config.sync.leftGraceDays) ?? null;
      for (const { partner, policy } of targets) {
        const prior = SyncStandings.orNone(standings, member.memberId, partner);
        const plan = planLifecycle({ policy: policy.document, current, granted, prior, scope, digestOf: (purpose) => this.digestOf(policy, member, purpose, nowMs) });
        changes.push({ member, partner, prior, plan, reviewOn });
      }
    }
    return changes;
  }

  /**
   * Sends what the plans say — ending messages (left, consent-withdrawn) to a partner in `holdEnding` are
   * held for an officer instead — and stores each standing whose messages were all accepted, in one
   * transaction with `alongside`.
   */
  async apply(
    changes: readonly PlannedChange[],
    jobId: string,
    holdEnding: ReadonlySet<string>,
    nowMs: number,
    alongside?: (manager: EntityManager, tally: SyncTally) => Promise<void>,
  ): Promise<SyncTally> {
    const held: HeldMessage[] = [];
    const items: LoadedExchange[] = [];
    /** For each item, the index of the change it belongs to. */
    const owners: number[] = [];
    for (const [index, { member, partner, prior, plan }] of changes.entries()) {
      for (const send of plan.sends) {
        const { caller, key } = messageKey(send, partner, member, prior);
        if (ENDING_EVENTS.has(send.event) && holdEnding.has(partner)) {
          held.push({ partner, purpose: send.purpose, memberId: member.memberId, event: send.event, idempotencyKey: `${caller}:${key}` });
          continue;
        }
        items.push({ request: { partner, purpose: send.purpose, memberId: member.memberId }, member, caller, idempotencyKey: key });
        owners.push(index);
      }
    }
    let tally = emptyTally();
    // One transaction for the page: every outbox row, the standings, the held messages and the caller's bookkeeping.
    await this.exchanges.acceptLoadedBatch(items, async (manager, outcomes) => {
      tally = this.count(changes, held.length, outcomes, owners);
      const incomplete = new Set(outcomes.flatMap((outcome, item) => ('accepted' in outcome ? [] : [owners[item] as number])));
      const settled: StandingChange[] = [];
      for (const [index, { member, partner, prior, plan, reviewOn }] of changes.entries()) {
        const complete = plan.refused.length === 0 && !incomplete.has(index);
        const reviewMoved = Object.keys(plan.next.digests).length > 0 && prior.reviewOn !== reviewOn;
        if (complete && (!sameStanding(prior, plan.next) || reviewMoved)) settled.push({ memberId: member.memberId, partner, standing: plan.next, reviewOn });
      }
      await this.standings.save(manager, settled, nowMs);
      await this.heldMessages.hold(manager, jobId, held, nowMs);
      // The caller's own bookkeeping (a job's counters and position) commits with the standings.
      if (alongside !== undefined) await alongside(manager, tally);
    });
    return tally;
  }

  /** The counters of a page from its plans and what became of each message. */
  private count(changes: readonly PlannedChange[], held: number, outcomes: readonly BatchOutcome[], owners: readonly number[]): SyncTally {
    const tally = emptyTally();
    tally.held = held;
    for (const { plan } of changes) tally.refused += plan.refused.length;
    for (const [item, outcome] of outcomes.entries()) {
      if ('accepted' in outcome) tally.sent += 1;
      else if (outcome.error instanceof PolicyRefusal) tally.refused += 1;
      else {
        tally.failed += 1;
        const change = changes[owners[item] as number] as PlannedChange;
        this.logger.warn(`a lifecycle message to '${change.partner}' was not accepted: ${outcome.error instanceof Error ? outcome.error.name : 'error'}`);
      }
    }
    // A member is unchanged when no partner's plan sends or refuses anything for them.
    const busy = new Set<string>();
    const seen = new Set<string>();
    for (const { member, plan } of changes) {
      seen.add(member.memberId);
      if (plan.sends.length > 0 || plan.refused.length > 0) busy.add(member.memberId);
    }
    tally.unchanged = seen.size - busy.size;
    return tally;
  }

  /** The digest of what the purpose releases for the member now; undefined when it releases nothing. */
  private digestOf(policy: CompiledPolicy, member: ValidMember, purpose: Purpose, nowMs: number): string | undefined {
    try {
      const payload = policy.release(member, purpose.id, nowMs);
      if (!payload.carriesFields()) return undefined;
      // Only what the partner holds is worth a digest; an ending message just has to be releasable.
      return isHoldingPurpose(purpose) ? this.digest.of(policy.document.partner, purpose.id, payload.json()) : 'releasable';
    } catch (error) {
      if (error instanceof PolicyRefusal) return undefined;
      throw error;
    }
  }
}

/**
 * Who sends a lifecycle message and under which key. A withdrawn consent is keyed as the withdrawal
 * watch and POST /api/v1/members/{id}/withdrawals key it (WithdrawalService), so that a withdrawal is told
 * once whoever sees it first; every other message by its event and the state it moves from or to.
 */
export function messageKey(send: LifecycleSend, partner: string, member: ValidMember, prior: PartnerStanding): { caller: string; key: string } {
  const withdrawnOn = send.consent === undefined ? undefined : member.consents?.[send.consent]?.on;
  if (send.event === 'consent-withdrawn' && send.consent !== undefined && withdrawnOn !== undefined) {
    return { caller: 'withdrawals', key: `withdrawal:${send.consent}:${member.memberId}:${withdrawnOn}:${partner}:${send.purpose}` };
  }
  return { caller: 'sync', key: lifecycleKey(send.event, partner, send.purpose, member.memberId, send.digest ?? prior.digests) };
}

function sameStanding(a: PartnerStanding, b: PartnerStanding): boolean {
  return a.consents.join(',') === b.consents.join(',') && JSON.stringify(sortKeys(a.digests)) === JSON.stringify(sortKeys(b.digests));
}

function sortKeys(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([x], [y]) => x.localeCompare(y));
}
