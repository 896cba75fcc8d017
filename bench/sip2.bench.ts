/**
 * Benchmark of SIP2 Patron Information (run: `npm run bench`, or `ts-node -T bench/sip2.bench.ts`).
 * Not part of `npm test`.
 *
 * The gateway runs in this process (createApp on 127.0.0.1, SQLite in a temporary DATA_DIR, SANDBOX=on,
 * CONNECTORS=hka,bibliotheca,appguard, LOG_LEVEL=silent) with the Wise sandbox on loopback. TERMINALS (50) SIP2
 * terminals (the sandbox's client) connect over loopback and log in with a bibliotheca partner account;
 * each runs a closed loop: 63 Patron Information for the next card of the Wise sandbox's members
 * (summary: fine items), then 35 End Session, so that every 63 is a new patron session — a lookup at the
 * lending system (four Wise calls), the bibliotheca policy and a ledger entry — as at a real terminal
 * where one patron follows another. Only the 63 round trips are counted and timed (client send → answer
 * received and its checksum verified).
 * In the same run, the same terminals and dialog against a bare SIP2 responder: a net server in this
 * process that answers 93 with a fixed 94, 35 with a fixed 36 and anything else with one fixed,
 * checksummed 64 (no lending system, no policy, no ledger): the difference is what the gateway adds.
 * Then the same for loans at a self-service machine (appguard account): each machine lends a copy of its
 * own from the sandbox's shelf to an active member (11) and takes it back (09); one round trip is the pair.
 * Modes run in interleaved rounds; latency percentiles pool every round, throughput is the median round.
 * Writes bench/results/sip2.json.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { newAccessToken } from '../src/auth/access-token';
import { loadConfig } from '../src/config/gateway.config';
import { formatSip2Date } from '../src/mapping/sip2/sip2-date';
import { Sip2FrameSplitter } from '../src/mapping/sip2/sip2-frames';
import { encodeSip2 } from '../src/mapping/sip2/sip2-message';
import { checkinResponse, checkoutResponse, endSessionResponse, loginResponse, patronInformationResponse } from '../src/mapping/sip2/sip2-responses';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { Sip2Client } from '../src/sandbox/sip2/sip2-client';

const ROOT = join(__dirname, '..');
const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 50);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_MS = 1000;
const MEMBERS = 200;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** A bare SIP2 responder: fixed answers, no lending system, no policy. */
function bareResponder(): Promise<{ server: Server; port: number }> {
  const date = formatSip2Date(new Date());
  const login = encodeSip2(loginResponse(true), 0);
  const end = encodeSip2(endSessionResponse({ ended: true, transactionDate: date, institutionId: 'staphorst', patronId: '22601000100694' }), 0);
  const patron = encodeSip2(
    patronInformationResponse({
      language: '000',
      transactionDate: date,
      institutionId: 'staphorst',
      patronId: '22601000100694',
      summary: 'fine',
      patron: {
        personalName: 'J. Jansen',
        feeAmount: '2.25',
        status: ' '.repeat(14),
        counts: { hold: undefined, overdue: undefined, charged: undefined, fine: 2, recall: undefined, unavailable: undefined },
        items: { hold: undefined, overdue: undefined, charged: undefined, fine: ['F1 EUR 1.00', 'F2 EUR 1.25'], recall: undefined, unavailable: undefined },
      },
    }),
    0,
  );
  const lent = encodeSip2(checkoutResponse({ ok: true, renewalOk: false, transactionDate: date, institutionId: 'staphorst', patronId: '22601000100694', itemId: '390000007705', title: 'De avonden', dueDate: '20261216    000000' }), 0);
  const returned = encodeSip2(checkinResponse({ ok: true, transactionDate: date, institutionId: 'staphorst', itemId: '390000007705', title: 'De avonden', permanentLocation: 'STA-HOOFD' }), 0);
  const answers: Readonly<Record<string, string>> = { '93': login, '35': end, '11': lent, '09': returned };
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const splitter = new Sip2FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk)) socket.write(answers[frame.subarray(0, 2).toString()] ?? patron);
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

