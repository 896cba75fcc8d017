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
    // Looks for initial cycles nobody works on (a restart, another instance died) as often as a lease runs out.
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

  /** Running initial cycles whose worker is gone (a restart, another instance stopped): taken up here. */
  async adopt(nowMs = Date.now()): Promise<void> {
    for (const id of await this.jobs.orphaned('initial', nowMs)) {
      if (!this.working.has(id) && (await this.jobs.lease(id, this.owner, nowMs, this.config.sync.leaseMs))) this.work(id);
    }
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

  private async page(id: string): Promise<void> {
    const size = this.config.sync.batchSize;
    for (;;) {
      if (this.stopping.signal.aborted) {
        await this.jobs.unlease(id, this.owner);
        return;
      }
      const job = (await this.jobs.find(id)) as SyncJobEntity;
      if (job.status !== 'running' || job.leaseOwner !== this.owner) return;
      const partner = job.partner as string;
      const ids = await this.members.page(job.position, size, AbortSignal.any([this.stopping.signal, AbortSignal.timeout(60_000)]));
      if (ids === undefined) throw new GatewayError('NO_MEMBER_SOURCE', 'no enabled system of record can list its members', 409);
      const nowMs = Date.now();
      const targets = await this.sync.targets(partner);
      const loaded = await loadMembers(this.members, ids, LOAD_CONCURRENCY, this.stopping.signal, this.sync.partsNeeded(targets));
      if (this.stopping.signal.aborted) continue;
      const changes = await this.sync.plan(loaded.members, targets, 'initial', nowMs);
      await this.sync.apply(changes, id, new Set(), nowMs, (manager, tally) =>
        this.jobs.advance(manager, id, ids.length, { ...tally, failed: tally.failed + loaded.failed, unchanged: tally.unchanged + loaded.missing }, job.position + ids.length, Date.now()),
      );
      if (ids.length < size) {
        await this.jobs.finish(id, 'done', Date.now());
        const done = await this.jobs.find(id);
        this.logger.log(`initial cycle for '${partner}' done: ${done?.total ?? 0} member(s), ${done?.sent ?? 0} message(s) sent`);
        return;
      }
      if (!(await this.jobs.lease(id, this.owner, Date.now(), this.config.sync.leaseMs))) return;
    }
  }
}
