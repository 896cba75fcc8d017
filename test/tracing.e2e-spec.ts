import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { newAccessToken } from '../src/auth/access-token';
import { FIELD_CATALOG } from '../src/domain/field-catalog';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from './factories/member.factory';
import { noteNotRun, testDatabaseUrl } from './support/databases';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';
import { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';

const SERVER = 2;
const CLIENT = 3;

/** Every text value of a member, long enough to be recognisable (as test/log-privacy does for logs). */
function memberValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string' && value.length >= 5) out.add(value);
  else if (Array.isArray(value)) value.forEach((item) => memberValues(item, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => memberValues(item, out));
  return out;
}

interface Variant {
  readonly name: string;
  /** Database and broker settings of the gateway; `setUp` makes what they name, `tearDown` removes it. */
  readonly env: Readonly<Record<string, string>>;
  readonly broker: boolean;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

const sqlite: Variant = { name: 'SQLite, in-process worker', env: {}, broker: false, setUp: async () => undefined, tearDown: async () => undefined };

function postgresWithBroker(databaseUrl: string, amqpUrl: string): Variant {
  const run = randomBytes(5).toString('hex');
  const schema = `test_otel_${run}`;
  const query = async (sql: string) => {
    const db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    try {
      await db.query(sql);
    } finally {
      await db.destroy();
    }
  };
  return {
    name: 'PostgreSQL and RabbitMQ',
    env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, AMQP_URL: amqpUrl, AMQP_QUEUE: `bieb.test.${run}.deliveries`, PSEUDONYM_KEY: randomBytes(32).toString('base64url') },
    broker: true,
    setUp: () => query(`CREATE SCHEMA "${schema}"`),
    tearDown: () => query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  };
}

const databaseUrl = testDatabaseUrl();
const amqpUrl = process.env.TEST_AMQP_URL?.trim() || undefined;
const variants: Variant[] = [sqlite];
if (databaseUrl !== undefined && amqpUrl !== undefined) variants.push(postgresWithBroker(databaseUrl, amqpUrl));
else noteNotRun(`traces of an exchange [PostgreSQL and RabbitMQ]: ${[databaseUrl === undefined ? 'TEST_DATABASE_URL' : [], amqpUrl === undefined ? 'TEST_AMQP_URL' : []].flat().join(' and ')} not set`);

/**
 * The gateway as an operator runs it (src/main.ts in a child process) with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing at a collector on loopback: one exchange, from the HTTP request through the policy, the
 * mapping, the outbox, the broker (when there is one) and the partner's call to the ledger entry, is
 * ONE trace — and not one of the member's values, nor a token, is anywhere in what was exported.
 */
describe.each(variants)('traces of an exchange [$name]', (variant) => {
  const receiver = new OtlpReceiver();
  const newsletter = new NewsletterSandbox();
  const wise = new WiseSandbox({ seed: 11 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-otel-'));
  const adminToken = newAccessToken();
  let gateway: GatewayProcess;
  let base = '';

  beforeAll(async () => {
    await variant.setUp();
    await receiver.start();
    await newsletter.start();
    await wise.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = startGatewayProcess({
      PORT: String(port),
      SIP2_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      SANDBOX: 'off',
      CONNECTORS: 'hka,newsletter',
      LOG_LEVEL: 'warn',
      DELIVERY_POLL_MS: '50',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint(),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...variant.env,
      ...newsletter.settings(),
      ...wise.settings(),
    });
    await waitForHttp(`${base}/health`, gateway);
  }, 90_000);

  afterAll(async () => {
    await gateway.stop();
    await Promise.all([receiver.stop(), newsletter.stop(), wise.stop()]);
    await variant.tearDown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('follows one exchange in one trace, naming partner, purpose, policy version and delivery id, and no member value', async () => {
    const member = realisticMember(41);
    expect(wise.addMember(member)).toBe(member.memberId);
    const operator = await staffAccount(base, adminToken, 'ops', 'operator');
    const officer = await staffAccount(base, adminToken, 'privacy.officer', 'officer');
    // With a broker, an exchange is accepted once the consumer is up; until then it waits in the outbox.
    const accepted = await fetch(`${base}/api/v1/exchanges`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'otel-1' },
      body: JSON.stringify({ partner: 'newsletter', purpose: 'newsletter', memberId: member.memberId }),
    });
    const answer = (await accepted.json()) as { deliveryId: string };
    expect(accepted.status).toBe(202);
    for (let i = 0; i < 300 && newsletter.received().length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(newsletter.received()).toHaveLength(1);
    // A path that carries the member's id: the request's span names the route, not the path.
    const report = await fetch(`${base}/api/v1/members/${member.memberId}/disclosure-report?card=${member.cardNumber}`, { headers: { Authorization: `Bearer ${officer}` } });
    expect(report.status).toBe(200);
    // SIGTERM: the application closes and the spans still buffered are exported before the process ends.
    await gateway.stop();
    expect(await gateway.exited).not.toBe(1);

    const spans = receiver.spans();
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const named = (name: string, inTrace?: string): ReceivedSpan => {
      const found = spans.filter((span) => span.name === name && span.attributes['bieb.delivery_id'] === answer.deliveryId && (inTrace === undefined || span.traceId === inTrace));
      expect({ name, count: found.length }).toEqual({ name, count: 1 });
      return found[0] as ReceivedSpan;
    };
    const parentOf = (span: ReceivedSpan) => (span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId));

    // Acceptance: under the HTTP request's span, with its steps as children.
    const accept = named('exchange.accept');
    const traceId = accept.traceId;
    expect(accept.attributes).toMatchObject({ 'bieb.partner': 'newsletter', 'bieb.purpose': 'newsletter', 'bieb.policy_version': expect.any(Number), 'bieb.outcome': 'accepted' });
    const ancestors: ReceivedSpan[] = [];
    for (let at = parentOf(accept); at !== undefined; at = parentOf(at)) ancestors.push(at);
    const request = ancestors.find((span) => span.kind === SERVER);
    expect(request?.attributes).toMatchObject({ 'http.route': '/api/v1/exchanges' });
    const children = (parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId).map((span) => span.name);
    expect(children(accept)).toEqual(expect.arrayContaining(['member.load', 'policy.release', 'mapping', 'outbox.insert']));
    const release = spans.find((span) => span.name === 'policy.release' && span.parentSpanId === accept.spanId);
    expect(release?.attributes['bieb.policy_version']).toBe(accept.attributes['bieb.policy_version']);
    // The lending system's answer was fetched over HTTP, in the same trace, under 'member.load'.
    const load = spans.find((span) => span.name === 'member.load' && span.parentSpanId === accept.spanId) as ReceivedSpan;
    expect(spans.some((span) => span.kind === CLIENT && span.parentSpanId === load.spanId)).toBe(true);
    named('outbox.insert', traceId);

    // Delivery: in the same trace, across the broker (publish → consume) or from the in-process worker.
    const delivery = named('delivery', traceId);
    expect(delivery.attributes).toMatchObject({ 'bieb.partner': 'newsletter', 'bieb.purpose': 'newsletter', 'bieb.policy_version': accept.attributes['bieb.policy_version'], 'bieb.outcome': 'delivered', 'bieb.attempt': 1 });
    if (variant.broker) {
      const publish = named('delivery.publish', traceId);
      expect(publish.parentSpanId).toBe(accept.spanId);
      const consume = parentOf(delivery) as ReceivedSpan;
      expect(consume.name).toBe('delivery.consume');
      expect(consume.traceId).toBe(traceId);
      expect(consume.attributes['bieb.delivery_id']).toBe(answer.deliveryId);
      // The RabbitMQ client's own spans are in the trace too, and the database's.
      expect(spans.some((span) => span.traceId === traceId && span.scope.includes('amqplib'))).toBe(true);
      expect(spans.some((span) => span.traceId === traceId && (span.attributes['db.system.name'] ?? span.attributes['db.system']) === 'postgresql')).toBe(true);
    } else {
      expect(delivery.parentSpanId).toBe(accept.spanId);
    }
    const ledger = named('ledger.append', traceId);
    expect(ledger.parentSpanId).toBe(delivery.spanId);
    const send = named('partner.send', traceId);
    expect(send.parentSpanId).toBe(delivery.spanId);
    expect(spans.some((span) => span.kind === CLIENT && span.parentSpanId === send.spanId && span.traceId === traceId)).toBe(true);
    named('outbox.delivered', traceId);

    // The report's request: named by its route, its path and query without the member's id or card.
    const reportSpan = spans.find((span) => span.kind === SERVER && span.attributes['http.route'] === '/api/v1/members/:memberId/disclosure-report');
    expect(reportSpan?.name).toBe('GET /api/v1/members/:memberId/disclosure-report');

    // Nothing of the member anywhere: names, attributes, events, links, status, resource — all of what was sent.
    const exported = receiver.raw();
    expect(exported.length).toBeGreaterThan(1000);
    const codes = new Set(FIELD_CATALOG.flatMap((field) => field.enumValues ?? []));
    const values = new Set([...memberValues(member), member.memberId, member.cardNumber]);
    expect([...values].filter((value) => !codes.has(value) && exported.includes(value))).toEqual([]);
    const pin = wise.pinOf(member.cardNumber);
    // Four digits can occur in any id or timestamp: a PIN is looked for next to what would name it (as for logs).
    if (pin !== undefined) expect(exported).not.toMatch(new RegExp(`(AD|pin["':= ]+)${pin}`, 'i'));
    for (const secret of [adminToken, operator, officer]) expect(exported).not.toContain(secret);
    expect(spans.every((span) => JSON.stringify(span.resource).includes('"bieb-gateway"'))).toBe(true);
  }, 90_000);
});
