import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ConnectorHost } from '../connectors/connector-host';
import { DeliveryExecutor } from '../delivery/delivery-executor';
import { CHANGE_FEED_COVERED } from '../sync/change-feed-cycle';
import { GatewayCounters } from './gateway-counters';

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
/** The counters of a sync job, as its progress series' `count` label. */
const JOB_COUNTS = ['total', 'position', 'sent', 'unchanged', 'refused', 'failed', 'held'] as const;

/**
 * The gateway's metrics in the Prometheus text format: the state kept in the database, read at scrape time
 * (so every instance reports the same shared state, and nothing is lost at a restart), plus this process's
 * own — the events counted where they happen (GatewayCounters, same registry) and the process metrics.
 * Labels are partners, purposes, statuses and codes — never a member, a card number or any field value.
 */
@Injectable()
export class GatewayMetrics {
  private readonly deliveries = new Gauge({ name: 'bieb_outbox_messages', help: 'Outbox messages by partner, purpose and status (delivered and discarded rows are kept OUTBOX_RETENTION_DAYS)', labelNames: ['partner', 'purpose', 'status'], registers: [] });
  private readonly oldestPending = new Gauge({ name: 'bieb_outbox_oldest_pending_age_seconds', help: 'Age of the oldest message still waiting to be delivered (0: none)', registers: [] });
  private readonly deadLetters = new Gauge({ name: 'bieb_dead_letters', help: 'Dead letters by partner', labelNames: ['partner'], registers: [] });
  private readonly ledgerEntries = new Gauge({ name: 'bieb_ledger_entries', help: 'Entries of the disclosure ledger', registers: [] });
  private readonly checkpointAge = new Gauge({ name: 'bieb_ledger_checkpoint_age_seconds', help: 'Age of the newest signed checkpoint (-1: none yet)', registers: [] });
  private readonly breaker = new Gauge({ name: 'bieb_circuit_state', help: "A partner's circuit breaker in this instance: 1 for its current state", labelNames: ['partner', 'state'], registers: [] });
  private readonly syncJobs = new Gauge({ name: 'bieb_sync_jobs', help: 'Lifecycle sync jobs by kind and status', labelNames: ['kind', 'status'], registers: [] });
  private readonly syncLag = new Gauge({
    name: 'bieb_sync_lag_seconds',
    help:
      'Lifecycle sync lag: seconds since the start of the last change-feed cycle that completed without failures. Every change the ' +
      "system of record's feed held at that moment was processed, so this bounds the age of the oldest change not yet processed " +
      '(a healthy gateway stays near SYNC_INTERVAL_MS; -1: no cycle has completed yet, e.g. SYNC_INTERVAL_MS=0 or no change feed)',
    registers: [],
  });
  private readonly jobProgress = new Gauge({
    name: 'bieb_sync_job_progress',
    help: "Running lifecycle sync jobs, summed by kind and partner ('all' for an incremental cycle): members in the job (total), done so far (position), and messages sent, unchanged, refused, failed and held",
    labelNames: ['kind', 'partner', 'count'],
    registers: [],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly executor: DeliveryExecutor,
    private readonly counters: GatewayCounters,
  ) {
    // Made before the counters were injected, so registered here: one registry for everything GET /metrics shows.
    for (const gauge of [this.deliveries, this.oldestPending, this.deadLetters, this.ledgerEntries, this.checkpointAge, this.breaker, this.syncJobs, this.syncLag, this.jobProgress]) {
      counters.registry.registerMetric(gauge);
    }
    collectDefaultMetrics({ register: counters.registry, prefix: 'bieb_' });
  }

  get contentType(): string {
    return this.counters.registry.contentType;
  }

  async render(nowMs = Date.now()): Promise<string> {
    const q = (sql: string) => this.dataSource.query<Array<Record<string, string | number | null>>>(sql);
    this.deliveries.reset();
    for (const row of await q('SELECT partner, purpose, status, COUNT(*) AS n FROM outbox GROUP BY partner, purpose, status')) {
      this.deliveries.set({ partner: String(row.partner), purpose: String(row.purpose), status: String(row.status) }, Number(row.n));
    }
    const [oldest] = await q(`SELECT MIN(created_at) AS at FROM outbox WHERE status IN ('pending', 'in-flight')`);
    this.oldestPending.set(oldest?.at === null || oldest?.at === undefined ? 0 : Math.max(0, (nowMs - Date.parse(String(oldest.at))) / 1000));
    this.deadLetters.reset();
    for (const row of await q(`SELECT partner, COUNT(*) AS n FROM outbox WHERE status = 'dead' GROUP BY partner`)) this.deadLetters.set({ partner: String(row.partner) }, Number(row.n));
    const [ledger] = await q('SELECT COUNT(*) AS n FROM disclosure_ledger');
    this.ledgerEntries.set(Number(ledger?.n ?? 0));
    const [checkpoint] = await q('SELECT MAX(created_at) AS at FROM ledger_checkpoints');
    this.checkpointAge.set(checkpoint?.at === null || checkpoint?.at === undefined ? -1 : Math.max(0, (nowMs - Date.parse(String(checkpoint.at))) / 1000));
    this.breaker.reset();
    for (const connector of this.connectors.enabled()) {
      const partner = connector.manifest.id;
      const current = this.executor.breaker.state(partner, nowMs);
      for (const state of BREAKER_STATES) this.breaker.set({ partner, state }, state === current ? 1 : 0);
    }
    this.syncJobs.reset();
    for (const row of await q('SELECT kind, status, COUNT(*) AS n FROM sync_jobs GROUP BY kind, status')) this.syncJobs.set({ kind: String(row.kind), status: String(row.status) }, Number(row.n));
    const [covered] = await q(`SELECT value FROM sync_cursors WHERE name = '${CHANGE_FEED_COVERED}'`);
    const coveredAtMs = Number(covered?.value ?? Number.NaN);
    this.syncLag.set(Number.isFinite(coveredAtMs) ? Math.max(0, (nowMs - coveredAtMs) / 1000) : -1);
    this.jobProgress.reset();
    const sums = JOB_COUNTS.map((count) => `SUM(${count}) AS ${count}`).join(', ');
    for (const row of await q(`SELECT kind, partner, ${sums} FROM sync_jobs WHERE status = 'running' GROUP BY kind, partner`)) {
      for (const count of JOB_COUNTS) this.jobProgress.set({ kind: String(row.kind), partner: row.partner === null ? 'all' : String(row.partner), count }, Number(row[count] ?? 0));
    }
    return this.counters.registry.metrics();
  }
}
