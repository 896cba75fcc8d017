/**
 * Benchmark of delivery end to end (run: `npm run bench`, or `ts-node -T bench/delivery.bench.ts`).
 * Not part of `npm test`.
 *
 * The gateway runs in this process (createApp, listening on 127.0.0.1, SQLite in a temporary DATA_DIR,
 * SANDBOX=on, CONNECTORS=hka,newsletter, LOG_LEVEL=silent, DELIVERY_POLL_MS=10) with its simulated
 * partners on loopback. Two partners, each against itself, in one run:
 *   - newsletter / newsletter: the realistic member of the factories (2 addresses, 30 loans, 10 holds,
 *     20 fees) → PUT /v1/subscribers/{pseudonym} on the newsletter sandbox (3 fields leave);
 *   - hka / lending: a member the Wise sandbox generated (its loans, holds and fees) → a patron update
 *     PUT /patron/{id}/library/{library} on the Wise sandbox (WISE_KEY and staff token), the case.
 * Each in two modes, with CONCURRENCY (16) requests in flight (a closed loop: each client sends its next
 * request once its previous one has arrived and been answered), and with a single one in flight (the
 * gateway's own path, without queueing behind other exchanges):
 *   - gateway: POST /api/v1/exchanges { partner, purpose, memberId } as an operator → the member from the
 *     lending system (four Wise calls: patron, loans, holds, fees), policy,
 *     mapping, a sealed outbox row (SQLite), the worker claims it, opens it and sends it through the connector;
 *   - direct: the same bytes the connector sent (captured from the sandbox in the warm-up), sent straight
 *     to the sandbox with the same client, each with its own Idempotency-Key (so the sandbox applies every
 *     one, as it does the gateway's), the Wise staff token and WISE_KEY computed once beforehand.
 * Latency is the time from the moment the client starts the request to the moment the sandbox's HTTP
 * server receives it (node's diagnostics channel 'http.server.request.start', filtered to the sandbox's
 * server; matched to the exchange by its Idempotency-Key = the delivery id). Added latency = gateway − direct,
 * per percentile. Throughput: requests completed per second of the round; for the gateway a round ends
 * when every exchange it accepted is `delivered` in the outbox (ledger entry written, message removed).
 * The modes run in interleaved rounds (the order rotated each round) so machine noise hits all of them;
 * latency percentiles pool every measured round, throughput is reported as the median and best round.
 * Client, gateway and sandboxes share this process and its event loop: the direct calls pay that as well.
 * Writes bench/results/delivery.json.
 */
import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { subscribe } from 'node:diagnostics_channel';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, IncomingMessage, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { newAccessToken } from '../src/auth/access-token';
import { loadConfig } from '../src/config/gateway.config';
import { wiseKey } from '../src/connectors/hka/wise-key';
import { Member } from '../src/domain/member';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { realisticMember } from '../test/factories/member.factory';

const ROOT = join(__dirname, '..');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1200);
/** Rounds with a single request in flight: the gateway's own path, without queueing behind others. */
const SINGLE_ROUND_MS = Number(process.env.BENCH_SINGLE_ROUND_MS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_MS = 800;
const POLL_MS = 10;
const DRAIN_TIMEOUT_MS = 30_000;

// ------------------------------------------------------------------------------------------
// A plain HTTP client (keep-alive, one socket per client in flight), the same for every mode
// ------------------------------------------------------------------------------------------

interface Target {
  readonly origin: string;
  readonly agent: Agent;
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

function target(baseUrl: string): Target {
  return { origin: baseUrl, agent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) };
}

function send(to: Target, method: string, path: string, headers: Readonly<Record<string, string>>, body: Buffer | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, to.origin);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, agent: to.agent, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(body.length) } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ------------------------------------------------------------------------------------------
// When a sandbox received a request: node's diagnostics channel, matched by Idempotency-Key
// ------------------------------------------------------------------------------------------

class Arrivals {
  private readonly sandboxPorts = new Set<number>();
  private readonly isSandbox = new WeakMap<Server, boolean>();
  private readonly early = new Map<string, bigint>();
  private readonly waiting = new Map<string, (at: bigint) => void>();

  constructor() {
    subscribe('http.server.request.start', (message) => {
      const at = process.hrtime.bigint();
      const { request, server } = message as { request: IncomingMessage; server: Server };
      if (!this.sandbox(server)) return;
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string') return; // a staff login or a health check
      const waiter = this.waiting.get(key);
      if (waiter === undefined) this.early.set(key, at);
      else {
        this.waiting.delete(key);
        waiter(at);
      }
    });
  }