interface Round {
  readonly completed: number;
  readonly seconds: number;
  readonly latencies: number[];
}

/** One measured dialog of a terminal (`index`: the terminal's place, for what it may use alone); 35 follows, not counted. */
type Dialog = (terminal: Sip2Client, card: string, index: number) => Promise<void>;

/** 63 with the charged items list. */
const patronInformation: Dialog = async (terminal, card) => {
  const answer = await terminal.patronInformation(card, 3);
  if (answer.message.code !== '64') throw new Error(`expected 64, got ${answer.message.code}`);
};

/** 11 of the terminal's own copy, then 09 of it: a loan and a return at the self-service machine. */
function loanAndReturn(copies: readonly string[]): Dialog {
  return async (terminal, card, index) => {
    const copy = copies[index] as string;
    const lent = await terminal.checkout(card, copy);
    if (!lent.message.fixed.startsWith('1')) throw new Error(`checkout refused: ${lent.raw}`);
    const returned = await terminal.checkin(copy);
    if (!returned.message.fixed.startsWith('1')) throw new Error(`checkin refused: ${returned.raw}`);
  };
}

/** Every terminal: the dialog for its next card, then 35; for `ms`. */
async function runRound(terminals: readonly Sip2Client[], cards: readonly string[], ms: number, dialog: Dialog): Promise<Round> {
  const latencies: number[] = [];
  const stopAt = performance.now() + ms;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    terminals.map(async (terminal, index) => {
      while (performance.now() < stopAt) {
        const card = cards[next++ % cards.length] as string;
        const t0 = performance.now();
        await dialog(terminal, card, index);
        latencies.push(performance.now() - t0);
        await terminal.endSession(card);
      }
    }),
  );
  return { completed: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}

/** Gateway and bare responder in interleaved rounds after a warm-up, summarised. */
async function compare(gatewayTerminals: readonly Sip2Client[], bareTerminals: readonly Sip2Client[], cards: readonly string[], dialog: Dialog) {
  await runRound(gatewayTerminals, cards, WARMUP_MS, dialog);
  await runRound(bareTerminals, cards, WARMUP_MS, dialog);
  const rounds: Record<'gateway' | 'bare', Round[]> = { gateway: [], bare: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order: Array<'gateway' | 'bare'> = round % 2 === 0 ? ['gateway', 'bare'] : ['bare', 'gateway'];
    for (const mode of order) rounds[mode].push(await runRound(mode === 'gateway' ? gatewayTerminals : bareTerminals, cards, ROUND_MS, dialog));
  }
  const summary = (list: Round[]) => {
    const all = list.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const rates = list.map((r) => r.completed / r.seconds).sort((a, b) => a - b);
    return {
      roundTripsPerSecond: { median: round2(rates[Math.floor(rates.length / 2)] as number), best: round2(rates[rates.length - 1] as number) },
      latencyMs: { p50: round2(percentile(all, 50)), p90: round2(percentile(all, 90)), p99: round2(percentile(all, 99)), max: round2(all[all.length - 1] ?? Number.NaN) },
      roundTrips: all.length,
    };
  };
  const gateway = summary(rounds.gateway);
  const bareResponder = summary(rounds.bare);
  return { gateway, bareResponder, addedLatencyMs: { p50: round2(gateway.latencyMs.p50 - bareResponder.latencyMs.p50), p99: round2(gateway.latencyMs.p99 - bareResponder.latencyMs.p99) } };
}

async function terminalsFor(port: number, count: number, login?: { name: string; token: string }): Promise<Sip2Client[]> {
  const clients = await Promise.all(Array.from({ length: count }, () => Sip2Client.connect({ port, timeoutMs: 60_000 })));
  await Promise.all(
    clients.map(async (client) => {
      const answer = await client.login(login?.name ?? 'bench', login?.token ?? 'bench');
      if (answer.message.fixed !== '1') throw new Error('login refused');
    }),
  );
  return clients;
}

