import { startTestApp, TestApp } from './support/test-app';

/** The console's preview in the partner's wire format: mapped by the connector, never sent. */
describe('console wire preview', () => {
  let gateway: TestApp;
  let officer: Record<string, string>;
  let member: Record<string, unknown>;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on' } });
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    const token = (await gateway.http.post('/api/v1/accounts').set(admin).send({ name: 'f.jansen', role: 'officer' })).body.token;
    officer = { Authorization: `Bearer ${token}` };
    member = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(officer)).body[0];
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("gives the connector's message for the released fields only, and sends nothing", async () => {
    const response = await gateway.http.post('/api/v1/console/wire-preview').set(officer).send({ partner: 'hka', purpose: 'payments', member });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ partner: 'hka', purpose: 'payments', protocol: 'rest', reason: null });
    expect(response.body.message.contentType).toContain('json');
    expect(response.body.message.body).not.toContain(String((member as { email?: string }).email));
    const ledger = await gateway.http.get('/api/v1/disclosures').set(officer);
    expect(ledger.body.total).toBe(0);
  });

  it('says why there is no message: no connector, or one that is answered rather than sent to', async () => {
    // Every shipped partner has a connector now: interlibrary loan previews its ISO 18626 Request.
    const loan = await gateway.http.post('/api/v1/console/wire-preview').set(officer).send({ partner: 'ibl', purpose: 'interlibrary-loan', member });
    expect(loan.body).toMatchObject({ protocol: 'iso18626', direction: 'sent', reason: null });
    expect(loan.body.message.body).toContain('<patronInfo>');
    const terminal = await gateway.http.post('/api/v1/console/wire-preview').set(officer).send({ partner: 'bibliotheca', purpose: 'fee-payment', member });
    expect(terminal.body.message).toBeNull();
    expect(terminal.body.reason).toContain('MAPPING_FAILED');
  });

  it('is for officers only and validates the member', async () => {
    expect((await gateway.http.post('/api/v1/console/wire-preview').send({ partner: 'hka', purpose: 'payments', member })).status).toBe(401);
    const invalid = await gateway.http.post('/api/v1/console/wire-preview').set(officer).send({ partner: 'hka', purpose: 'payments', member: { ...member, __proto__x: 1 } });
    expect(invalid.status).toBe(422);
  });
});
