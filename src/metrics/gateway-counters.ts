import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What became of an exchange: accepted into the outbox, refused by the policy, delivered, or a dead letter. */
export type ExchangeOutcome = 'accepted' | 'refused' | 'delivered' | 'dead';
/** What a SIP2 message got: an answer, a refusal (not served, login refused, logged out), a failure, or a 96 for a damaged frame. */
export type Sip2Outcome = 'answered' | 'refused' | 'failed' | 'malformed';
/** The inbound protocols partners ask the gateway through (SIP2 has series of its own). */
export type InboundProtocol = 'ncip' | 'soap' | 'iso18626';

/** A label for a value the gateway does not recognise, so a caller cannot make up label values (and series). */
export const UNKNOWN_LABEL = 'unknown';

/** Acceptance to delivery: from a message that went out at once to one that waited out an hour of retries. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600];

/**
 * The events of this process, counted where they happen (an exchange refused, a delivery made, a SIP2
 * message answered), in the registry GET /metrics renders. State that lives in the database (outbox
 * depth, dead letters, ledger, sync) is read at scrape time by GatewayMetrics instead, so every instance
 * reports it alike. Labels are partners, purposes, codes and outcomes only: never a member, a card
 * number, a PIN or any field value, and nothing a caller can choose freely (unknown values become 'unknown').
 */
@Injectable()
export class GatewayCounters {
  readonly registry = new Registry();
  private readonly exchanges = new Counter({
    name: 'bieb_exchanges_total',
    help: "Exchanges by partner, purpose and outcome in this instance: 'accepted' into the outbox, 'refused' by the sharing policy, 'delivered' to the partner, 'dead' (a dead letter)",
    labelNames: ['partner', 'purpose', 'outcome'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'bieb_delivery_latency_seconds',
    help: 'Seconds from acceptance (the outbox row written) to delivered (the partner took it), by partner, retries included',
    labelNames: ['partner'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'bieb_delivery_retries_total',
    help: 'Delivery attempts that failed and will be tried again, by partner and error code',
    labelNames: ['partner', 'code'],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'bieb_policy_refusals_total',
    help: 'Releases the sharing policy refused, by partner and refusal code (exchanges, lifecycle sync, interlibrary-loan requests, and inbound questions: NCIP, SOAP, SIP2)',
    labelNames: ['partner', 'code'],
    registers: [this.registry],
  });
  private readonly sip2Messages = new Counter({
    name: 'bieb_sip2_messages_total',
    help: "SIP2 requests handled, by command code (93 login, 63 patron information, 23 patron status, ...; 'unknown' for a code not in SIP2) and outcome",
    labelNames: ['code', 'outcome'],
    registers: [this.registry],
  });
  private readonly inbound = new Counter({
    name: 'bieb_inbound_requests_total',
    help: "Inbound partner requests answered, by protocol (ncip, soap, iso18626), partner, operation (message type) and outcome ('ok', or the protocol's problem, fault or error type)",
    labelNames: ['protocol', 'partner', 'operation', 'outcome'],
    registers: [this.registry],
  });
  private sip2Connections: () => number = () => 0;

  constructor() {
    const connections = (): number => this.sip2Connections();
    new Gauge({
      name: 'bieb_sip2_sessions_open',
      help: 'SIP2 connections open on this instance (a terminal keeps one open for its whole session)',
      registers: [this.registry],
      collect() {
        this.set(connections());
      },
    });
  }

  exchange(partner: string, purpose: string, outcome: ExchangeOutcome): void {
    this.exchanges.inc({ partner, purpose, outcome });
  }

  delivered(partner: string, purpose: string, acceptedAtMs: number, nowMs: number): void {
    this.exchanges.inc({ partner, purpose, outcome: 'delivered' });
    if (Number.isFinite(acceptedAtMs)) this.latency.observe({ partner }, Math.max(0, (nowMs - acceptedAtMs) / 1000));
  }

  retry(partner: string, code: string): void {
    this.retries.inc({ partner, code });
  }

  refusal(partner: string, code: string): void {
    this.refusals.inc({ partner, code });
  }

  sip2Message(code: string, outcome: Sip2Outcome): void {
    this.sip2Messages.inc({ code, outcome });
  }

  /** Where the number of open SIP2 connections is read at scrape time (the SIP2 server, when it runs). */
  countSip2Sessions(source: () => number): void {
    this.sip2Connections = source;
  }

  inboundAnswered(protocol: InboundProtocol, partner: string, operation: string, outcome: string): void {
    this.inbound.inc({ protocol, partner, operation, outcome });
  }
}
