import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { GatewayError } from '../errors/gateway-error';
import { MemberSource } from '../exchange/member-source';
import { LifecycleSync } from './lifecycle-sync.service';
import { loadMembers } from './member-loader';
import { SyncJobEntity } from './sync-job.entity';
import { SyncJobs } from './sync-jobs.store';

const LOAD_CONCURRENCY = 8;

/**
 * Initial cycles: every member of the system of record, page by page, evaluated for one partner's
 * purposes that give it data (joined, changed, consent-granted) — for a new partner, or after a new
 * agreement. Each page is one batch: the messages go to the outbox under keys that name the member's
 * state, then the standings, the counters and the position commit together. A restart (or another
 * instance, once the lease runs out) resumes at the position, and a member is never sent twice.
 */
@Injectable()
export class InitialCycles implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LifecycleSync');
  private readonly owner = randomUUID();
  private readonly stopping = new AbortController();
  private readonly working = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly members: MemberSource,
    private readonly connectors: ConnectorHost,
    private readonly sync: LifecycleSync,
    private readonly jobs: SyncJobs,
  ) {}

  onApplicationBootstrap(): void {
    void this.adopt().catch(() => undefined);
    // Takes part in initial cycles started elsewhere, and takes up pages whose worker died, as often as a lease runs out.
    this.timer = setInterval(() => void this.adopt().catch(() => undefined), this.config.sync.leaseMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await Promise.all([...this.working.values()].map((work) => work.catch(() => undefined)));
  }

  /** POST /api/v1/sync/{partner}/initial: a new initial cycle, or the one already running for the partner. */
  async start(partner: string, requestedBy: string, nowMs = Date.now()): Promise<{ jobId: string; repeated: boolean }> {
    const connector = this.connectors.get(partner);
    if (!connector.manifest.capabilities.includes('send')) {
      throw new GatewayError('CAPABILITY_MISSING', `the connector of '${partner}' does not send: there is nothing to sync to it`, 422);
    }
    const targets = await this.sync.targets(partner);
    if (targets.length === 0) {
      throw new GatewayError('NO_LIFECYCLE_PURPOSES', `the active '${partner}' policy has no purpose with sendOn: an initial cycle would send nothing`, 422);
    }
    const running = await this.jobs.running('initial', partner);
    if (running !== null) return { jobId: running.id, repeated: true };
    const job = await this.jobs.create('initial', partner, requestedBy, nowMs, this.owner, this.config.sync.leaseMs);
    this.work(job.id);
    return { jobId: job.id, repeated: false };
  }

  /**
   * Running initial cycles this instance does not work on yet: it takes part (a restart, another instance
   * started the cycle, or one died and its pages' leases ran out).
   */
  async adopt(): Promise<void> {
    for (const id of await this.jobs.runningIds('initial')) if (!this.working.has(id)) this.work(id);
  }

  /** Resolves when this instance has no initial cycle at work (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.working.size > 0) await Promise.all([...this.working.values()].map((work) => work.catch(() => undefined)));
  }

  private work(id: string): void {
    const work = this.page(id)
      .catch(async (error: unknown) => {
        this.logger.error(`initial cycle ${id} stopped: ${error instanceof GatewayError ? error.code : error instanceof Error ? error.name : 'error'}`);
        await this.jobs.finish(id, 'failed', Date.now(), error instanceof GatewayError ? error.code : 'SYNC_FAILED');
      })
      .finally(() => this.working.delete(id));
    this.working.set(id, work);
  }

  /** Pages of the cycle, one after the other, as long as there is one nobody else works on. */
  private async page(id: string): Promise<void> {
    const size = this.config.sync.batchSize;
    for (;;) {
      if (this.stopping.signal.aborted) {
        await this.jobs.releasePages(this.owner);
        return;
      }
      const position = await this.jobs.claimPage(id, this.owner, Date.now(), this.config.sync.leaseMs, size);
      if (position === undefined) {
        // Every page is taken: the instance that completes the last one finishes the job.
        if (await this.jobs.finishIfComplete(id, Date.now())) {
          const done = await this.jobs.find(id);
          this.logger.log(`initial cycle for '${done?.partner ?? ''}' done: ${done?.total ?? 0} member(s), ${done?.sent ?? 0} message(s) sent`);
        }
        return;
      }
      // The page stays this worker's while it works on it, however slow the source is.
      const { leaseMs } = this.config.sync;
      const heartbeat = setInterval(() => void this.jobs.renewPage(id, position, this.owner, Date.now(), leaseMs).catch(() => undefined), Math.max(100, Math.floor(leaseMs / 3)));
      try {
        await this.onePage(id, position, size);
      } finally {
        clearInterval(heartbeat);
      }
    }
  }

  /** One page: its members loaded, planned and sent, its standings and counters committed with its messages. */
  private async onePage(id: string, position: number, size: number): Promise<void> {
    const job = (await this.jobs.find(id)) as SyncJobEntity;
    const partner = job.partner as string;
    const ids = await this.members.page(position, size, AbortSignal.any([this.stopping.signal, AbortSignal.timeout(60_000)]));
    if (ids === undefined) throw new GatewayError('NO_MEMBER_SOURCE', 'no enabled system of record can list its members', 409);
    const nowMs = Date.now();
    const targets = await this.sync.targets(partner);
    const loaded = await loadMembers(this.members, ids, LOAD_CONCURRENCY, this.stopping.signal, this.sync.partsNeeded(targets));
    if (this.stopping.signal.aborted) return;
    const changes = await this.sync.plan(loaded.members, targets, 'initial', nowMs);
    const end = ids.length < size ? position + ids.length : null;
    try {
      await this.sync.apply(changes, id, new Set(), nowMs, (manager, tally) =>
        this.jobs.completePage(manager, id, position, this.owner, ids.length, { ...tally, failed: tally.failed + loaded.failed, unchanged: tally.unchanged + loaded.missing }, end, Date.now()),
      );
    } catch (error) {
      // The page's lease ran out and another worker took it over: it counts the page, not this one.
      if (error instanceof GatewayError && error.code === 'SYNC_PAGE_LOST') return;
      throw error;
    }
  }
}
