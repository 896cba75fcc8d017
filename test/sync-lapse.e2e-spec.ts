import { DataSource } from 'typeorm';
import { KbSandbox } from '../src/sandbox/kb/kb.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { ChangeFeedCycle } from '../src/sync/change-feed-cycle';
import { startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const GRACE_DAYS = 10;
const dayAfter = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const noonOf = (day: string): number => Date.parse(`${day}T11:00:00Z`);

/**
 * A membership that simply runs out is no change in the lending system's feed; the lapse sweep still
 * deregisters the member once validUntil + SYNC_LEFT_GRACE_DAYS has passed — not a day before.
 */
describe('lifecycle sync: a lapsed membership is deregistered though the change feed never mentions it', () => {
  let gateway: TestApp;
  const kb = () => gateway.app.get(SandboxHost).get('kb') as KbSandbox;
  const pending = async (): Promise<number> => Number((await gateway.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in-flight')`))[0].n);
  async function delivered(): Promise<void> {
    for (let i = 0; i < 400 && (await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await pending()).toBe(0);
  }
  const deregistered = () => kb().received().filter((message) => message.service === 'DeleteUser' && !message.duplicate);

  beforeAll(async () => {
    gateway = await startTestApp({
      database: 'sqlite',
      env: { SANDBOX: 'on', CONNECTORS: 'hka,kb', SANDBOX_MEMBERS: '40', SYNC_INTERVAL_MS: '0', SYNC_LEFT_GRACE_DAYS: String(GRACE_DAYS), DELIVERY_POLL_MS: '20' },
    });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('sends the KB its deregistration on the first day after the grace period, for exactly the lapsed members', async () => {
    const started = await gateway.http.post('/api/v1/sync/kb/initial').set(gateway.as('operator'));
    expect(started.status).toBe(202);
    let job = (await gateway.http.get(`/api/v1/sync/jobs/${started.body.jobId}`).set(gateway.as('operator'))).body;
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await gateway.http.get(`/api/v1/sync/jobs/${started.body.jobId}`).set(gateway.as('operator'))).body;
    }
    expect(job).toMatchObject({ status: 'done', failed: 0 });
    await delivered();
    expect(job.sent).toBeGreaterThan(0);

    // The registered members and when each membership ends, as the lending system says.
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=40').set(gateway.as('operator'))).body as Array<{ memberId: string; membership?: { validUntil?: string } }>;
    const standings = (await gateway.app.get(DataSource).query(`SELECT member_id AS "memberId" FROM sync_standings WHERE partner = 'kb'`)) as Array<{ memberId: string }>;
    const registered = new Set(standings.map((row) => row.memberId));
    expect(registered.size).toBe(job.sent);
    const ends = members.filter((member) => registered.has(member.memberId) && member.membership?.validUntil !== undefined).map((member) => ({ id: member.memberId, until: (member.membership?.validUntil ?? '').slice(0, 10) }));
    expect(ends.length).toBeGreaterThan(0);
    const first = ends.map((end) => end.until).sort()[0] as string;

    // The last day of grace: still a member, nothing sent.
    const cycles = gateway.app.get(ChangeFeedCycle);
    await cycles.run(noonOf(dayAfter(first, GRACE_DAYS)));
    await delivered();
    expect(deregistered()).toHaveLength(0);

    // The day after: the members whose membership ended that first day are deregistered, and no one else.
    const lapseDay = dayAfter(first, GRACE_DAYS + 1);
    const outcome = await cycles.run(noonOf(lapseDay));
    await delivered();
    const expected = ends.filter((end) => dayAfter(end.until, GRACE_DAYS + 1) <= lapseDay).map((end) => end.id);
    expect(outcome).toMatchObject({ status: 'done' });
    expect(deregistered()).toHaveLength(expected.length);
    const left = (await gateway.app.get(DataSource).query(`SELECT member_id AS "memberId" FROM sync_standings WHERE partner = 'kb'`)) as Array<{ memberId: string }>;
    expect(left.map((row) => row.memberId).sort()).toEqual([...registered].filter((id) => !expected.includes(id)).sort());

    // Once told, never again: the next cycle has nothing to say.
    await cycles.run(noonOf(lapseDay) + 3_600_000);
    await delivered();
    expect(deregistered()).toHaveLength(expected.length);
  }, 60_000);
});
