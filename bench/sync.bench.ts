/**
 * Benchmark of lifecycle sync (src/sync/) (run: `npm run bench`, or `ts-node -T bench/sync.bench.ts`).
 * Not part of `npm test`. Issue 13's targets: an initial cycle of 400,000 members in ≤ 60 s with the
 * gateway's RSS ≤ 300 MB; incremental cycles cheap per changed member. Reported as measured, with ratios
 * against a baseline measured in the same run; nothing here passes or fails.
 *
 * The gateway runs as an operator starts it (`npm start`: `node dist/main.js`, from a build of src/ made for
 * this run in a temporary folder; SYNC_BENCH_RUNTIME=ts-node: `src/main.ts` under ts-node) in a child process:
 * SQLite in a temporary DATA_DIR, CONNECTORS=hka,kb, SYNC_INTERVAL_MS at its maximum (the timed cycle
 * stays out of the way), WITHDRAWAL_WATCH_MS=0, LOG_LEVEL=warn, everything else at its defaults
 * (DELIVERY_CONCURRENCY 16, DELIVERY_PARTNER_CONCURRENCY 4, SYNC_BATCH_SIZE 500).
 *   1. initial cycle for 'kb' (SANDBOX=on, SANDBOX_MEMBERS=MEMBERS, the simulated partners inside the
 *      gateway's process, as issue 13 sets it up): POST /api/v1/sync/kb/initial → the job polled until
 *      it is no longer running → the outbox drained (no row pending or in flight, read from the database
 *      beside the gateway). Wall time from the POST to the last delivery, members/s, the peak RSS of the
 *      child (/proc/<pid>/status VmRSS every 200 ms, and VmHWM), its CPU time. 400,000 / rate is
 *      reported, labelled as extrapolated.
 *   2. incremental cycle: 1 % of the members (current ones, spread over the library) get a later
 *      membership.validUntil (a field the KB's online-registration releases) through PATCH
 *      /api/v1/sandbox/members/{id}; POST /api/v1/sync/cycle; timed until it answered and the outbox
 *      drained; ms per changed member, and whether exactly the changed members were sent.
 *   3. the same initial cycle with the simulated Wise and KB in this process (SANDBOX=off, their
 *      settings in the environment): the gateway's process holds only the gateway, so its RSS is its own
 *      (the sandboxes record every request they receive), and the Wise requests per member are counted.
 *   4. baseline: a standalone KbSandbox in this process; the NCIP UpdateUser bodies of the members an
 *      initial cycle registers (the current ones), built beforehand with the project's own mapping
 *      (toNcipRegistration; one is checked byte for byte against a body the gateway sent), POSTed with
 *      DELIVERY_CONCURRENCY (16) — and with the per-partner limit (4) the gateway's worker uses for one
 *      partner — on kept-alive connections, each with its own Idempotency-Key; rounds before and after
 *      the gateway's runs. Gateway messages/s as a ratio of it.
 *   5. PostgreSQL + RabbitMQ (a fresh schema and queue each): the initial cycle with one instance and
 *      with two (sandboxes in this process, shared by both), ratio two/one, and per member the table
 *      scans and rows written (pg_stat_user_tables). Recorded as "not run: <reason>" when they are not
 *      reachable.
 * Environment: SYNC_BENCH_MEMBERS (4000), SYNC_BENCH_PG_MEMBERS (1000), SYNC_BENCH_BASELINE_ROUNDS (3),
 * SYNC_BENCH_EXTERNAL=off (skips 3), SYNC_BENCH_POSTGRES=off (skips 5), SYNC_BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/test), SYNC_BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:5672),
 * SYNC_BENCH_RUNTIME=ts-node, SYNC_BENCH_NODE_OPTIONS (the gateway's NODE_OPTIONS, e.g.
 * --max-old-space-size=128 to see how much of the peak RSS is the heap V8 lets grow), SYNC_BENCH_TIMEOUT_MS.
 * The defaults take about four minutes on two busy cores (~100 members/s).
 * Writes bench/results/sync.json.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, IncomingMessage, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as amqpConnect } from 'amqplib';
import { DataSource } from 'typeorm';
import { newAccessToken } from '../src/auth/access-token';
import { ValidMember } from '../src/domain/member';
import { fromNcipRegistration, toNcipRegistration } from '../src/mapping/ncip/ncip-registration';
import { KB_SANDBOX_AGENCY, KbSandbox, LIBRARY_SANDBOX_AGENCY } from '../src/sandbox/kb/kb.sandbox';
import { SANDBOX_SEED } from '../src/sandbox/sandbox-host';
import { isCurrentMember } from '../src/sync/member-standing';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from '../test/support/gateway-process';

const ROOT = join(__dirname, '..');
const MEMBERS = Number(process.env.SYNC_BENCH_MEMBERS ?? 4_000);
const PG_MEMBERS = Number(process.env.SYNC_BENCH_PG_MEMBERS ?? Math.min(MEMBERS, 1_000));
const CHANGED_SHARE = 0.01;
const TARGET_MEMBERS = 400_000;
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 300;
/** The gateway's defaults (DELIVERY_CONCURRENCY, DELIVERY_PARTNER_CONCURRENCY): the baseline's clients. */
const DELIVERY_CONCURRENCY = 16;
const PARTNER_CONCURRENCY = 4;
const BASELINE_ROUNDS = Number(process.env.SYNC_BENCH_BASELINE_ROUNDS ?? 3);
const EXTERNAL = process.env.SYNC_BENCH_EXTERNAL !== 'off';
const POSTGRES = process.env.SYNC_BENCH_POSTGRES !== 'off';
const DATABASE_URL = process.env.SYNC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const AMQP_URL = process.env.SYNC_BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const POLL_MS = 200;
const CYCLE_TIMEOUT_MS = Number(process.env.SYNC_BENCH_TIMEOUT_MS ?? 15 * 60_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (from: bigint, to: bigint = process.hrtime.bigint()): number => Number(to - from) / 1e9;
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

// ------------------------------------------------------------------------------------------
// HTTP on kept-alive connections
// ------------------------------------------------------------------------------------------

interface Reply {
  readonly status: number;
  readonly body: string;
}

function call(agent: Agent, origin: string, method: string, path: string, headers: Readonly<Record<string, string>>, body?: string | Buffer): Promise<Reply> {
  const url = new URL(path, origin);
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, agent, headers: bytes === undefined ? headers : { ...headers, 'Content-Length': String(bytes.length) } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The gateway's API as an operator (one kept-alive connection is plenty for polling). */
class Api {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });
  constructor(
    readonly origin: string,
    private token: string,
  ) {}

  as(token: string): void {
    this.token = token;
  }

  async json<T>(method: string, path: string, body?: unknown, expect: readonly number[] = [200]): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const reply = await call(this.agent, this.origin, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
    if (!expect.includes(reply.status)) throw new Error(`${method} ${path} answered ${reply.status}: ${reply.body.slice(0, 500)}`);
    return JSON.parse(reply.body) as T;
  }

  /** The status and body, whatever the status. */
  async raw(method: string, path: string): Promise<Reply> {
    return call(this.agent, this.origin, method, path, { Authorization: `Bearer ${this.token}` });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ------------------------------------------------------------------------------------------
// The gateway's process: memory and CPU from /proc
// ------------------------------------------------------------------------------------------

/** VmRSS sampled every 200 ms (and VmHWM, the kernel's own peak) and CPU time of one process. */
class ProcessWatch {
  private timer: NodeJS.Timeout | undefined;
  peakRssMb = 0;
  constructor(private readonly pid: number) {}

  rssMb(): number {
    return this.status('VmRSS');
  }

  hwmMb(): number {
    return this.status('VmHWM');
  }

  /** User + system CPU seconds so far (/proc/<pid>/stat, in clock ticks of 1/100 s). */
  cpuSeconds(): number {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return Number.NaN;
    }
  }

  start(): void {
    this.peakRssMb = Math.max(this.peakRssMb, this.rssMb());
    this.timer = setInterval(() => {
      this.peakRssMb = Math.max(this.peakRssMb, this.rssMb());
    }, POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private status(field: string): number {
    try {
      const line = readFileSync(`/proc/${this.pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${field}:`));
      return line === undefined ? Number.NaN : Number(line.replace(/\D+/g, '')) / 1024;
    } catch {
      return Number.NaN;
    }
  }
}

// ------------------------------------------------------------------------------------------
// The outbox, read from the database beside the gateway (read-only), by status
// ------------------------------------------------------------------------------------------

interface OutboxCounts {
  readonly open: number;
  readonly delivered: number;
  readonly failed: number;
}

interface OutboxReader {
  counts(): Promise<OutboxCounts>;
  close(): Promise<void>;
}

const COUNT_SQL = (table: string): string =>
  `SELECT SUM(CASE WHEN status IN ('pending', 'in-flight') THEN 1 ELSE 0 END) AS open, SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) AS delivered, ` +
  `SUM(CASE WHEN status IN ('dead', 'discarded') THEN 1 ELSE 0 END) AS failed FROM ${table}`;

type CountRow = { open: number | string | null; delivered: number | string | null; failed: number | string | null };
const countsOf = (row: CountRow | undefined): OutboxCounts => ({ open: Number(row?.open ?? 0), delivered: Number(row?.delivered ?? 0), failed: Number(row?.failed ?? 0) });

function sqliteOutbox(dataDir: string): OutboxReader {
  let db: Database.Database | undefined;
  return {
    counts: () => {
      // The gateway creates the file at start; WAL mode: this reader never blocks its writers.
      db ??= new Database(join(dataDir, 'gateway.sqlite'), { readonly: true, fileMustExist: true });
      return Promise.resolve(countsOf(db.prepare(COUNT_SQL('outbox')).get() as CountRow | undefined));
    },
    close: () => {
      db?.close();
      return Promise.resolve();
    },
  };
}

function postgresOutbox(db: DataSource, schema: string): OutboxReader {
  return {
    counts: async () => countsOf((await db.query<CountRow[]>(COUNT_SQL(`"${schema}".outbox`)))[0]),
    close: () => Promise.resolve(),
  };
}

// ------------------------------------------------------------------------------------------
// One gateway instance (a child process) and one timed cycle
// ------------------------------------------------------------------------------------------

/**
 * How the gateway runs: `node dist/main.js` from a build of src/ made for this run in a temporary folder
 * (as `npm start` runs it; tsc without type checking, which `npx tsc --noEmit` does), or with
 * SYNC_BENCH_RUNTIME=ts-node as `src/main.ts` under ts-node (the TypeScript compiler then lives in the
 * gateway's process: about 150 MB more RSS at rest).
 */
const RUNTIME = process.env.SYNC_BENCH_RUNTIME === 'ts-node' ? 'ts-node' : 'build';

/** src/ compiled to <tmp>/dist, beside links to what the build finds by its place (policies, the console's files, node_modules). */
function buildGateway(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bgw-sync-bench-build-'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist'), '--noCheck', '--sourceMap', 'false'], { cwd: ROOT, stdio: 'inherit' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'policies'), join(dir, 'policies'), 'dir');
  mkdirSync(join(dir, 'src', 'admin'), { recursive: true });
  symlinkSync(join(ROOT, 'src', 'admin', 'console'), join(dir, 'src', 'admin', 'console'), 'dir');
  return dir;
}

