import { Injectable } from '@nestjs/common';
import { MemberNotFound } from '../connectors/sdk/connector-errors';
import { NotFound } from '../errors/gateway-error';
import { ExchangeService } from '../exchange/exchange.service';
import { MemberSource } from '../exchange/member-source';
import { PolicyRefusal } from '../policy/policy-refusal';
import { HeldGroup, HeldMessages } from './held-messages.store';
import { SyncJobs } from './sync-jobs.store';

const PAGE = 200;

export interface ReleaseReport {
  readonly jobId: string;
  readonly partner: string | null;
  readonly released: number;
  /** Messages that could not go (the member is gone from the source, or the policy refuses now). */
  readonly failed: number;
  readonly discarded: number;
  readonly groups: readonly HeldGroup[];
}

/**
 * An officer's decision on what the deletion guard held: release sends the held left/erased messages
 * as ordinary exchanges (under the keys they would have had, so a repeat sends nothing twice); discard
 * drops them. A job with nothing held any more is done.
 */
@Injectable()
export class HeldReleases {
  constructor(
    private readonly held: HeldMessages,
    private readonly jobs: SyncJobs,
    private readonly members: MemberSource,
    private readonly exchanges: ExchangeService,
  ) {}

  async groups(jobIds: readonly string[]): Promise<HeldGroup[]> {
    return this.held.groups(jobIds);
  }

  async release(jobId: string, partner: string | undefined, officer: string, nowMs = Date.now()): Promise<ReleaseReport> {
    await this.job(jobId);
    let released = 0;
    let failed = 0;
    for (let page = await this.held.pending(jobId, partner, PAGE); page.length > 0; page = await this.held.pending(jobId, partner, PAGE)) {
      for (const message of page) {
        const split = message.idempotencyKey.indexOf(':');
        const caller = message.idempotencyKey.slice(0, split);
        const key = message.idempotencyKey.slice(split + 1);
        try {
          const member = await this.members.byId(message.memberId, AbortSignal.timeout(30_000));
          const accepted = await this.exchanges.acceptLoaded({ partner: message.partner, purpose: message.purpose, memberId: message.memberId }, member, caller, key);
          await this.held.decide(message.id, 'released', officer, accepted.deliveryId, nowMs);
          released += 1;
        } catch (error) {
          if (!(error instanceof PolicyRefusal) && !(error instanceof MemberNotFound)) throw error;
          await this.held.decide(message.id, 'discarded', officer, null, nowMs);
          failed += 1;
        }
      }
    }
    await this.jobs.released(jobId, released, failed, 0, nowMs);
    return this.report(jobId, partner, released, failed, 0, nowMs);
  }

  async discard(jobId: string, partner: string | undefined, officer: string, nowMs = Date.now()): Promise<ReleaseReport> {
    await this.job(jobId);
    let discarded = 0;
    for (let page = await this.held.pending(jobId, partner, PAGE); page.length > 0; page = await this.held.pending(jobId, partner, PAGE)) {
      for (const message of page) {
        await this.held.decide(message.id, 'discarded', officer, null, nowMs);
        discarded += 1;
      }
    }
    await this.jobs.released(jobId, 0, 0, discarded, nowMs);
    return this.report(jobId, partner, 0, 0, discarded, nowMs);
  }

  private async job(jobId: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(jobId) || (await this.jobs.find(jobId)) === null) throw new NotFound('SYNC_JOB_UNKNOWN', `no sync job '${jobId}'`);
  }

  private async report(jobId: string, partner: string | undefined, released: number, failed: number, discarded: number, nowMs: number): Promise<ReleaseReport> {
    if ((await this.held.stillHeld(jobId)) === 0) await this.jobs.settleHeld(jobId, nowMs);
    return { jobId, partner: partner ?? null, released, failed, discarded, groups: await this.held.groups([jobId]) };
  }
}