async function main(): Promise<void> {
  console.log(`SIP2 benchmark — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'unknown cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-bench-sip2-'));
  const adminToken = newAccessToken();
  const sip2Port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: adminToken,
    SANDBOX: 'on',
    CONNECTORS: 'hka,bibliotheca,appguard',
    SIP2_PORT: String(sip2Port),
    SIP2_HOST: '127.0.0.1',
    SIP2_MAX_CONNECTIONS_PER_ACCOUNT: '1000',
    SIP2_MAX_CONNECTIONS: '1000',
    POLICY_DIR: join(ROOT, 'policies'),
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const bare = await bareResponder();
  const gatewayTerminals: Sip2Client[] = [];
  const bareTerminals: Sip2Client[] = [];
  const machines: Sip2Client[] = [];
  const bareMachines: Sip2Client[] = [];
  try {
    const base = await app.getUrl();
    const created = await fetch(`${base.replace('[::1]', '127.0.0.1')}/api/v1/accounts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench-terminal', role: 'partner', partner: 'bibliotheca' }),
    });
    const account = (await created.json()) as { token: string };
    const machineAccount = (await (
      await fetch(`${base.replace('[::1]', '127.0.0.1')}/api/v1/accounts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'bench-machine', role: 'partner', partner: 'appguard' }),
      })
    ).json()) as { token: string };
    const wise = app.get(SandboxHost).get('hka');
    const members = wise?.members?.(MEMBERS) ?? [];
    const cards = members.map((member) => member.cardNumber);
    if (cards.length === 0) throw new Error('no sandbox members');

    gatewayTerminals.push(...(await terminalsFor(sip2Port, TERMINALS, { name: 'bench-terminal', token: account.token })));
    bareTerminals.push(...(await terminalsFor(bare.port, TERMINALS)));
    const { gateway, bareResponder: bareSummary, addedLatencyMs } = await compare(gatewayTerminals, bareTerminals, cards, patronInformation);

    // Loans: each machine lends and takes back a copy of its own, to active members only.
    const copies = wise?.itemsOnShelf?.({ holdWaiting: false }) ?? [];
    const machineCount = Math.min(TERMINALS, copies.length);
    const activeCards = members.filter((member) => member.membership?.status === 'active').map((member) => member.cardNumber);
    machines.push(...(await terminalsFor(sip2Port, machineCount, { name: 'bench-machine', token: machineAccount.token })));
    bareMachines.push(...(await terminalsFor(bare.port, machineCount)));
    const loans = await compare(machines, bareMachines, activeCards, loanAndReturn(copies));
    const result = {
      benchmark: 'SIP2 Patron Information (63/64) over loopback',
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      loadAverage: loadavg().map(round2),
      terminals: TERMINALS,
      roundMs: ROUND_MS,
      rounds: ROUNDS,
      database: 'SQLite (embedded, temporary DATA_DIR)',
      statistic: 'throughput: median and best of the interleaved rounds; latency: percentiles over every 63 of every measured round',
      latencyMeasuredAs: 'from the client writing the 63 to the 64 received and its checksum verified',
      gateway,
      bareResponder: bareSummary,
      addedLatencyMs,
      loansAtTheMachine: {
        terminals: machineCount,
        dialog: '11 Checkout of the machine\'s own copy to an active member, then 09 Checkin of it (one round trip = both), then 35 (not counted)',
        ...loans,
      },
      notes: [
        'gateway = login as a bibliotheca partner account, then per patron: 63 (lookup at the Wise sandbox by card: four HTTP calls; bibliotheca policy fee-payment; ledger entry) and 35 End Session (not counted), so every 63 is a new patron session',
        'bare responder = the same client and dialog against a net server answering fixed, checksummed 94/64/36 messages: no lending system, no policy, no ledger',
        'loans (appguard policy): per pair a new patron session (release and ledger entry), the circulation release (ledger entry) and Wise loan, the session revised, then the Wise return',
        'client, gateway, Wise sandbox and bare responder share one process and event loop',
      ],
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'sip2.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ gateway, bareResponder: bareSummary, addedLatencyMs, loansAtTheMachine: result.loansAtTheMachine }, null, 2));
  } finally {
    await Promise.all([...gatewayTerminals, ...bareTerminals, ...machines, ...bareMachines].map((client) => client.close()));
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
