import { Sample, samplesOf as parseScrape } from '../../test/support/prometheus-text';
import { GatewayApi } from './api';

const total = (samples: readonly Sample[], name: string, where: Readonly<Record<string, string>> = {}): number =>
  samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

/** Every accepted exchange delivered or dead, nothing waiting in the outbox. */
function settled(samples: readonly Sample[]): boolean {
  const outcome = (name: string): number => total(samples, 'bieb_exchanges_total', { outcome: name });
  return outcome('accepted') === outcome('delivered') + outcome('dead') && total(samples, 'bieb_outbox_oldest_pending_age_seconds') === 0;
}

/**
 * What an operator's Prometheus sees after the demo (GET /metrics, as the operator): exchanges by outcome,
 * delivery latency, the ledger, SIP2, inbound answers, the outbox — counts and codes only, never a member.
 */
export async function metricsGlance(api: GatewayApi): Promise<string[]> {
  // The last lifecycle messages may still be settling: scrape until every accepted exchange has an outcome (5 s at most).
  let samples = parseScrape(await api.text('/metrics'));
  for (let tries = 0; tries < 50 && !settled(samples); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    samples = parseScrape(await api.text('/metrics'));
  }
  const delivered = total(samples, 'bieb_exchanges_total', { outcome: 'delivered' });
  const latencyCount = total(samples, 'bieb_delivery_latency_seconds_count');
  const latencySum = total(samples, 'bieb_delivery_latency_seconds_sum');
  const within = (le: string): number => total(samples, 'bieb_delivery_latency_seconds_bucket', { le });
  const partners = new Set(samples.filter((s) => s.name === 'bieb_exchanges_total' && s.labels.outcome === 'delivered' && s.value > 0).map((s) => s.labels.partner));
  return [
    `exchanges: ${total(samples, 'bieb_exchanges_total', { outcome: 'accepted' })} accepted, ${delivered} delivered (to ${partners.size} partners), ` +
      `${total(samples, 'bieb_exchanges_total', { outcome: 'refused' })} refused, ${total(samples, 'bieb_exchanges_total', { outcome: 'dead' })} dead`,
    `delivery latency: ${latencyCount} observed, mean ${latencyCount === 0 ? 0 : Math.round((latencySum / latencyCount) * 1000)} ms, ${within('1')} within 1 s`,
    `ledger: ${total(samples, 'bieb_ledger_entries')} entries; outbox oldest pending ${total(samples, 'bieb_outbox_oldest_pending_age_seconds').toFixed(0)} s; dead letters ${total(samples, 'bieb_dead_letters')}`,
    `SIP2: ${total(samples, 'bieb_sip2_messages_total')} messages; inbound NCIP/SOAP/ISO 18626 answered: ${total(samples, 'bieb_inbound_requests_total')}`,
    `series: ${new Set(samples.map((s) => s.name)).size} (bieb_*), labels name partners, purposes, codes and outcomes only`,
  ];
}