  watch(baseUrl: string): void {
    this.sandboxPorts.add(Number(new URL(baseUrl).port));
  }

  /** The moment the request with this Idempotency-Key reached a sandbox (it may have already). */
  of(key: string, timeoutMs = DRAIN_TIMEOUT_MS): Promise<bigint> {
    const at = this.early.get(key);
    if (at !== undefined) {
      this.early.delete(key);
      return Promise.resolve(at);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`request ${key} did not reach a sandbox within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, (arrived) => {
        clearTimeout(timer);
        resolve(arrived);
      });
    });
  }

  private sandbox(server: Server): boolean {
    let known = this.isSandbox.get(server);
    if (known === undefined) {
      const address = server.address();
      known = address !== null && typeof address === 'object' && this.sandboxPorts.has(address.port);
      this.isSandbox.set(server, known);
    }
    return known;
  }
}

// ------------------------------------------------------------------------------------------
// Rounds
// ------------------------------------------------------------------------------------------

interface RoundResult {
  readonly completed: number;
  readonly seconds: number;
  /** Milliseconds from the start of each request to its arrival at the sandbox. */
  readonly latencies: number[];
  /** Gateway only: milliseconds from the start of each POST to its 202. */
  readonly accepted: number[];
  readonly failures: number;
}

/** One mode: start a request, return when it has arrived at the sandbox and been answered: ms to arrival (and to the 202). */
type Operation = (sequence: number) => Promise<{ readonly arrivalMs: number; readonly acceptedMs?: number }>;

interface Mode {
  readonly name: string;
  readonly operation: Operation;
  /** After the clients stop: wait until everything accepted is done (the gateway's outbox drained). */
  readonly settle?: () => Promise<void>;
}

let sequence = 0;

interface Run {
  readonly scenario: Scenario;
  readonly mode: Mode;
  readonly concurrency: number;
  readonly rounds: RoundResult[];
}

async function runRound(mode: Mode, ms: number, concurrency: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const accepted: number[] = [];
  let failures = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  const client = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline) {
      try {
        const { arrivalMs, acceptedMs } = await mode.operation(sequence++);
        latencies.push(arrivalMs);
        if (acceptedMs !== undefined) accepted.push(acceptedMs);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  if (mode.settle !== undefined) await mode.settle();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { completed: latencies.length, seconds, latencies, accepted, failures };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  readonly samples: number;
}

interface ModeSummary {
  readonly exchangesPerSec: { readonly median: number; readonly best: number; readonly rounds: number[] };
  /** From the start of the request to its arrival at the sandbox. */
  readonly latencyMs: Percentiles;
  /** Gateway only: from the start of the POST to the gateway's 202 (the outbox row committed). */
  readonly acceptedMs?: Percentiles;
  readonly failures: number;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function percentiles(values: readonly number[]): Percentiles {
  const all = [...values].sort((a, b) => a - b);
  return {
    p50: round3(percentile(all, 50)),
    p90: round3(percentile(all, 90)),
    p99: round3(percentile(all, 99)),
    max: round3(all[all.length - 1] ?? Number.NaN),
    mean: round3(all.reduce((sum, value) => sum + value, 0) / all.length),
    samples: all.length,
  };
}

function summarise(rounds: readonly RoundResult[]): ModeSummary {
  const rates = rounds.map((r) => r.completed / r.seconds);
  const accepted = rounds.flatMap((r) => r.accepted);
  return {
    exchangesPerSec: { median: Math.round(median(rates)), best: Math.round(Math.max(...rates)), rounds: rates.map((r) => Math.round(r)) },
    latencyMs: percentiles(rounds.flatMap((r) => r.latencies)),
    ...(accepted.length > 0 ? { acceptedMs: percentiles(accepted) } : {}),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
  };
}

// ------------------------------------------------------------------------------------------
// The gateway and the scenarios
// ------------------------------------------------------------------------------------------

interface Scenario {
  readonly partner: 'newsletter' | 'hka';
  readonly purpose: string;
  /** The member, by id: the gateway loads it from the lending system (the Wise sandbox). */
  readonly memberId: string;
  readonly memberBytes: number;
  gateway?: Mode;
  direct?: Mode;
  payloadBytes?: number;
}

const elapsedMs = (from: bigint, to: bigint): number => Number(to - from) / 1e6;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-bench-'));
  const adminToken = newAccessToken();
  let app: NestFastifyApplication | undefined;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      SANDBOX: 'on',
      CONNECTORS: 'hka,newsletter',
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: String(POLL_MS),
      CIRCUIT_FAILURE_THRESHOLD: '1000',
    });
    app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const gatewayUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const database = app.get(DataSource);
    const sandboxes = app.get(SandboxHost);
    const newsletter = sandboxes.get('newsletter') as NewsletterSandbox;
    const wise = sandboxes.get('hka') as WiseSandbox;
    const arrivals = new Arrivals();
    const newsletterUrl = newsletter.settings().NEWSLETTER_BASE_URL ?? '';
    const wiseUrl = wise.settings().HKA_BASE_URL ?? '';
    arrivals.watch(newsletterUrl);
    arrivals.watch(wiseUrl);

    const gateway = target(gatewayUrl);
    const admin = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' };
    const account = await send(gateway, 'POST', '/api/v1/accounts', admin, Buffer.from(JSON.stringify({ name: 'bench-operator', role: 'operator' })));
    const operatorToken = (JSON.parse(account.body) as { token: string }).token;
    const operator = { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json' };

    // The Wise member with the most loans, holds and fees (a busy reader), as the canonical member.
    const activity = (member: Member): number => (member.loans?.length ?? 0) + (member.holds?.length ?? 0) + (member.fees?.length ?? 0);
    const busiest = [...wise.members(60)].sort((a, b) => activity(b) - activity(a))[0];
    if (busiest === undefined) throw new Error('the Wise sandbox generated no members');
    // Exchanges name members by id: the realistic member is enrolled in the lending system, which the
    // gateway asks for every exchange (patron, loans, holds, fees), as in production.
    const enrolled = realisticMember(1);
    if (wise.addMember(enrolled) === undefined) throw new Error('the Wise sandbox did not take the realistic member');
    const newsletterMember = JSON.stringify(enrolled);
    const wiseMember = JSON.stringify(busiest);
    const scenarios: Scenario[] = [
      { partner: 'newsletter', purpose: 'newsletter', memberId: enrolled.memberId, memberBytes: Buffer.byteLength(newsletterMember) },
      { partner: 'hka', purpose: 'lending', memberId: busiest.memberId, memberBytes: Buffer.byteLength(wiseMember) },
    ];

    const unfinished = async (): Promise<{ open: number; failed: number }> => {
      const [row] = await database.query<Array<{ open: number | null; failed: number | null }>>(
        "SELECT SUM(CASE WHEN status IN ('pending', 'in-flight') THEN 1 ELSE 0 END) AS open, SUM(CASE WHEN status IN ('dead', 'discarded') THEN 1 ELSE 0 END) AS failed FROM outbox",
      );
      return { open: Number(row?.open ?? 0), failed: Number(row?.failed ?? 0) };
    };
    const drain = async (): Promise<void> => {
      const until = Date.now() + DRAIN_TIMEOUT_MS;
      for (;;) {
        const { open, failed } = await unfinished();
        if (failed > 0) throw new Error(`${failed} exchange(s) became dead letters`);
        if (open === 0) return;
        if (Date.now() > until) throw new Error(`${open} exchange(s) still undelivered after ${DRAIN_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };

    for (const scenario of scenarios) {
      const body = Buffer.from(JSON.stringify({ partner: scenario.partner, purpose: scenario.purpose, memberId: scenario.memberId }));
      scenario.gateway = {
        name: 'gateway',
        operation: async () => {
          const started = process.hrtime.bigint();
          const reply = await send(gateway, 'POST', '/api/v1/exchanges', operator, body);
          if (reply.status !== 202) throw new Error(`POST /api/v1/exchanges answered ${reply.status}: ${reply.body}`);
          const answered = process.hrtime.bigint();
          const arrived = await arrivals.of((JSON.parse(reply.body) as { deliveryId: string }).deliveryId);
          return { arrivalMs: elapsedMs(started, arrived), acceptedMs: elapsedMs(started, answered) };
        },
        settle: drain,
      };
    }

    console.log(
      `delivery benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown cpu'}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `${CONCURRENCY} and 1 request(s) in flight; ${ROUNDS} interleaved rounds per mode (${ROUND_MS} ms at ${CONCURRENCY}, ${SINGLE_ROUND_MS} ms at 1; order rotated each round), ` +
        `${WARMUP_MS} ms warm-up; latency = request start → arrival at the sandbox; gateway, sandboxes and client in this process\n`,
    );

    // Warm-up through the gateway; then the bytes the connector sent become the direct calls.
    for (const scenario of scenarios) await runRound(scenario.gateway as Mode, WARMUP_MS, CONCURRENCY);
    const sent = newsletter.http.received().filter((r) => r.method === 'PUT' && r.idempotencyKey !== undefined);
    const lastNewsletter = sent[sent.length - 1];
    const wiseSent = wise.received().filter((r) => r.method === 'PUT' && r.idempotencyKey !== undefined);
    const lastWise = wiseSent[wiseSent.length - 1];
    if (lastNewsletter === undefined || lastWise === undefined) throw new Error('the warm-up delivered nothing to a sandbox');

    const newsletterTarget = target(newsletterUrl);
    const newsletterBody = Buffer.from(lastNewsletter.body, 'utf8');
    const newsletterHeaders = {
      Authorization: `Bearer ${newsletter.settings().NEWSLETTER_API_KEY ?? ''}`,
      'Content-Type': lastNewsletter.headers['content-type'] ?? 'application/json',
      Accept: 'application/json',
    };
    const wiseTarget = target(wiseUrl);
    const wiseBody = lastWise.bytes;
    const { apiId, apiKey, application, staffUser, staffPassword } = wise.credentials;
    const wiseKeyHeader = wiseKey(apiId, apiKey, application, Date.now());
    const login = await send(wiseTarget, 'POST', '/login', { WISE_KEY: wiseKeyHeader, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ username: staffUser, password: staffPassword })));
    const wiseHeaders = {
      WISE_KEY: wiseKeyHeader,
      Authorization: (JSON.parse(login.body) as { token: string }).token,
      'Content-Type': lastWise.headers['content-type'] ?? 'application/json',
      Accept: 'application/json',
    };
    const direct = (to: Target, method: string, path: string, headers: Readonly<Record<string, string>>, bytes: Buffer): Mode => ({
      name: 'direct',
      operation: async (n) => {
        const key = `bench-direct-${n}`;
        const started = process.hrtime.bigint();
        const [reply, arrived] = await Promise.all([send(to, method, path, { ...headers, 'Idempotency-Key': key }, bytes), arrivals.of(key)]);
        if (reply.status >= 300) throw new Error(`${method} ${path} answered ${reply.status}: ${reply.body}`);
        return { arrivalMs: elapsedMs(started, arrived) };
      },
    });
    const [newsletterScenario, wiseScenario] = scenarios as [Scenario, Scenario];
    newsletterScenario.direct = direct(newsletterTarget, lastNewsletter.method, lastNewsletter.path, newsletterHeaders, newsletterBody);
    newsletterScenario.payloadBytes = newsletterBody.length;
    wiseScenario.direct = direct(wiseTarget, lastWise.method, lastWise.path, wiseHeaders, wiseBody);
    wiseScenario.payloadBytes = wiseBody.length;
    for (const scenario of scenarios) await runRound(scenario.direct as Mode, WARMUP_MS / 2, CONCURRENCY);

    // Measured: every scenario × mode × concurrency interleaved, the order rotated each round.
    const runs: Run[] = scenarios.flatMap((scenario) =>
      [CONCURRENCY, 1].flatMap((concurrency) => [scenario.gateway as Mode, scenario.direct as Mode].map((mode) => ({ scenario, mode, concurrency, rounds: [] as RoundResult[] }))),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < runs.length; i++) {
        const run = runs[(round + i) % runs.length];
        if (run !== undefined) run.rounds.push(await runRound(run.mode, run.concurrency === 1 ? SINGLE_ROUND_MS : ROUND_MS, run.concurrency));
      }
    }

    const results: Array<Record<string, unknown>> = [];
    const fmt = (value: number, digits = 2): string => value.toFixed(digits);
    const cells = (label: string, mode: string, concurrency: number | '', s: { exchangesPerSec?: ModeSummary['exchangesPerSec']; latencyMs: Percentiles }): string =>
      `${label.padEnd(24)} ${mode.padEnd(8)} ${String(concurrency).padStart(9)} ${String(s.exchangesPerSec?.median ?? '').padStart(9)} ${String(s.exchangesPerSec?.best ?? '').padStart(7)} ` +
      `${fmt(s.latencyMs.p50).padStart(8)} ${fmt(s.latencyMs.p90).padStart(8)} ${fmt(s.latencyMs.p99).padStart(8)} ${String(s.latencyMs.samples).padStart(8)}`;
    console.log(`${'partner / purpose'.padEnd(24)} ${'mode'.padEnd(8)} ${'in flight'.padStart(9)} ${'req/s'.padStart(9)} ${'best'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'samples'.padStart(8)}`);
    for (const scenario of scenarios) {
      const comparisons: Array<Record<string, unknown>> = [];
      const notes: string[] = [];
      for (const concurrency of [CONCURRENCY, 1]) {
        const pick = (mode: Mode | undefined): ModeSummary => summarise(runs.filter((r) => r.mode === mode && r.concurrency === concurrency).flatMap((r) => r.rounds));
        const viaGateway = pick(scenario.gateway);
        const straight = pick(scenario.direct);
        const label = concurrency === CONCURRENCY ? `${scenario.partner} / ${scenario.purpose}` : '';
        console.log(cells(label, 'gateway', concurrency, viaGateway));
        if (viaGateway.acceptedMs !== undefined) console.log(cells('', '  (202)', '', { latencyMs: viaGateway.acceptedMs }));
        console.log(cells('', 'direct', concurrency, straight));
        const addedLatencyMs = { p50: round3(viaGateway.latencyMs.p50 - straight.latencyMs.p50), p99: round3(viaGateway.latencyMs.p99 - straight.latencyMs.p99) };
        const ratios = {
          /** < 1: the gateway's end-to-end rate as a share of calling the sandbox directly */
          throughputGatewayPerDirect: viaGateway.exchangesPerSec.median / straight.exchangesPerSec.median,
          latencyP50GatewayPerDirect: viaGateway.latencyMs.p50 / straight.latencyMs.p50,
          latencyP99GatewayPerDirect: viaGateway.latencyMs.p99 / straight.latencyMs.p99,
        };
        const failures = viaGateway.failures + straight.failures;
        notes.push(
          `${concurrency} in flight: added p50 +${fmt(addedLatencyMs.p50)} ms, p99 +${fmt(addedLatencyMs.p99)} ms; ` +
            `throughput ${fmt(ratios.throughputGatewayPerDirect, 3)}× direct; latency ${fmt(ratios.latencyP50GatewayPerDirect, 1)}× (p50), ${fmt(ratios.latencyP99GatewayPerDirect, 1)}× (p99)` +
            (failures > 0 ? `; FAILED requests: ${failures}` : ''),
        );
        comparisons.push({ concurrency, gateway: viaGateway, direct: straight, addedLatencyMs, ratios });
      }
      for (const note of notes) console.log(`${''.padEnd(24)} ${note}`);
      console.log(`${''.padEnd(24)} member ${scenario.memberBytes} bytes in, ${scenario.payloadBytes ?? 0} bytes out to the sandbox\n`);
      results.push({
        partner: scenario.partner,
        purpose: scenario.purpose,
        sandbox: scenario.partner === 'hka' ? 'Wise (OCLC Wise REST: WISE_KEY and staff token)' : 'newsletter (REST, bearer key)',
        memberBytes: scenario.memberBytes,
        payloadBytes: scenario.payloadBytes,
        byConcurrency: comparisons,
      });
    }
    const { failed } = await unfinished();
    console.log(
      'req/s: the median round (best: the best round); ms: from the start of the request to its arrival at the sandbox; ' +
        "(202): from the start of the POST to the gateway's 202 (the outbox row committed)" +
        (failed > 0 ? `; ${failed} exchange(s) became dead letters` : ''),
    );

    const out = join(ROOT, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'delivery.json'),
      `${JSON.stringify(
        {
          benchmark: 'delivery end to end',
          date: new Date().toISOString(),
          node: process.version,
          cpu: cpus()[0]?.model,
          cpus: cpus().length,
          loadAverage: loadavg(),
          concurrency: [CONCURRENCY, 1],
          roundMs: { [CONCURRENCY]: ROUND_MS, 1: SINGLE_ROUND_MS },
          rounds: ROUNDS,
          deliveryPollMs: POLL_MS,
          database: 'SQLite (embedded, temporary DATA_DIR)',
          statistic: 'throughput: median and best of the interleaved rounds; latency: percentiles over every request of every measured round',
          latencyMeasuredAs: "from the start of the client's request to the sandbox HTTP server's 'http.server.request.start' (diagnostics channel), matched by Idempotency-Key",
          deadLetters: failed,
          notes: [
            'gateway = POST /api/v1/exchanges {partner, purpose, memberId} as an operator: the member loaded from the Wise sandbox, policy, mapping, sealed outbox row, worker claim, connector send; a round ends when its exchanges are delivered (ledger written)',
            'direct = the bytes the connector sent, replayed to the sandbox with the same client, a fresh Idempotency-Key each (the Wise token and WISE_KEY computed once)',
            'client, gateway and sandboxes share one process and event loop',
          ],
          results,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nresults written to bench/results/delivery.json`);
    gateway.agent.destroy();
    newsletterTarget.agent.destroy();
    wiseTarget.agent.destroy();
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
