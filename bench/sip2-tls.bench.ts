/**
 * Benchmark of SIP2 over TLS against plain SIP2 (run: `npm run bench`, or `ts-node -T bench/sip2-tls.bench.ts`).
 * Not part of `npm test`.
 *
 * Two gateways in this process, the same in all but the SIP2 listener: one plain, one with SIP2_TLS_CERT
 * and SIP2_TLS_KEY (a P-256 certificate made with openssl for the run). Each: SQLite in a temporary
 * DATA_DIR, SANDBOX=on, CONNECTORS=hka,bibliotheca. TERMINALS (20) payment terminals per gateway, each a
 * closed loop of 63 Patron Information (then 35 End Session, so that every 63 is a new patron session:
 * a lookup at the lending system, the policy and a ledger entry). The modes alternate in rounds; the
 * latency of each 63 (send → answer verified) is pooled over the rounds: p50 and p99 per mode, and TLS
 * as a ratio of plain in the same run. Connections (and TLS handshakes) are made before measuring.
 * Writes bench/results/sip2-tls.json.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createApp } from '../src/app.factory';
import { newAccessToken } from '../src/auth/access-token';
import { loadConfig } from '../src/config/gateway.config';
import { Member } from '../src/domain/member';
import { Sip2Client } from '../src/sandbox/sip2/sip2-client';

const ROOT = join(__dirname, '..');
const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 20);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

interface Mode {
  readonly name: 'plain' | 'tls';
  readonly clients: Sip2Client[];
  readonly cards: string[];
  readonly latencies: number[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function mode(name: 'plain' | 'tls', certDir: string): Promise<Mode> {
  const dataDir = mkdtempSync(join(tmpdir(), `bgw-bench-${name}-`));
  const port = await freePort();
  const adminToken = newAccessToken();
  const config = loadConfig({
    DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: adminToken,
    SANDBOX: 'on',
    CONNECTORS: 'hka,bibliotheca',
    LOG_LEVEL: 'silent',
    SIP2_PORT: String(port),
    SIP2_HOST: '127.0.0.1',
    SIP2_MAX_CONNECTIONS_PER_ACCOUNT: '1000',
    LEDGER_CHECKPOINT_MS: '0',
    ...(name === 'tls' ? { SIP2_TLS_CERT: join(certDir, 'cert.pem'), SIP2_TLS_KEY: join(certDir, 'key.pem') } : {}),
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = supertest(app.getHttpServer());
  const admin = { Authorization: `Bearer ${adminToken}` };
  const account = (await http.post('/api/v1/accounts').set(admin).send({ name: 'kassa', role: 'partner', partner: 'bibliotheca' })).body as { token: string };
  const operator = (await http.post('/api/v1/accounts').set(admin).send({ name: 'ops', role: 'operator' })).body as { token: string };
  const members = (await http.get('/api/v1/sandbox/members?limit=200').set({ Authorization: `Bearer ${operator.token}` })).body as Member[];
  const ca = name === 'tls' ? readFileSync(join(certDir, 'cert.pem')) : undefined;
  const clients: Sip2Client[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const client = await Sip2Client.connect({ port, timeoutMs: 30_000, ...(ca !== undefined ? { tls: { ca } } : {}) });
    await client.login('kassa', account.token);
    clients.push(client);
  }
  return {
    name,
    clients,
    cards: members.map((member) => member.cardNumber),
    latencies: [],
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function round(m: Mode, measure: boolean): Promise<void> {
  const until = Date.now() + ROUND_MS;
  let next = 0;
  await Promise.all(
    m.clients.map(async (client) => {
      while (Date.now() < until) {
        const card = m.cards[next++ % m.cards.length] as string;
        const started = process.hrtime.bigint();
        await client.patronInformation(card);
        if (measure) m.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        await client.endSession(card);
      }
    }),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  console.log(`SIP2 over TLS benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const certDir = mkdtempSync(join(tmpdir(), 'bgw-bench-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  const modes = [await mode('plain', certDir), await mode('tls', certDir)];
  try {
    for (const m of modes) await round(m, false);
    for (let r = 0; r < ROUNDS; r++) for (const m of r % 2 === 0 ? modes : [...modes].reverse()) await round(m, true);
    const results = modes.map((m) => ({ mode: m.name, requests: m.latencies.length, p50Ms: Number(percentile(m.latencies, 50).toFixed(1)), p99Ms: Number(percentile(m.latencies, 99).toFixed(1)) }));
    const [plain, tls] = results as [(typeof results)[number], (typeof results)[number]];
    const ratios = { p50: Number((tls.p50Ms / plain.p50Ms).toFixed(2)), p99: Number((tls.p99Ms / plain.p99Ms).toFixed(2)) };
    for (const r of results) console.log(`${r.mode.padEnd(6)} 63 Patron Information: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (${r.requests} requests, ${TERMINALS} terminals)`);
    console.log(`TLS / plain: p50 ${ratios.p50}×, p99 ${ratios.p99}×`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'sip2-tls.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, terminals: TERMINALS, roundMs: ROUND_MS, rounds: ROUNDS, cpus: cpus().length, loadavg: loadavg(), results, tlsOverPlain: ratios }, null, 2)}\n`);
  } finally {
    for (const m of modes) await m.close();
    rmSync(certDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
