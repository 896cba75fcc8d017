import { startTestApp, TestApp } from './support/test-app';

const CONSOLE = { 'X-Requested-With': 'bieb-console' };

/** The console's sign-in: an HttpOnly session cookie instead of the token, accepted by the guard. */
describe('console session', () => {
  let gateway: TestApp;
  let officerToken: string;
  let partnerToken: string;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite' });
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    officerToken = await gateway.newOfficer('f.jansen');
    partnerToken = (await gateway.http.post('/api/v1/accounts').set(admin).send({ name: 'kb-online', role: 'partner', partner: 'kb' })).body.token;
  });
  afterAll(async () => {
    await gateway.close();
  });

  async function signIn(token: string): Promise<string> {
    const response = await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token });
    expect(response.status).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    return setCookie.split(';')[0] ?? '';
  }

  it('serves the page and its assets publicly, with a strict content security policy, and nothing else', async () => {
    const page = await gateway.http.get('/console');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await gateway.http.get('/console/app.js')).headers['content-type']).toContain('javascript');
    expect((await gateway.http.get('/console/..%2Fconsole.module.ts')).status).toBe(404);
    expect((await gateway.http.get('/console/package.json')).status).toBe(404);
  });

  it('exchanges an officer token for an HttpOnly, SameSite=Strict cookie that does not contain the token', async () => {
    const response = await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token: officerToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: expect.any(String), name: 'f.jansen', roles: ['officer'], confirmed: true });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^bgw_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    expect(setCookie).not.toContain(officerToken);
    expect(setCookie).not.toContain('Secure');
    expect(JSON.stringify(response.body)).not.toContain(officerToken);
  });

  it('accepts the cookie for reads, and for changes only with the X-Requested-With header', async () => {
    const cookie = await signIn(officerToken);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', cookie)).body).toEqual({ id: expect.any(String), name: 'f.jansen', roles: ['officer'], confirmed: true });
    expect((await gateway.http.get('/api/v1/policies/kb').set('Cookie', cookie)).status).toBe(200);
    const active = (await gateway.http.get('/api/v1/policies/kb').set('Cookie', cookie)).body.document;
    const withoutHeader = await gateway.http.post('/api/v1/policies/kb/versions').set('Cookie', cookie).send({ document: active });
    expect(withoutHeader.status).toBe(401);
    const withHeader = await gateway.http.post('/api/v1/policies/kb/versions').set('Cookie', cookie).set(CONSOLE).send({ document: active, note: 'console' });
    expect(withHeader.status).toBe(201);
    expect(withHeader.body.author).toBe('f.jansen');
  });

  it("signs an operator in (for the synchronisation page), whose session reads only what an operator may", async () => {
    const response = await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token: gateway.staff.operator });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: expect.any(String), name: expect.any(String), roles: ['operator'], confirmed: false });
    const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', cookie)).body).toMatchObject({ roles: ['operator'] });
    expect((await gateway.http.get('/api/v1/sync/jobs').set('Cookie', cookie)).status).toBe(200);
    expect((await gateway.http.get('/api/v1/partners').set('Cookie', cookie)).status).toBe(200);
    expect((await gateway.http.get('/api/v1/policies').set('Cookie', cookie)).status).toBe(403);
    expect((await gateway.http.get('/api/v1/disclosures').set('Cookie', cookie)).status).toBe(403);
  });

  it('refuses a wrong token, the administrator, a partner credential, and a sign-in without the header', async () => {
    expect((await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token: 'bgw_wrong' })).status).toBe(401);
    expect((await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token: gateway.adminToken })).status).toBe(403);
    expect((await gateway.http.post('/api/v1/console/session').set(CONSOLE).send({ token: partnerToken })).status).toBe(403);
    const noHeader = await gateway.http.post('/api/v1/console/session').send({ token: officerToken });
    expect(noHeader.status).toBe(403);
    expect(noHeader.headers['set-cookie']).toBeUndefined();
  });

  it('ends the session on sign-out, and refuses a forged cookie', async () => {
    const cookie = await signIn(officerToken);
    const out = await gateway.http.delete('/api/v1/console/session').set('Cookie', cookie).set(CONSOLE);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', cookie)).status).toBe(401);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', `bgw_console=${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('gives a fresh session id at every sign-in and ends the one the browser held', async () => {
    const first = await signIn(officerToken);
    const again = await gateway.http.post('/api/v1/console/session').set(CONSOLE).set('Cookie', first).send({ token: officerToken });
    const second = String(again.headers['set-cookie']).split(';')[0] ?? '';
    expect(second).not.toBe(first);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', first)).status).toBe(401);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', second)).status).toBe(200);
  });

  it("authorises every action on the server: an auditor's session reads policies but cannot write a draft", async () => {
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    const auditor = (await gateway.http.post('/api/v1/accounts').set(admin).send({ name: 'a.auditor', role: 'auditor' })).body.token;
    const cookie = await signIn(auditor);
    const active = await gateway.http.get('/api/v1/policies/kb').set('Cookie', cookie);
    expect(active.status).toBe(200);
    const draft = await gateway.http.post('/api/v1/policies/kb/versions').set('Cookie', cookie).set(CONSOLE).send({ document: active.body.document });
    expect(draft.status).toBe(403);
    expect((await gateway.http.post('/api/v1/policies/kb/versions/1/approve').set('Cookie', cookie).set(CONSOLE).send({})).status).toBe(403);
  });

  it('ends the session when the account is disabled', async () => {
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    const created = (await gateway.http.post('/api/v1/accounts').set(admin).send({ name: 'leaver', role: 'auditor' })).body;
    const cookie = await signIn(created.token);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', cookie)).status).toBe(200);
    await gateway.http.delete(`/api/v1/accounts/${created.id}`).set(admin);
    expect((await gateway.http.get('/api/v1/console/session').set('Cookie', cookie)).status).toBe(401);
  });
});
