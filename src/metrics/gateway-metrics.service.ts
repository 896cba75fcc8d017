import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ConnectorHost } from '../connectors/connector-host';
import { DeliveryExecutor } from '../delivery/delivery-executor';

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/**
 * The gateway's metrics in the Prometheus text format, read from the database at scrape time (so every
 * instance reports the same shared state, and nothing is lost at a restart) plus this process's own.
 * Labels are partners, purposes, statuses and codes — never a member, a card number or any field value.
 */
@Injectable()
export class GatewayMetrics {
  private readonly registry = new Registry();
  private readonly deliveries = new Gauge({ name: 'bieb_outbox_messages', help: 'Outbox messages by partner, purpose and status (delivered and discarded rows are kept OUTBOX_RETENTION_DAYS)', labelNames: ['partner', 'purpose', 'status'], registers: [this.registry] });
  private readonly oldestPending = new Gauge({ name: 'bieb_outbox_oldest_pending_age_seconds', help: 'Age of the oldest message still waiting to be delivered (0: none)', registers: [this.registry] });
  private readonly deadLetters = new Gauge({ name: 'bieb_dead_letters', help: 'Dead letters by partner', labelNames: ['partner'], registers: [this.registry] });
  private readonly ledgerEntries = new Gauge({ name: 'bieb_ledger_entries', help: 'Entries of the disclosure ledger', registers: [this.registry] });
  private readonly checkpointAge = new Gauge({ name: 'bieb_ledger_checkpoint_age_seconds', help: 'Age of the newest signed checkpoint (-1: none yet)', registers: [this.registry] });
  private readonly breaker = new Gauge({ name: 'bieb_circuit_state', help: "A partner's circuit breaker in this instance: 1 for its current state", labelNames: ['partner', 'state'], registers: [this.registry] });
  private readonly syncJobs = new Gauge({ name: 'bieb_sync_jobs', help: 'Lifecycle sync jobs by kind and status', labelNames: ['kind', 'status'], registers: [this.registry] });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connectors: ConnectorHost,
    private readonly executor: DeliveryExecutor,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bieb_' });
  }

  get contentType(): string {
    return this.registry.contentType;
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
    return this.registry.metrics();
  }
}
