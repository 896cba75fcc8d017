import { realisticMember } from './factories/member.factory';
import { startTestApp, TestApp } from './support/test-app';

/** The simulated lending system's desk: enrol a member, change a record; both show in what the gateway loads. */
describe('sandbox: enrolling and changing members of the simulated lending system', () => {
  let gateway: TestApp;
  const admin = () => gateway.as('operator');

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('enrols a member, makes up an id when none is given, and refuses a second with the same id or an invalid one', async () => {
    const member = realisticMember(501);
    const enrolled = await gateway.http.post('/api/v1/sandbox/members').set(admin()).send(member);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toEqual({ memberId: member.memberId, cardNumber: member.cardNumber });
    expect((await gateway.http.post('/api/v1/sandbox/members').set(admin()).send(member)).status).toBe(409);
    const invalid = await gateway.http.post('/api/v1/sandbox/members').set(admin()).send({ ...realisticMember(502), shoeSize: 44 });
    expect(invalid.status).toBe(422);
    const made = await gateway.http.post('/api/v1/sandbox/members').set(admin()).send({ name: { lastName: 'Nieuw', firstNames: 'Lid' } });
    expect(made.status).toBe(201);
    expect(made.body.memberId).toMatch(/^E\d{6}$/);
  });

  it('changes a record (objects merged, null removes) and the change shows in the delta feed today', async () => {
    const member = realisticMember(503);
    await gateway.http.post('/api/v1/sandbox/members').set(admin()).send(member);
    const changed = await gateway.http
      .patch(`/api/v1/sandbox/members/${member.memberId}`)
      .set(admin())
      .send({ email: 'nieuw@example.nl', consents: { newsletter: { granted: false, on: '2026-12-01T10:00:00+01:00' } }, phone: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ memberId: member.memberId, email: 'nieuw@example.nl', consents: { newsletter: { granted: false } }, name: member.name });
    expect(changed.body.phone).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    const delta = await gateway.http.get(`/api/v1/partners/hka/delta?since=${today}`).set(admin());
    expect(delta.body.updated).toContain(member.memberId);
    expect((await gateway.http.patch('/api/v1/sandbox/members/NOBODY').set(admin()).send({ email: 'x@example.nl' })).status).toBe(404);
    expect((await gateway.http.patch(`/api/v1/sandbox/members/${member.memberId}`).set(admin()).send({ email: 42 })).status).toBe(422);
  });
});