let built: string | undefined;

/** The gateway in a child process, with only the given environment (and PATH, HOME). */
function spawnGateway(env: Readonly<Record<string, string>>): GatewayProcess {
  if (RUNTIME === 'ts-node') return startGatewayProcess(env);
  built ??= buildGateway();
  const child = spawn(process.execPath, [join(built, 'dist', 'main.js')], { cwd: built, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out = (out + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Instance {
  readonly api: Api;
  readonly process: GatewayProcess;
  readonly watch: ProcessWatch;
  readonly dataDir: string;
  readonly idleRssMb: number;
}

async function startInstance(env: Readonly<Record<string, string>>, adminToken: string, broker: boolean): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-sync-bench-'));
  const port = await freePort();
  const gateway = spawnGateway({
    PORT: String(port),
    HOST: '127.0.0.1',
    SIP2_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
    SYNC_INTERVAL_MS: '86400000',
    WITHDRAWAL_WATCH_MS: '0',
    ...(process.env.SYNC_BENCH_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.SYNC_BENCH_NODE_OPTIONS }),
    ...env,
  });
  const origin = `http://127.0.0.1:${port}`;
  const api = new Api(origin, adminToken);
  try {
    await waitForHttp(`${origin}/health`, gateway, 120_000);
    // Ready when every check is up (with a broker: its consumer connected), not only when HTTP answers.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const health = JSON.parse((await api.raw('GET', '/health')).body) as { status?: string; checks?: Record<string, { status?: string; info?: Record<string, unknown> }> };
      if (health.status === 'ok' && (!broker || health.checks?.broker?.info?.consumer === 'connected')) break;
      if (Date.now() > deadline) throw new Error(`the gateway is not ready: ${JSON.stringify(health)}\n${gateway.stderr()}`);
      await sleep(100);
    }
  } catch (error) {
    api.close();
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const watch = new ProcessWatch(gateway.child.pid as number);
  return { api, process: gateway, watch, dataDir, idleRssMb: round(watch.rssMb()) };
}

async function stopInstance(instance: Instance): Promise<void> {
  instance.watch.stop();
  instance.api.close();
  await instance.process.stop();
  rmSync(instance.dataDir, { recursive: true, force: true });
}

interface JobView {
  readonly jobId: string;
  readonly status: string;
  readonly total: number;
  readonly sent: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly failed: number;
  readonly held: number;
  readonly error: string | null;
}

interface InitialResult {
  readonly members: number;
  readonly job: JobView;
  /** From the POST to the job no longer running (every member planned, its messages in the outbox). */
  readonly jobSeconds: number;
  /** From the POST to the last message delivered (outbox drained). */
  readonly seconds: number;
  readonly membersPerSec: number;
  readonly messagesPerSec: number;
  readonly delivered: number;
  readonly deadOrDiscarded: number;
  /** Summed over the instances; perInstancePeak: each process's own peak (the larger of the samples and VmHWM). */
  readonly rssMb: { readonly idle: number; readonly peakSampled: number; readonly peakVmHWM: number; readonly afterCycle: number; readonly perInstancePeak: number[] };
  /** CPU seconds of the gateway process(es) during the cycle, and as a share of the wall time (1 = one core busy). */
  readonly cpuSeconds: number;
  readonly cpuCoresBusy: number;
  /** Every second: seconds since the POST, messages the job had sent to the outbox, messages delivered, RSS. */
  readonly timeline: ReadonlyArray<{ readonly s: number; readonly queued: number; readonly delivered: number; readonly rssMb: number }>;
}

/** Polls until the job is no longer running and the outbox is drained; samples the instances' memory. */
async function untilDrained(
  api: Api,
  jobId: string | undefined,
  outbox: OutboxReader,
  instances: readonly Instance[],
  started: bigint,
): Promise<{ job?: JobView; jobSeconds: number; counts: OutboxCounts; timeline: InitialResult['timeline'] }> {
  const timeline: Array<InitialResult['timeline'][number]> = [];
  let job: JobView | undefined;
  let jobSeconds = Number.NaN;
  let nextSample = 0;
  for (;;) {
    if (jobId !== undefined && (job === undefined || job.status === 'running')) {
      job = await api.json<JobView>('GET', `/api/v1/sync/jobs/${jobId}`);
      if (job.status !== 'running') jobSeconds = seconds(started);
    }
    const counts = await outbox.counts();
    const elapsed = seconds(started);
    if (elapsed >= nextSample) {
      timeline.push({ s: round(elapsed), queued: job?.sent ?? counts.open + counts.delivered, delivered: counts.delivered, rssMb: round(instances.reduce((sum, i) => sum + i.watch.rssMb(), 0)) });
      nextSample += 1;
    }
    if ((jobId === undefined || (job !== undefined && job.status !== 'running')) && counts.open === 0) {
      return { ...(job === undefined ? {} : { job }), jobSeconds: jobId === undefined ? elapsed : jobSeconds, counts, timeline };
    }
    for (const instance of instances) {
      if (instance.process.child.exitCode !== null) throw new Error(`a gateway exited (${instance.process.child.exitCode}) during the cycle:\n${instance.process.stderr().slice(-4000)}`);
    }
    if (elapsed * 1000 > CYCLE_TIMEOUT_MS) throw new Error(`not drained within ${CYCLE_TIMEOUT_MS} ms: job ${JSON.stringify(job)}, outbox ${JSON.stringify(counts)}`);
    await sleep(POLL_MS);
  }
}

async function initialCycle(api: Api, outbox: OutboxReader, instances: readonly Instance[], members: number): Promise<InitialResult> {
  for (const instance of instances) instance.watch.start();
  const cpuBefore = instances.reduce((sum, i) => sum + i.watch.cpuSeconds(), 0);
  const started = process.hrtime.bigint();
  const { jobId } = await api.json<{ jobId: string }>('POST', '/api/v1/sync/kb/initial', undefined, [202]);
  const drained = await untilDrained(api, jobId, outbox, instances, started);
  const wall = seconds(started);
  const cpu = instances.reduce((sum, i) => sum + i.watch.cpuSeconds(), 0) - cpuBefore;
  for (const instance of instances) instance.watch.stop();
  const job = drained.job as JobView;
  if (job.status !== 'done') throw new Error(`the initial cycle ended '${job.status}' (${job.error ?? ''}): ${JSON.stringify(job)}\n${instances.map((i) => i.process.stderr().slice(-2000)).join('\n')}`);
  return {
    members,
    job,
    jobSeconds: round(drained.jobSeconds, 2),
    seconds: round(wall, 2),
    membersPerSec: round(members / wall),
    messagesPerSec: round(job.sent / wall),
    delivered: drained.counts.delivered,
    deadOrDiscarded: drained.counts.failed,
    rssMb: {
      idle: round(instances.reduce((sum, i) => sum + i.idleRssMb, 0)),
      peakSampled: round(instances.reduce((sum, i) => sum + i.watch.peakRssMb, 0)),
      peakVmHWM: round(instances.reduce((sum, i) => sum + i.watch.hwmMb(), 0)),
      afterCycle: round(instances.reduce((sum, i) => sum + i.watch.rssMb(), 0)),
      perInstancePeak: instances.map((i) => round(Math.max(i.watch.peakRssMb, i.watch.hwmMb()))),
    },
    cpuSeconds: round(cpu, 2),
    cpuCoresBusy: round(cpu / wall, 2),
    timeline: drained.timeline,
  };
}

// ------------------------------------------------------------------------------------------
// What the KB receives, built with the project's own mapping
// ------------------------------------------------------------------------------------------

const KB_CONTEXT = { partner: 'kb', agencyId: LIBRARY_SANDBOX_AGENCY, partnerAgencyId: KB_SANDBOX_AGENCY };

/** The fields the KB's online-registration releases (policies/kb.yaml), as the policy releases them. */
function kbRegistration(member: ValidMember): string {
  const membership = member.membership;
  const released: Record<string, unknown> = { memberId: member.memberId, cardNumber: member.cardNumber };
  if (member.birthDate !== undefined) released.birthDate = member.birthDate;
  if (membership !== undefined) {
    const kept = Object.fromEntries(Object.entries({ subscription: membership.subscription, status: membership.status, validUntil: membership.validUntil }).filter(([, value]) => value !== undefined));
    if (Object.keys(kept).length > 0) released.membership = kept;
  }
  return toNcipRegistration('UpdateUser', released, KB_CONTEXT);
}

/** Whether the body built here for the member a gateway-sent body names is that body, byte for byte. */
function sameAsGateway(sent: string | undefined, byId: ReadonlyMap<string, ValidMember>): boolean | string {
  if (sent === undefined) return 'not checked: no body the gateway sent could be read';
  const memberId = fromNcipRegistration(sent).fields.memberId;
  const member = typeof memberId === 'string' ? byId.get(memberId) : undefined;
  if (member === undefined) return `not checked: the member '${String(memberId)}' is not among the generated ones`;
  return kbRegistration(member) === sent;
}

function activeAndValid(member: ValidMember, today: string): boolean {
  return member.membership?.status === 'active' && (member.membership.validUntil ?? '9999-12-31') >= today;
}

/** Later by one year (YYYY-MM-DD). */
function yearLater(day: string): string {
  const [year, rest] = [Number(day.slice(0, 4)), day.slice(4, 10)];
  return `${year + 1}${rest === '-02-29' ? '-02-28' : rest}`;
}

// ------------------------------------------------------------------------------------------
// Baseline: the prepared bodies straight to a standalone KB sandbox
// ------------------------------------------------------------------------------------------

interface BaselineResult {
  readonly concurrency: number;
  readonly messages: number;
  /** Messages per second of each round: BASELINE_ROUNDS before the gateway's runs and as many after. */
  readonly before: number[];
  readonly after: number[];
  readonly medianMessagesPerSec: number;
}

/**
 * A standalone KB sandbox and prepared bodies: rounds of `messages` registrations, each POSTed with its
 * own Idempotency-Key, `concurrency` clients on kept-alive connections; the sandbox is emptied between rounds.
 */
class Baseline {
  private readonly kb = new KbSandbox();
  private readonly rates = new Map<number, { before: number[]; after: number[] }>();

  constructor(
    private readonly bodies: readonly Buffer[],
    readonly messages: number,
    private readonly concurrencies: readonly number[],
  ) {}

  async start(): Promise<void> {
    await this.kb.start();
    // A warm-up of a tenth at each concurrency.
    for (const concurrency of this.concurrencies) await this.round(concurrency, Math.max(1, Math.floor(this.messages / 10)), 'warm-up');
  }

  /** BASELINE_ROUNDS rounds at each concurrency, interleaved. */
  async measure(when: 'before' | 'after'): Promise<void> {
    for (let r = 0; r < BASELINE_ROUNDS; r++) {
      for (const concurrency of r % 2 === 0 ? this.concurrencies : [...this.concurrencies].reverse()) {
        const rate = await this.round(concurrency, this.messages, `${when}-${r}`);
        const rates = this.rates.get(concurrency) ?? { before: [], after: [] };
        rates[when].push(rate);
        this.rates.set(concurrency, rates);
      }
    }
  }

  results(): BaselineResult[] {
    return this.concurrencies.map((concurrency) => {
      const { before, after } = this.rates.get(concurrency) ?? { before: [], after: [] };
      const all = [...before, ...after].sort((a, b) => a - b);
      const median = all.length % 2 === 1 ? (all[(all.length - 1) / 2] as number) : ((all[all.length / 2 - 1] as number) + (all[all.length / 2] as number)) / 2;
      return { concurrency, messages: this.messages, before: before.map((rate) => round(rate)), after: after.map((rate) => round(rate)), medianMessagesPerSec: round(median) };
    });
  }

  stop(): Promise<void> {
    return this.kb.stop();
  }

  private async round(concurrency: number, count: number, label: string): Promise<number> {
    this.kb.reset();
    const settings = this.kb.settings();
    const endpoint = new URL(settings.KB_BASE_URL ?? '');
    const headers = { Authorization: `Bearer ${settings.KB_API_KEY ?? ''}`, 'Content-Type': 'application/xml; charset=utf-8', Accept: 'application/xml, text/xml' };
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    let next = 0;
    let refused = 0;
    const started = process.hrtime.bigint();
    const client = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        const reply = await call(agent, endpoint.origin, 'POST', endpoint.pathname, { ...headers, 'Idempotency-Key': `bench-${label}-${concurrency}-${i}` }, this.bodies[i % this.bodies.length]);
        if (reply.status !== 200 || !reply.body.includes('UpdateUserResponse') || reply.body.includes('Problem')) refused += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
    const elapsed = seconds(started);
    agent.destroy();
    if (refused > 0) throw new Error(`the KB sandbox refused ${refused} of the baseline's registrations`);
    return count / elapsed;
  }
}

// ------------------------------------------------------------------------------------------
// The runs
// ------------------------------------------------------------------------------------------

interface Sandboxes {
  readonly wise: WiseSandbox;
  readonly kb: KbSandbox;
  readonly env: Readonly<Record<string, string>>;
}

/** The simulated Wise and KB in this process, for gateways started with SANDBOX=off. */
async function externalSandboxes(members: number): Promise<Sandboxes> {
  const wise = new WiseSandbox({ seed: SANDBOX_SEED, memberCount: members });
  const kb = new KbSandbox();
  await wise.start();
  await kb.start();
  return { wise, kb, env: { SANDBOX: 'off', ...wise.settings(), ...kb.settings() } };
}

async function stopSandboxes(sandboxes: Sandboxes): Promise<void> {
  await sandboxes.wise.stop();
  await sandboxes.kb.stop();
}

interface IncrementalResult {
  readonly changed: number;
  readonly field: string;
  readonly outcome: string;
  /** Members the change feed named (the sandbox's own recent changes as well as ours). */
  readonly feedMembers: number;
  readonly sent: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly sentEqualsChanged: boolean;
  readonly cycleAnsweredSeconds: number;
  readonly seconds: number;
  readonly msPerChangedMember: number;
  readonly msPerFeedMember: number;
  readonly delivered: number;
}

async function incrementalCycle(api: Api, outbox: OutboxReader, instance: Instance, changedIds: readonly string[], patch: (memberId: string) => Promise<void>): Promise<IncrementalResult> {
  const before = await outbox.counts();
  for (const memberId of changedIds) await patch(memberId);
  const started = process.hrtime.bigint();
  const outcome = await api.json<{ status: string; job?: JobView & { total: number } }>('POST', '/api/v1/sync/cycle');
  const answered = seconds(started);
  const drained = await untilDrained(api, undefined, outbox, [instance], started);
  const wall = seconds(started);
  const job = outcome.job;
  const sent = job?.sent ?? 0;
  return {
    changed: changedIds.length,
    field: 'membership.validUntil (one year later)',
    outcome: outcome.status,
    feedMembers: job?.total ?? 0,
    sent,
    unchanged: job?.unchanged ?? 0,
    failed: job?.failed ?? 0,
    sentEqualsChanged: sent === changedIds.length,
    cycleAnsweredSeconds: round(answered, 3),
    seconds: round(wall, 3),
    msPerChangedMember: round((wall * 1000) / changedIds.length, 2),
    msPerFeedMember: round((wall * 1000) / Math.max(1, job?.total ?? 0), 2),
    delivered: drained.counts.delivered - before.delivered,
  };
}

/** Evenly spread current members whose validUntil moves a year: 1 % of the library. */
function membersToChange(members: readonly ValidMember[], today: string): ValidMember[] {
  const wanted = Math.max(1, Math.round(members.length * CHANGED_SHARE));
  const current = members.filter((member) => activeAndValid(member, today) && member.membership?.validUntil !== undefined);
  const step = current.length / wanted;
  return Array.from({ length: Math.min(wanted, current.length) }, (_, i) => current[Math.floor(i * step)] as ValidMember);
}

async function newInstance(env: Readonly<Record<string, string>>, broker = false): Promise<Instance> {
  const adminToken = env.GATEWAY_ADMIN_TOKEN ?? newAccessToken();
  const instance = await startInstance({ ...env, GATEWAY_ADMIN_TOKEN: adminToken }, adminToken, broker);
  try {
    // An operator account, made by the administrator (who manages accounts and nothing else).
    instance.api.as(await staffAccount(instance.api.origin, adminToken, `bench-operator-${randomBytes(3).toString('hex')}`, 'operator'));
  } catch (error) {
    await stopInstance(instance);
    throw error;
  }
  return instance;
}

type NotRun = { readonly notRun: string };

type TableStats = Map<string, { reads: number; inserted: number; updated: number; deleted: number }>;

/** Scans (sequential and by index) and rows written, per table of the schema (pg_stat_user_tables). */
async function tableStats(db: DataSource, schema: string): Promise<TableStats> {
  const rows = await db.query<Array<{ relname: string; reads: string; ins: string; upd: string; del: string }>>(
    'SELECT relname, COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0) AS reads, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables WHERE schemaname = $1',
    [schema],
  );
  return new Map(rows.map((row) => [row.relname, { reads: Number(row.reads), inserted: Number(row.ins), updated: Number(row.upd), deleted: Number(row.del) }]));
}

/** What the cycle did to each table, per member (tables it did not touch left out). */
function perMember(before: TableStats, after: TableStats, members: number): Record<string, { reads: number; inserted: number; updated: number; deleted: number }> {
  const out: Record<string, { reads: number; inserted: number; updated: number; deleted: number }> = {};
  for (const [table, now] of after) {
    const was = before.get(table) ?? { reads: 0, inserted: 0, updated: 0, deleted: 0 };
    const delta = { reads: now.reads - was.reads, inserted: now.inserted - was.inserted, updated: now.updated - was.updated, deleted: now.deleted - was.deleted };
    const each = { reads: round(delta.reads / members, 2), inserted: round(delta.inserted / members, 2), updated: round(delta.updated / members, 2), deleted: round(delta.deleted / members, 2) };
    if (each.reads + each.inserted + each.updated + each.deleted > 0) out[table] = each;
  }
  return out;
}

interface PostgresRun extends InitialResult {
  readonly wiseRequestsPerMember: number;
  /** Deliveries each instance made (the second one takes delivery work through RabbitMQ; the initial cycle itself is one job, leased by one instance). */
  readonly deliveredByInstance: number[];
  /** The sum of the table counters below: roughly the statements that touched a table, per member. */
  readonly statementsPerMember: number;
  /** Table scans (reads) and rows written per member, from pg_stat_user_tables (the health checks' and polls' reads included). */
  readonly perMemberByTable: Record<string, { reads: number; inserted: number; updated: number; deleted: number }>;
}

interface PostgresResult {
  readonly members: number;
  readonly one: PostgresRun;
  readonly two: PostgresRun;
  /** > 1: two instances were faster. */
  readonly throughputTwoOverOne: number;
}

async function reachable(): Promise<string | undefined> {
  const db = new DataSource({ type: 'postgres', url: DATABASE_URL, connectTimeoutMS: 3000 });
  try {
    await db.initialize();
    await db.query('SELECT 1');
  } catch (error) {
    return `PostgreSQL at ${DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} not reachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    if (db.isInitialized) await db.destroy();
  }
  try {
    const connection = await amqpConnect(AMQP_URL, { timeout: 3000 });
    await connection.close();
  } catch (error) {
    return `RabbitMQ not reachable (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/** The initial cycle on PostgreSQL + RabbitMQ with `count` instances (a fresh schema and queue). */
async function postgresRun(count: number, members: number): Promise<PostgresRun> {
  const run = randomBytes(4).toString('hex');
  const schema = `bench_sync_${run}`;
  const queue = `bieb.bench.${run}.deliveries`;
  const db = await new DataSource({ type: 'postgres', url: DATABASE_URL }).initialize();
  await db.query(`CREATE SCHEMA "${schema}"`);
  const sandboxes = await externalSandboxes(members);
  const adminToken = newAccessToken();
  const env = {
    ...sandboxes.env,
    GATEWAY_ADMIN_TOKEN: adminToken,
    PSEUDONYM_KEY: randomBytes(32).toString('base64url'),
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    AMQP_URL,
    AMQP_QUEUE: queue,
    CONNECTORS: 'hka,kb',
  };
  const instances: Instance[] = [];
  try {
    // One after the other, as in a rolling start: the first runs the migrations.
    for (let i = 0; i < count; i++) instances.push(await newInstance(env, true));
    const first = instances[0] as Instance;
    const before = await tableStats(db, schema);
    const result = await initialCycle(first.api, postgresOutbox(db, schema), instances, members);
    if (sandboxes.kb.received().length < result.job.sent) throw new Error(`the KB sandbox received ${sandboxes.kb.received().length} of ${result.job.sent}`);
    const wiseRequestsPerMember = round(sandboxes.wise.received().length / members, 2);
    // Which instance delivered what (the worker id names the process: host:pid:…).
    const workers = await db.query<Array<{ worker: string; n: string }>>(`SELECT worker, COUNT(*) AS n FROM "${schema}".delivery_attempts WHERE outcome = 'delivered' GROUP BY worker`);
    const deliveredByInstance = instances.map((instance) => workers.filter((row) => row.worker.includes(`:${instance.process.child.pid}:`)).reduce((sum, row) => sum + Number(row.n), 0));
    // A server process reports its table statistics when it ends: the instances stop before they are read.
    for (const instance of instances.splice(0)) await stopInstance(instance);
    const byTable = perMember(before, await tableStats(db, schema), members);
    const statementsPerMember = round(Object.values(byTable).reduce((sum, t) => sum + t.reads + t.inserted + t.updated + t.deleted, 0), 1);
    return { ...result, wiseRequestsPerMember, deliveredByInstance, statementsPerMember, perMemberByTable: byTable };
  } finally {
    for (const instance of instances) await stopInstance(instance);
    await stopSandboxes(sandboxes);
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.destroy();
    try {
      const connection = await amqpConnect(AMQP_URL);
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.dead`);
      await connection.close();
    } catch {
      // the queue goes with the broker's next restart; nothing else depends on it
    }
  }
}

function targetLines(label: string, result: InitialResult): { extrapolated400kSeconds: number; meetsTime: boolean; meetsRss: boolean; line: string } {
  const extrapolated = TARGET_MEMBERS / result.membersPerSec;
  const rss = Math.max(...result.rssMb.perInstancePeak);
  return {
    extrapolated400kSeconds: round(extrapolated),
    meetsTime: extrapolated <= TARGET_SECONDS,
    meetsRss: rss <= TARGET_RSS_MB,
    line:
      `${label}: ${result.members} members in ${result.seconds} s (job ${result.jobSeconds} s) = ${result.membersPerSec} members/s, ${result.messagesPerSec} messages/s; ` +
      `RSS idle ${result.rssMb.idle} MB, peak ${rss} MB${result.rssMb.perInstancePeak.length > 1 ? ' (per process)' : ''}; CPU ${result.cpuCoresBusy} core(s) busy; ` +
      `400,000 members EXTRAPOLATED: ${round(extrapolated)} s (target ≤ ${TARGET_SECONDS} s: ${extrapolated <= TARGET_SECONDS ? 'met' : 'NOT met'}; RSS ≤ ${TARGET_RSS_MB} MB at this size: ${rss <= TARGET_RSS_MB ? 'met' : 'NOT met'})`,
  };
}

async function main(): Promise<void> {
  console.log(`sync benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(
    `${MEMBERS} members (SYNC_BENCH_MEMBERS), 1 % of them changed for the incremental cycle; PostgreSQL runs with ${PG_MEMBERS} (SYNC_BENCH_PG_MEMBERS); ` +
      `the gateway runs ${RUNTIME === 'build' ? 'from a build (node dist/main.js)' : 'under ts-node'}\n`,
  );
  const loadBefore = loadavg();
  const today = new Date().toISOString().slice(0, 10);
  // The members the gateway's simulated Wise generates (same seed and size): the ids to change, and the baseline's bodies.
  const generated = new WiseSandbox({ seed: SANDBOX_SEED, memberCount: MEMBERS }).members(MEMBERS);
  const byId = new Map(generated.map((member) => [member.memberId, member]));
  // What an initial cycle sends: an UpdateUser for every current member (src/sync/member-standing.ts, SYNC_LEFT_GRACE_DAYS 30).
  const registered = generated.filter((member) => isCurrentMember(member, today, 30));
  const bodies = registered.map((member) => Buffer.from(kbRegistration(member), 'utf8'));
  const toChange = membersToChange(generated, today);

  // 4 (first half): the baseline before the gateway's runs, on a quiet machine as far as this benchmark goes.
  const direct = new Baseline(bodies, bodies.length, [DELIVERY_CONCURRENCY, PARTNER_CONCURRENCY]);
  await direct.start();
  try {
    await direct.measure('before');

    // 1 and 2: the issue's set-up, simulated partners inside the gateway's process.
    const embedded = await newInstance({ SANDBOX: 'on', CONNECTORS: 'hka,kb', SANDBOX_MEMBERS: String(MEMBERS) });
    let initial: InitialResult;
    let incremental: IncrementalResult;
    let bodyCheck: boolean | string;
    let kbReceived: number | string;
    const embeddedOutbox = sqliteOutbox(embedded.dataDir);
    try {
      const listed = await embedded.api.json<ValidMember[]>('GET', '/api/v1/sandbox/members?limit=5');
      if (listed.some((member, i) => member.memberId !== generated[i]?.memberId)) throw new Error("the gateway's simulated Wise holds other members than the ones generated here");
      initial = await initialCycle(embedded.api, embeddedOutbox, [embedded], MEMBERS);
      console.log(targetLines('initial cycle (kb), simulated partners in the gateway process', initial).line);
      const received = await embedded.api.raw('GET', '/api/v1/sandbox/kb/received?limit=1');
      if (received.status === 200) {
        const listing = JSON.parse(received.body) as { total: number; items: Array<{ body: string }> };
        kbReceived = listing.total;
        bodyCheck = sameAsGateway(listing.items[0]?.body, byId);
      } else {
        kbReceived = `not read: GET /api/v1/sandbox/kb/received answered ${received.status}`;
        bodyCheck = 'checked in the run with the simulated partners in this process';
      }
      incremental = await incrementalCycle(embedded.api, embeddedOutbox, embedded, toChange.map((member) => member.memberId), async (memberId) => {
        const until = byId.get(memberId)?.membership?.validUntil as string;
        await embedded.api.json('PATCH', `/api/v1/sandbox/members/${memberId}`, { membership: { validUntil: yearLater(until) } });
      });
      console.log(
        `incremental cycle: ${incremental.changed} members changed (${incremental.field}); the change feed named ${incremental.feedMembers}; ${incremental.sent} sent ` +
          `(${incremental.sentEqualsChanged ? 'exactly the changed ones' : 'NOT the number changed'}), answered in ${incremental.cycleAnsweredSeconds} s, drained in ${incremental.seconds} s = ` +
          `${incremental.msPerChangedMember} ms per changed member (${incremental.msPerFeedMember} ms per member in the feed)`,
      );
    } finally {
      await embeddedOutbox.close();
      await stopInstance(embedded);
    }

    // 3: the gateway alone in its process (the sandboxes here): its own RSS, Wise requests per member.
    let alone: (InitialResult & { wiseRequestsPerMember: number; kbReceived: number }) | NotRun = { notRun: 'SYNC_BENCH_EXTERNAL=off' };
    if (EXTERNAL) {
      const sandboxes = await externalSandboxes(MEMBERS);
      const instance = await newInstance({ ...sandboxes.env, CONNECTORS: 'hka,kb' });
      const outbox = sqliteOutbox(instance.dataDir);
      try {
        const wiseBefore = sandboxes.wise.received().length;
        const result = await initialCycle(instance.api, outbox, [instance], MEMBERS);
        const wiseRequests = sandboxes.wise.received().length - wiseBefore;
        const kb = sandboxes.kb.received();
        if (typeof bodyCheck === 'string') bodyCheck = sameAsGateway(kb[0]?.body, byId);
        alone = { ...result, wiseRequestsPerMember: round(wiseRequests / MEMBERS, 2), kbReceived: kb.length };
        console.log(`${targetLines('initial cycle (kb), gateway alone in its process (Wise and KB simulated here)', result).line}; ${alone.wiseRequestsPerMember} Wise requests per member`);
      } finally {
        await outbox.close();
        await stopInstance(instance);
        await stopSandboxes(sandboxes);
      }
    }

    // 5: PostgreSQL + RabbitMQ, one instance and two.
    let postgres: PostgresResult | NotRun = { notRun: 'SYNC_BENCH_POSTGRES=off' };
    if (POSTGRES) {
      const why = await reachable();
      if (why !== undefined) postgres = { notRun: why };
      else {
        const one = await postgresRun(1, PG_MEMBERS);
        console.log(`${targetLines('PostgreSQL + RabbitMQ, one instance', one).line}; ${one.wiseRequestsPerMember} Wise requests per member`);
        const two = await postgresRun(2, PG_MEMBERS);
        console.log(targetLines('PostgreSQL + RabbitMQ, two instances', two).line);
        postgres = { members: PG_MEMBERS, one, two, throughputTwoOverOne: round(two.membersPerSec / one.membersPerSec, 3) };
        console.log(`two instances / one: ${postgres.throughputTwoOverOne}× the members per second`);
      }
      if ('notRun' in postgres) console.log(`PostgreSQL: not run: ${postgres.notRun}`);
    }

    // 4 (second half): the baseline again, after the gateway's runs.
    await direct.measure('after');
    const baselines = direct.results();
    const [at16, at4] = baselines as [BaselineResult, BaselineResult];
    const ratio = (gateway: number, base: BaselineResult): number => round(gateway / base.medianMessagesPerSec, 3);
    const ratios = {
      gatewayOverBaseline16: ratio(initial.messagesPerSec, at16),
      gatewayOverBaseline4: ratio(initial.messagesPerSec, at4),
      ...('notRun' in alone ? {} : { gatewayAloneOverBaseline16: ratio(alone.messagesPerSec, at16), gatewayAloneOverBaseline4: ratio(alone.messagesPerSec, at4) }),
      ...('notRun' in postgres ? {} : { postgresOneOverBaseline16: ratio(postgres.one.messagesPerSec, at16) }),
    };
    console.log(
      `baseline, ${bodies.length} prepared UpdateUser bodies straight to a KB sandbox (the gateway sent ${initial.job.sent}): ${at16.medianMessagesPerSec} messages/s with ${DELIVERY_CONCURRENCY} in flight, ` +
        `${at4.medianMessagesPerSec} with ${PARTNER_CONCURRENCY} (median of ${2 * BASELINE_ROUNDS} rounds, before and after; bodies equal to the gateway's: ${String(bodyCheck)})`,
    );
    console.log(`gateway / baseline (messages per second): ${ratios.gatewayOverBaseline16}× (vs ${DELIVERY_CONCURRENCY} in flight), ${ratios.gatewayOverBaseline4}× (vs ${PARTNER_CONCURRENCY})`);

    const target = targetLines('', initial);
    const out = join(ROOT, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'sync.json'),
      `${JSON.stringify(
        {
          benchmark: 'lifecycle sync: initial cycle, incremental cycle',
          measuredAt: new Date().toISOString(),
          node: process.version,
          cpu: cpus()[0]?.model,
          cpus: cpus().length,
          loadAverage: { before: loadBefore, after: loadavg() },
          members: MEMBERS,
          runtime: RUNTIME,
          gateway: `${RUNTIME === 'build' ? 'node dist/main.js (src/ built for this run)' : 'src/main.ts under ts-node (transpile-only)'} in a child process; SQLite in a temporary DATA_DIR, CONNECTORS=hka,kb, defaults otherwise (DELIVERY_CONCURRENCY 16, DELIVERY_PARTNER_CONCURRENCY 4, SYNC_BATCH_SIZE 500)`,
          targets: {
            issue: `an initial cycle of ${TARGET_MEMBERS} members in ≤ ${TARGET_SECONDS} s with RSS ≤ ${TARGET_RSS_MB} MB`,
            extrapolated400kSeconds: target.extrapolated400kSeconds,
            extrapolatedNote: `EXTRAPOLATED, not measured: ${TARGET_MEMBERS} / the members per second measured for the initial cycle of ${MEMBERS} members`,
            timeMet: target.meetsTime,
            rssMetAtMeasuredSize: target.meetsRss,
            rssNote: `peak RSS measured with ${MEMBERS} members, not ${TARGET_MEMBERS}`,
          },
          initialCycle: { setup: 'SANDBOX=on: the simulated Wise and KB inside the gateway process (they record every request they receive)', ...initial, kbSandboxReceived: kbReceived },
          incrementalCycle: incremental,
          initialCycleGatewayAlone:
            'notRun' in alone ? alone : { setup: "SANDBOX=off: the simulated Wise and KB in the benchmark's process; the gateway process holds only the gateway", ...alone, extrapolated400kSeconds: round(TARGET_MEMBERS / alone.membersPerSec) },
          baseline: {
            what: `the NCIP UpdateUser bodies of the ${bodies.length} current members (what the initial cycle sends), built beforehand with toNcipRegistration from the same generated members, POSTed to a standalone KbSandbox in this process on kept-alive connections, each with its own Idempotency-Key; median of ${BASELINE_ROUNDS} rounds before the gateway's runs and ${BASELINE_ROUNDS} after`,
            bodiesEqualToTheGateways: bodyCheck,
            sameCountAsTheGatewaySent: bodies.length === initial.job.sent,
            byConcurrency: baselines,
          },
          ratios: {
            ...ratios,
            note: `gateway messages/s (POST → outbox drained) / baseline messages/s; the gateway's worker sends at most DELIVERY_PARTNER_CONCURRENCY (${PARTNER_CONCURRENCY}) to one partner at once`,
          },
          postgres,
        },
        null,
        2,
      )}\n`,
    );
    console.log('\nresults written to bench/results/sync.json');
  } finally {
    await direct.stop();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    if (built !== undefined) rmSync(built, { recursive: true, force: true });
  });
