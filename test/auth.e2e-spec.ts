import { DataSource } from 'typeorm';
import { hashAccessToken } from '../src/auth/access-token';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const TOKEN_FORMAT = /^bgw_[A-Za-z0-9_-]{43}$/;

describeEachDatabase('authentication and accounts', (database) => {
  let gateway: TestApp;
  const bearer = (token: string): string => `Bearer ${token}`;
  const createAccount = (name: string, role: string) =>
    gateway.http.post('/api/v1/accounts').set('Authorization', bearer(gateway.adminToken)).send({ name, role });

  beforeAll(async () => {
    gateway = await startTestApp({ database });
  });
  afterAll(async () => {
    await gateway.close();
  });

  describe('the guard', () => {
    it.each([
      ['no Authorization header', undefined],
      ['an unknown token', bearer('bgw_not-a-real-token')],
      ['another scheme', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['an empty bearer', 'Bearer '],
      ['the admin token without the scheme', 'ADMIN'],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_case, authorization) => {
      const request = gateway.http.get('/api/v1/accounts');
      if (authorization !== undefined) void request.set('Authorization', authorization === 'ADMIN' ? gateway.adminToken : authorization);
      const response = await request;
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    });

    it('lets the built-in administrator in, whatever the case of the scheme', async () => {
      const response = await gateway.http.get('/api/v1/accounts').set('Authorization', `bearer ${gateway.adminToken}`);
      expect(response.status).toBe(200);
    });

    it('refuses a valid token without the role with 403 FORBIDDEN', async () => {
      const { body: officer } = await createAccount('guard.officer', 'officer');
      const response = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(officer.token));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      const create = await gateway.http.post('/api/v1/accounts').set('Authorization', bearer(officer.token)).send({ name: 'x', role: 'officer' });
      expect(create.status).toBe(403);
    });
  });

  describe('accounts', () => {
    it('creates an account and shows its token once', async () => {
      const response = await createAccount('a.de.vries', 'auditor');
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'a.de.vries', role: 'auditor', token: expect.stringMatching(TOKEN_FORMAT) });

      const listed = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(gateway.adminToken));
      expect(listed.status).toBe(200);
      const account = listed.body.find((a: { id: string }) => a.id === response.body.id);
      expect(account).toEqual({
        id: response.body.id,
        name: 'a.de.vries',
        role: 'auditor',
        partner: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        createdBy: 'admin',
        disabledAt: null,
        disabledBy: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(response.body.token);
      expect(JSON.stringify(listed.body)).not.toContain(hashAccessToken(response.body.token));
    });

    it('stores only the SHA-256 of the token', async () => {
      const { body } = await createAccount('hash.check', 'operator');
      const rows: Array<Record<string, unknown>> = await gateway.app
        .get(DataSource)
        .createQueryBuilder()
        .select('*')
        .from('accounts', 'a')
        .where('a.name = :name', { name: 'hash.check' })
        .getRawMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toBe(hashAccessToken(body.token));
      expect(Object.values(rows[0] ?? {}).map(String)).not.toContain(body.token);
    });

    it('gives each new account a working token with its role', async () => {
      const { body } = await createAccount('ops.one', 'operator');
      const forbidden = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(body.token));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.message).toContain('admin');
    });

    it.each([
      [{ name: 'x', role: 'admin' }, 'role'],
      [{ name: 'x', role: 'partner' }, 'partner'],
      [{ name: 'x', role: 'superuser' }, 'role'],
      [{ name: '', role: 'officer' }, 'name'],
      [{ name: ' padded ', role: 'officer' }, 'name'],
      [{ name: 'x'.repeat(101), role: 'officer' }, 'name'],
      [{ role: 'officer' }, 'name'],
      [{ name: 'x', role: 'officer', token: 'bgw_chosen' }, 'token'],
    ])('refuses %j with 422 naming %s', async (body, path) => {
      const response = await gateway.http.post('/api/v1/accounts').set('Authorization', bearer(gateway.adminToken)).send(body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.violations).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    });

    it('keeps names unique and "admin" reserved', async () => {
      expect((await createAccount('unique.name', 'officer')).status).toBe(201);
      const again = await createAccount('unique.name', 'auditor');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('ACCOUNT_NAME_TAKEN');
      const admin = await createAccount('Admin', 'officer');
      expect(admin.status).toBe(409);
      expect(admin.body.error.code).toBe('ACCOUNT_NAME_RESERVED');
    });

    it('disables an account: its token stops working at once, the row stays', async () => {
      const { body: created } = await gateway.http
        .post('/api/v1/accounts')
        .set('Authorization', bearer(gateway.adminToken))
        .send({ name: 'leaver', role: 'officer' });
      // Authenticated (403: an officer is not an administrator), not refused as unknown (401).
      const before = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(created.token));
      expect(before.status).toBe(403);

      const disabled = await gateway.http.delete(`/api/v1/accounts/${created.id}`).set('Authorization', bearer(gateway.adminToken));
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: created.id, disabledAt: expect.any(String), disabledBy: 'admin' });

      const after = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(created.token));
      expect(after.status).toBe(401);
      const again = await gateway.http.delete(`/api/v1/accounts/${created.id}`).set('Authorization', bearer(gateway.adminToken));
      expect(again.status).toBe(200);
      expect(again.body.disabledAt).toBe(disabled.body.disabledAt);
    });

    it('answers 404 for an unknown account', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await gateway.http.delete(`/api/v1/accounts/${id}`).set('Authorization', bearer(gateway.adminToken));
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('ACCOUNT_NOT_FOUND');
      }
    });
  });
});
