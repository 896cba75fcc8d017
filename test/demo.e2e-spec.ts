import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** `npm run demo`, the README's first look, as a newcomer runs it: a gateway in-process, every partner, a SIP2 machine. */
describe('npm run demo', () => {
  it('shows every purpose previewed or delivered, none failed, the ledger intact, a loan at a self-service machine, and desk changes reaching partners by themselves', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.GATEWAY_URL;
    delete env.GATEWAY_ADMIN_TOKEN;
    const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), '-T', join(ROOT, 'scripts', 'demo.ts')], { cwd: ROOT, env, timeout: 120_000 });
    expect(stdout).toMatch(/19 purposes of 9 partners: 13 delivered, 0 refused by the policy or the connector, 6 previewed only \(no connector that sends\), 0 failed/);
    expect(stdout).toMatch(/hash chain intact \(\d+ entries checked\)/);
    // The unsubscribe carries the pseudonym only: the newsletter learns whom to drop, nothing else.
    expect(stdout).toMatch(/unsubscribe +1: memberId→pseudonym +\d+ +delivered/);
    expect(stdout).toContain('kept home: home address, e-mail, phone, birth date');
    expect(stdout).toMatch(/11 Checkout of copy ••••\d{4} → lent, due \d{8} \(registered at the lending system\)/);
    expect(stdout).toContain('09 Checkin → returned; the answer names no patron (no AA)');
    // Lifecycle sync: desk changes at the lending system reach the partners with nobody calling /exchanges.
    expect(stdout).toMatch(/joins at the desk .*→ by itself: kb online-registration, overijssel registration/);
    expect(stdout).toMatch(/moves house +→ by itself: overijssel registration \(only who holds the address\)/);
    expect(stdout).toMatch(/cancels the membership +→ by itself: kb online-deregistration, overijssel deregistration/);
    // After the demo, /metrics (as an operator's Prometheus scrapes it) accounts for what happened.
    const exchanges = /exchanges: (\d+) accepted, (\d+) delivered \(to (\d+) partners\), (\d+) refused, (\d+) dead/.exec(stdout);
    expect(exchanges).not.toBeNull();
    const [accepted, delivered, partners, , dead] = (exchanges as RegExpExecArray).slice(1).map(Number) as [number, number, number, number, number];
    // The 13 purposes delivered, plus the lifecycle messages the desk changes caused (4 at least).
    expect(delivered).toBeGreaterThanOrEqual(13 + 4);
    expect(accepted).toBe(delivered);
    expect(partners).toBeGreaterThanOrEqual(3);
    expect(dead).toBe(0);
    expect(stdout).toContain(`delivery latency: ${delivered} observed`);
    const ledger = Number(/ledger: (\d+) entries; outbox oldest pending 0 s; dead letters 0/.exec(stdout)?.[1]);
    expect(ledger).toBeGreaterThanOrEqual(delivered);
    expect(Number(/SIP2: (\d+) messages/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(3);
  }, 150_000);
});
