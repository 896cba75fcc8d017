import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { ValidMember } from '../src/domain/member';
import { DeliveryExecutor } from '../src/delivery/delivery-executor';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { OverijsselSandbox } from '../src/sandbox/overijssel/card-service.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);
const COOLDOWN_MS = 1000;
/**
 * The event loop's worst stall allowed. The bug this guards against froze the process for seconds (a
 * worker spinning on released rows); a busy CI machine stalls a loop for a few hundred milliseconds.
 */
const MAX_LAG_MS = 500;

/**
 * One partner's trouble stays that partner's: a circuit whose trial ends in a refusal closes again (it
 * used to stay half-open for ever while the worker spun on the released rows, freezing the process), and a
 * slow partner holds up only its own deliveries.
 */
describeEachDatabase('delivery: one partner cannot hold up the gateway or the other partners', (database) => {
  let gateway: TestApp;
  let newsletter: NewsletterSandbox;
  let overijssel: OverijsselSandbox;
  let subscribers: ValidMember[];
  let members: ValidMember[];
  let lag: IntervalHistogram;
  const admin = () => gateway.as('operator');
  const exchange = async (partner: string, purpose: string, memberId: string): Promise<string> => {
    const accepted = await gateway.http.post('/api/v1/exchanges').set(admin()).send({ partner, purpose, memberId });
    expect(accepted.status).toBe(202);
    return accepted.body.deliveryId as string;
  };
  const status = async (id: string): Promise<string> => (await gateway.http.get(`/api/v1/exchanges/${id}`).set(admin())).body.status as string;
  async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting until ${what}`);
  }
  const allSettled = (ids: readonly string[]) => async () => (await Promise.all(ids.map(status))).every((s) => DONE.has(s));

  beforeAll(async () => {
    gateway = await startTestApp({
      database,
      env: {
        SANDBOX: 'on',
        CONNECTORS: 'hka,newsletter,overijssel',
        CIRCUIT_FAILURE_THRESHOLD: '3',
        CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
        DELIVERY_MAX_ATTEMPTS: '20',
        DELIVERY_BACKOFF_BASE_MS: '5',
        DELIVERY_BACKOFF_MAX_MS: '10',
        DELIVERY_POLL_MS: '20',
        DELIVERY_CONCURRENCY: '8',
        DELIVERY_PARTNER_CONCURRENCY: '2',
      },
    });
    const host = gateway.app.get(SandboxHost);
    newsletter = host.get('newsletter') as NewsletterSandbox;
    overijssel = host.get('overijssel') as OverijsselSandbox;
    const listed = (await gateway.http.get('/api/v1/sandbox/members?limit=200').set(admin())).body as ValidMember[];
    subscribers = listed.filter((member) => member.consents?.newsletter?.granted === true && member.email !== undefined);
    members = listed;
    expect(subscribers.length).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(() => {
    newsletter.http.reset();
    overijssel.reset();
    lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
  });
  afterEach(() => lag.disable());

  it('a trial refused by the partner closes the circuit: the rows behind it go on, the event loop stays free, others are delivered', async () => {
    newsletter.http.setFault({ kind: 'error500' });
    const waiting = [];
    for (const member of subscribers.slice(0, 6)) waiting.push(await exchange('newsletter', 'newsletter', member.memberId));
    await until('the newsletter circuit is open', () => gateway.app.get(DeliveryExecutor).breaker.state('newsletter', Date.now()) !== 'closed');
    // The partner is back, but refuses these messages: the trial ends in a permanent error.
    newsletter.http.setFault({ kind: 'reject400' });
    const others = [];
    for (const member of members.slice(0, 4)) others.push(await exchange('overijssel', 'registration', member.memberId));

    await until('every newsletter row has settled', allSettled(waiting));
    await until('every Overijssel registration has settled', allSettled(others));
    expect(await Promise.all(waiting.map(status))).toEqual(waiting.map(() => 'dead'));
    expect(await Promise.all(others.map(status))).toEqual(others.map(() => 'delivered'));
    expect(gateway.app.get(DeliveryExecutor).breaker.state('newsletter', Date.now())).toBe('closed');
    // The health endpoint answered throughout; the loop was never blocked for long.
    expect((await gateway.http.get('/health')).status).toBe(200);
    expect(lag.max / 1e6).toBeLessThan(MAX_LAG_MS);
  });

  it('does not spin while a circuit is open: rows wait for the trial and no pass runs back to back', async () => {
    newsletter.http.setFault({ kind: 'error500' });
    const waiting = [];
    for (const member of subscribers.slice(0, 5)) waiting.push(await exchange('newsletter', 'newsletter', member.memberId));
    await until('the newsletter circuit is open', () => gateway.app.get(DeliveryExecutor).breaker.state('newsletter', Date.now()) === 'open');
    const sentWhileOpen = newsletter.http.received().length;
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS / 4));
    // Open: nothing reaches the partner until the cooldown ends.
    expect(newsletter.http.received().length).toBe(sentWhileOpen);
    newsletter.http.setFault({ kind: 'none' });
    await until('every newsletter row is delivered', allSettled(waiting));
    expect(await Promise.all(waiting.map(status))).toEqual(waiting.map(() => 'delivered'));
    expect(lag.max / 1e6).toBeLessThan(MAX_LAG_MS);
  });

  it('a slow partner holds up only its own rows: the other partner is delivered while it still waits', async () => {
    newsletter.http.setFault({ kind: 'slow', ms: 1500 });
    const slow = [];
    for (const member of subscribers.slice(0, 6)) slow.push(await exchange('newsletter', 'newsletter', member.memberId));
    const quick = [];
    for (const member of members.slice(10, 16)) quick.push(await exchange('overijssel', 'registration', member.memberId));

    await until('every Overijssel registration is delivered', allSettled(quick));
    // Not one of the slow partner's rows is done yet: its two places were busy the whole time.
    expect((await Promise.all(slow.map(status))).filter((s) => s === 'delivered')).toEqual([]);
    expect(await Promise.all(quick.map(status))).toEqual(quick.map(() => 'delivered'));
    await until('the slow partner is done too', allSettled(slow), 20_000);
    // The partner never had more than DELIVERY_PARTNER_CONCURRENCY requests open at once.
    expect(newsletter.http.maxConcurrent()).toBeLessThanOrEqual(2);
    expect(lag.max / 1e6).toBeLessThan(MAX_LAG_MS);
  });

  it('a partner that refuses everything does not slow the others', async () => {
    newsletter.http.setFault({ kind: 'reject400' });
    const refused = [];
    for (const member of subscribers.slice(0, 8)) refused.push(await exchange('newsletter', 'newsletter', member.memberId));
    const others = [];
    for (const member of members.slice(20, 26)) others.push(await exchange('overijssel', 'registration', member.memberId));
    await until('every row has settled', allSettled([...refused, ...others]));
    expect(await Promise.all(others.map(status))).toEqual(others.map(() => 'delivered'));
    expect(await Promise.all(refused.map(status))).toEqual(refused.map(() => 'dead'));
    expect(lag.max / 1e6).toBeLessThan(MAX_LAG_MS);
  });
});
