import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { MemberSource } from '../exchange/member-source';
import { amsterdamDay } from '../policy/amsterdam-calendar';
import { partnersOverThreshold } from './deletion-guard';
import { emptyTally, LifecycleSync, PlannedChange, SyncTally } from './lifecycle-sync.service';
import { loadMembers } from './member-loader';
import { SyncCursors } from './sync-cursors.store';
import { SyncStandings } from './sync-standings.store';
import { SyncJobView, jobView, SyncJobs } from './sync-jobs.store';

const DAY_MS = 86_400_000;
const CURSOR = 'change-feed';
/**
 * When the last cycle that completed without failures began (epoch ms): every change the feed had by
 * then was processed, so the oldest change not yet processed is at most this old (GET /metrics: sync lag).
 */
export const CHANGE_FEED_COVERED = 'change-feed-covered';
const LOAD_CONCURRENCY = 8;
/** Members whose membership lapsed that one cycle looks at, besides the change feed's (the rest next cycle). */
const LAPSED_PER_CYCLE = 10_000;

export type CycleOutcome =
  | { readonly status: 'busy' }
  | { readonly status: 'no-source' }
  | { readonly status: 'quiet'; readonly since: string }
  | { readonly status: 'done' | 'held' | 'failed'; readonly since: string; readonly job: SyncJobView };

/**
 * The incremental cycle: every SYNC_INTERVAL_MS the system of record's change feed (Wise: the patrons
 * updated since a day) is read from the cursor on, each changed member is loaded once and its lifecycle
 * planned for every partner with triggers, the deletion guard looks at the whole cycle, and then the
 * messages go out batch by batch. One cycle at a time across instances (a lease on the cursor); the
 * cursor moves to the day the cycle began only when nothing failed, so a failure is tried again.
 */
@Injectable()
export class ChangeFeedCycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LifecycleSync');
  private readonly owner = randomUUID();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CycleOutcome> | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MemberSource,
    private readonly sync: LifecycleSync,
    private readonly cursors: SyncCursors,
    private readonly jobs: SyncJobs,
    private readonly standings: SyncStandings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sync.intervalMs === 0) return;
    this.timer = setInterval(() => void this.run().catch(() => undefined), this.config.sync.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }

  /** One cycle now (a cycle already running in this instance is joined, not doubled). */
  run(nowMs = Date.now(), requestedBy: string | null = null): Promise<CycleOutcome> {
    this.running ??= this.cycle(nowMs, requestedBy).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async cycle(nowMs: number, requestedBy: string | null): Promise<CycleOutcome> {
    if (!(await this.cursors.lease(CURSOR, this.owner, nowMs, this.config.sync.leaseMs))) return { status: 'busy' };
    try {
      const since = (await this.cursors.value(CURSOR)) ?? amsterdamDay(nowMs - DAY_MS);
      const today = amsterdamDay(nowMs);
      const fed = await this.members.changedSince(since, this.deadline(60_000));
      if (fed === undefined) return { status: 'no-source' };
      // A membership that runs out is no change in the feed: the lapse sweep adds those members.
      const lapsed = await this.standings.lapsed(today, LAPSED_PER_CYCLE);
      const changed = [...new Set([...fed, ...lapsed])];
      const lapsedSet = new Set(lapsed);
      const targets = changed.length === 0 ? [] : await this.sync.targets();
      if (targets.length === 0) {
        await this.covered(today, nowMs);
        return { status: 'quiet', since };
      }
      const job = await this.jobs.create('cycle', null, requestedBy, nowMs, this.owner, this.config.sync.leaseMs);
      const planned: PlannedChange[] = [];
      const parts = this.sync.partsNeeded(targets);
      let failed = 0;
      let missing = 0;
      for (let at = 0; at < changed.length && !this.stopping.signal.aborted; at += this.config.sync.batchSize) {
        const loaded = await loadMembers(this.members, changed.slice(at, at + this.config.sync.batchSize), LOAD_CONCURRENCY, this.stopping.signal, parts);
        failed += loaded.failed;
        missing += loaded.missing;
        // Gone from the system of record: nothing to load, so nothing to send; not swept again.
        await this.standings.clearReview(loaded.missingIds.filter((id) => lapsedSet.has(id)));
        planned.push(...(await this.sync.plan(loaded.members, targets, 'incremental', nowMs)));
        await this.cursors.lease(CURSOR, this.owner, Date.now(), this.config.sync.leaseMs);
      }
      const hold = partnersOverThreshold(planned, this.config.sync.deleteThreshold);
      if (hold.size > 0) this.logger.warn(`the deletion guard holds the leavers of this cycle for: ${[...hold].join(', ')} (more than SYNC_DELETE_THRESHOLD=${this.config.sync.deleteThreshold}); an officer releases them`);
      const total: SyncTally = { ...emptyTally(), failed, unchanged: missing };
      const perBatch = Math.max(1, this.config.sync.batchSize * targets.length);
      for (let at = 0; at < planned.length; at += perBatch) {
        const batch = planned.slice(at, at + perBatch);
        const tally = await this.sync.apply(batch, job.id, hold, nowMs);
        for (const key of Object.keys(total) as (keyof SyncTally)[]) total[key] += tally[key];
        await this.cursors.lease(CURSOR, this.owner, Date.now(), this.config.sync.leaseMs);
      }
      if (total.sent + total.held + total.refused + total.failed === 0 && !this.stopping.signal.aborted) {
        // Nothing to tell anyone: the cycle leaves no job behind (the change feed repeats a day's changes every minute).
        await this.jobs.remove(job.id);
        await this.covered(today, nowMs);
        return { status: 'quiet', since };
      }
      await this.dataSource.transaction((manager) => this.jobs.advance(manager, job.id, changed.length, total, changed.length, Date.now()));
      const status = this.stopping.signal.aborted ? 'failed' : total.held > 0 ? 'held' : 'done';
      await this.jobs.finish(job.id, status, Date.now(), status === 'failed' ? 'STOPPED' : null);
      if (total.failed === 0 && status !== 'failed') await this.covered(today, nowMs);
      if (total.sent + total.held > 0) this.logger.log(`lifecycle cycle: ${changed.length} changed member(s), ${total.sent} message(s) sent, ${total.held} held, ${total.refused} refused, ${total.failed} failed`);
      const row = await this.jobs.find(job.id);
      return { status, since, job: jobView(row ?? job) };
    } finally {
      await this.cursors.unlease(CURSOR, this.owner);
    }
  }

  /** The cycle that began at `nowMs` completed: the feed is read from `today` next time, and the lag is measured from `nowMs`. */
  private async covered(today: string, nowMs: number): Promise<void> {
    if (await this.cursors.move(CURSOR, this.owner, today)) await this.cursors.mark(CHANGE_FEED_COVERED, String(nowMs));
  }

  private deadline(ms: number): AbortSignal {
    return AbortSignal.any([this.stopping.signal, AbortSignal.timeout(ms)]);
  }
}
