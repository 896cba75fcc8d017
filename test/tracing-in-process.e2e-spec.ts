import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { FIELD_CATALOG } from '../src/domain/field-catalog';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { GatewayTracing, startTracing } from '../src/tracing/tracing';
import { realisticMember } from './factories/member.factory';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Tracing in the test process, exported to an InMemorySpanExporter (jest loads modules its own way, so
 * pg, amqplib and Fastify are not patched here: test/tracing.e2e-spec.ts runs the gateway as a process
 * for those). Without an endpoint nothing starts; with one, the gateway's own spans of an exchange form
 * one trace and hold no member value.
 */
describe('tracing in process', () => {
  const exporter = new InMemorySpanExporter();
  const newsletter = new NewsletterSandbox();
  const wise = new WiseSandbox({ seed: 12 });
  let tracing: GatewayTracing | undefined;
  let gateway: TestApp | undefined;

  afterAll(async () => {
    await gateway?.close();
    await tracing?.shutdown();
    await Promise.all([newsletter.stop(), wise.stop()]);
  });

  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: spans stay no-ops', () => {
    expect(startTracing({ OTEL_SERVICE_NAME: 'bieb-gateway', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBeUndefined();
    expect(startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
    const span = trace.getTracer('bieb-gateway').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('refuses an OTLP protocol it does not export', () => {
    expect(() => startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/http\/protobuf \(the default\) or http\/json/);
  });

  it('puts an exchange, accepted and delivered, in one trace without a member value', async () => {
    tracing = startTracing({}, { exporter });
    await newsletter.start();
    await wise.start();
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'off', CONNECTORS: 'hka,newsletter', DELIVERY_POLL_MS: '20', ...newsletter.settings(), ...wise.settings() } });
    const member = realisticMember(51);
    wise.addMember(member);
    const accepted = await gateway.http.post('/api/v1/exchanges').set(gateway.as('operator')).send({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId });
    expect(accepted.status).toBe(202);
    const deliveryId = accepted.body.deliveryId as string;
    for (let i = 0; i < 200 && !exporter.getFinishedSpans().some((span) => span.name === 'delivery'); i++) await new Promise((resolve) => setTimeout(resolve, 20));

    const spans = exporter.getFinishedSpans();
    const accept = spans.find((span) => span.name === 'exchange.accept' && span.attributes['bieb.delivery_id'] === deliveryId);
    const delivery = spans.find((span) => span.name === 'delivery' && span.attributes['bieb.delivery_id'] === deliveryId);
    expect(accept).toBeDefined();
    expect(delivery?.spanContext().traceId).toBe(accept?.spanContext().traceId);
    expect(delivery?.parentSpanContext?.spanId).toBe(accept?.spanContext().spanId);
    expect(delivery?.attributes).toMatchObject({ 'bieb.partner': 'newsletter', 'bieb.purpose': 'newsletter', 'bieb.outcome': 'delivered', 'bieb.policy_version': accept?.attributes['bieb.policy_version'] });
    const traceId = accept?.spanContext().traceId;
    const names = spans.filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['member.load', 'policy.release', 'mapping', 'outbox.insert', 'ledger.append', 'partner.send', 'outbox.delivered']));

    const exported = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, links: span.links, status: span.status, resource: span.resource.attributes })));
    const codes = new Set(FIELD_CATALOG.flatMap((field) => field.enumValues ?? []));
    const values = [member.memberId, member.cardNumber, member.email, member.birthDate, member.name.lastName, member.addresses?.[0]?.street, member.addresses?.[0]?.postalCode, member.phone].filter((value): value is string => typeof value === 'string' && !codes.has(value));
    expect(values.length).toBeGreaterThan(5);
    expect(values.filter((value) => exported.includes(value))).toEqual([]);
  }, 60_000);
});
