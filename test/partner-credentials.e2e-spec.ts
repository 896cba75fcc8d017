import { Authenticator } from '../src/auth/authenticator';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

describeEachDatabase('partner credentials', (database) => {
  let gateway: TestApp;
  const admin = () => ({ Authorization: `Bearer ${gateway.adminToken}` });

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { CONNECTORS: 'none' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('binds a partner credential to its partner, and a name-and-secret check to its name', async () => {
    const created = await gateway.http.post('/api/v1/accounts').set(admin()).send({ name: 'bibliotheek-zwolle', role: 'partner', partner: 'overijssel' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'bibliotheek-zwolle', role: 'partner', partner: 'overijssel' });
    const authenticator = gateway.app.get(Authenticator);
    await expect(authenticator.authenticate(created.body.token)).resolves.toMatchObject({ roles: ['partner'], partner: 'overijssel' });
    await expect(authenticator.authenticateCredential('bibliotheek-zwolle', created.body.token)).resolves.toMatchObject({ partner: 'overijssel' });
    await expect(authenticator.authenticateCredential('someone-else', created.body.token)).resolves.toBeUndefined();

    const listed = await gateway.http.get('/api/v1/accounts').set(admin());
    expect(listed.body.find((a: { name: string }) => a.name === 'bibliotheek-zwolle')).toMatchObject({ role: 'partner', partner: 'overijssel' });
  });

  it('cannot reach the staff API with a partner credential', async () => {
    const { body } = await gateway.http.post('/api/v1/accounts').set(admin()).send({ name: 'kb-online', role: 'partner', partner: 'kb' });
    const response = await gateway.http.get('/api/v1/policies').set({ Authorization: `Bearer ${body.token}` });
    expect(response.status).toBe(403);
  });

  it.each([
    ['a partner role without a partner', { name: 'x1', role: 'partner' }],
    ['a partner for a staff role', { name: 'x2', role: 'officer', partner: 'kb' }],
    ['a malformed partner id', { name: 'x3', role: 'partner', partner: 'KB!' }],
  ])('refuses %s with 422 naming the field', async (_case, body) => {
    const response = await gateway.http.post('/api/v1/accounts').set(admin()).send(body);
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body.error)).toContain('partner');
  });
});
