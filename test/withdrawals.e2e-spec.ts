import { createHmac } from 'node:crypto';
import { ValidMember } from '../src/domain/member';
import { derivePseudonymSecret } from '../src/policy/pseudonym-secret';
import { WithdrawalWatch } from '../src/exchange/withdrawal-watch';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { NewsletterSandbox } from '../src/sandbox/newsletter/newsletter.sandbox';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const DONE = new Set(['delivered', 'dead', 'discarded']);

describeEachDatabase('a withdrawn consent told to the partners that must hear of it', (database) => {
  let gateway: TestApp;
  let officer: string;
  let auditor: string;
  let newsletter: NewsletterSandbox;
  let members: ValidMember[];
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const withdraw = (memberId: string, body: unknown, token = officer) => gateway.http.post(`/api/v1/members/${encodeURIComponent(memberId)}/withdrawals`).set(as(token)).send(body as object);
  const withConsent = (name: 'newsletter' | 'researchPanel', granted: boolean) =>
    members.find((member) => member.consents?.[name]?.granted === granted && (name !== 'newsletter' || member.email !== undefined)) as ValidMember;

  async function settled(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const { body } = await gateway.http.get(`/api/v1/exchanges/${id}`).set(as(officer));
      if (DONE.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`exchange ${id} did not settle`);
  }

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka,newsletter', WITHDRAWAL_WATCH_MS: '0', DELIVERY_POLL_MS: '20', DELIVERY_BACKOFF_BASE_MS: '10', DELIVERY_BACKOFF_MAX_MS: '20' } });
    const account = async (name: string, role: string) => (await gateway.http.post('/api/v1/accounts').set(as(gateway.adminToken)).send({ name, role })).body.token as string;
    officer = await gateway.newOfficer('privacy.officer');
    auditor = await account('auditor', 'auditor');
    newsletter = gateway.app.get(SandboxHost).get('newsletter') as NewsletterSandbox;
    members = (await gateway.http.get('/api/v1/sandbox/members?limit=60').set(gateway.as('operator'))).body;
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('unsubscribes a member who withdrew newsletter consent, once, however often it is asked', async () => {
    const member = withConsent('newsletter', false);
    const first = await withdraw(member.memberId, { consent: 'newsletter' });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      consent: 'newsletter',
      withdrawnOn: member.consents?.newsletter?.on,
      notices: [{ partner: 'newsletter', purpose: 'unsubscribe', deliveryId: expect.any(String), status: 'pending', repeated: false }],
      uninformed: [],
    });
    expect(await settled(first.body.notices[0].deliveryId)).toMatchObject({ status: 'delivered', partner: 'newsletter', purpose: 'unsubscribe' });
    const reference = createHmac('sha256', derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), 'newsletter')).update(member.memberId).digest('hex');
    const deletes = () => newsletter.http.received().filter((request) => request.method === 'DELETE' && request.path === `/v1/subscribers/${reference}`);
    expect(deletes()).toHaveLength(1);

    const again = await withdraw(member.memberId, { consent: 'newsletter' });
    expect(again.status).toBe(202);
    expect(again.body.notices[0]).toMatchObject({ deliveryId: first.body.notices[0].deliveryId, repeated: true });
    expect(deletes()).toHaveLength(1);
  });

  it('passes on by itself a withdrawal the lending system recorded today (the withdrawal watch), once', async () => {
    const member = members.filter((candidate) => candidate.consents?.newsletter?.granted === true && candidate.email !== undefined)[1] as ValidMember;
    // The desk records the withdrawal in the lending system.
    const recorded = await gateway.http
      .patch(`/api/v1/sandbox/members/${member.memberId}`)
      .set(gateway.as('operator'))
      .send({ consents: { newsletter: { granted: false, on: new Date(Date.now() - 60_000).toISOString() } } });
    expect(recorded.status).toBe(200);

    const watch = gateway.app.get(WithdrawalWatch);
    const first = await watch.look();
    expect(first).toMatchObject({ notices: 1 });
    expect(first.members).toBeGreaterThanOrEqual(1);
    const reference = createHmac('sha256', derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), 'newsletter')).update(member.memberId).digest('hex');
    const deletes = () => newsletter.http.received().filter((request) => request.method === 'DELETE' && request.path === `/v1/subscribers/${reference}`);
    for (let i = 0; i < 100 && deletes().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(deletes()).toHaveLength(1);
    expect(await watch.look()).toMatchObject({ notices: 0 });
    expect(deletes()).toHaveLength(1);
  });

  it('refuses while the lending system still records the consent as given, and sends nothing', async () => {
    const member = withConsent('newsletter', true);
    const before = newsletter.http.received().length;
    const refused = await withdraw(member.memberId, { consent: 'newsletter' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONSENT_NOT_WITHDRAWN');
    expect(newsletter.http.received()).toHaveLength(before);
  });

  it('names the partners told with their next file rather than by a message', async () => {
    const member = withConsent('researchPanel', false);
    const answered = await withdraw(member.memberId, { consent: 'researchPanel' });
    expect(answered.status).toBe(202);
    // The panel hears of it in the removal list of its next export, not by a message now.
    expect(answered.body).toMatchObject({ consent: 'researchPanel', notices: [{ partner: 'biebpanel', purpose: 'removal', withoutConnector: true }], uninformed: [] });
  });

  it('checks the request and the role', async () => {
    const member = withConsent('newsletter', false);
    expect((await withdraw(member.memberId, { consent: 'shoeSize' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await withdraw(member.memberId, { consent: 'newsletter', extra: 1 })).status).toBe(422);
    expect((await withdraw(member.memberId, { consent: 'newsletter' }, auditor)).status).toBe(403);
    expect((await withdraw('999999999', { consent: 'newsletter' })).status).toBe(404);
  });
});
