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
      const { body: operator } = await createAccount('guard.operator', 'operator');
      const response = await gateway.http.get('/api/v1/accounts').set('Authorization', bearer(operator.token));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      const create = await gateway.http.post('/api/v1/accounts').set('Authorization', bearer(operator.token)).send({ name: 'x', role: 'officer' });
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
        confirmedAt: null,
        confirmedBy: null,
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
      [{ name: 'f.jansen\u200b', role: 'officer' }, 'name'],
      [{ name: '\u202ef.jansen', role: 'officer' }, 'name'],
      [{ name: 'f.jan\u00adsen', role: 'officer' }, 'name'],
      [{ name: 'f.jansen\u2028', role: 'officer' }, 'name'],
      [{ name: 'f.jansen\u0007', role: 'officer' }, 'name'],
      [{ name: 'x'.repeat(101), role: 'officer' }, 'name'],
      [{ role: 'officer' }, 'name'],
      [{ name: 'x', role: 'officer', token: 'bgw_chosen' }, 'token'],
    ])('refuses %j with 422 naming %s', async (body, path) => {
      const response = await gateway.http.post('/api/v1/accounts').set('Authorization', bearer(gateway.adminToken)).send(body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.violations).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    });

    it('keeps names unique without regard to case or Unicode form, and "admin" reserved', async () => {
      expect((await createAccount('unique.name', 'officer')).status).toBe(201);
      for (const lookalike of ['unique.name', 'Unique.Name', 'UNIQUE.NAME', '\uff55nique.name']) {
        const again = await createAccount(lookalike, 'auditor');
        expect([lookalike, again.status]).toEqual([lookalike, 409]);
        expect(again.body.error.code).toBe('ACCOUNT_NAME_TAKEN');
      }
      const admin = await createAccount('Admin', 'officer');
      expect(admin.status).toBe(409);
      expect(admin.body.error.code).toBe('ACCOUNT_NAME_RESERVED');
    });

    it('disables an account: its token stops working at once, the row stays', async () => {
      const { body: created } = await gateway.http
        .post('/api/v1/accounts')
        .set('Authorization', bearer(gateway.adminToken))
        .send({ name: 'leaver', role: 'operator' });
      // Authenticated (403: an operator is not an administrator), not refused as unknown (401).
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

  describe('separation of duties: four eyes the administrator cannot defeat', () => {
    const admin = () => ({ Authorization: bearer(gateway.adminToken) });

    it('lets the administrator manage accounts and nothing else', async () => {
      const kb = (await gateway.http.get('/api/v1/policies/kb').set(gateway.as('officer'))).body;
      const member = (await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body[0];
      const attempts = [
        gateway.http.post('/api/v1/policies/kb/versions').set(admin()).send({ document: kb.document }),
        gateway.http.post('/api/v1/policies/kb/versions/1/approve').set(admin()).send({}),
        gateway.http.get('/api/v1/policies/kb').set(admin()),
        gateway.http.post('/api/v1/preview').set(admin()).send({ partner: 'kb', purpose: 'single-identity', member }),
        gateway.http.post('/api/v1/legal-disclosures').set(admin()).send({}),
        gateway.http.get('/api/v1/disclosures').set(admin()),
        gateway.http.get(`/api/v1/members/${String(member?.memberId)}/disclosure-report`).set(admin()),
        gateway.http.post('/api/v1/exchanges').set(admin()).send({ partner: 'kb', purpose: 'online-registration', memberId: member?.memberId }),
      ];
      expect((await Promise.all(attempts)).map((response) => response.status)).toEqual(attempts.map(() => 403));
    });

    it('makes a new officer wait for a confirmation by another officer before it writes, approves or records a legal order', async () => {
      // The administrator's attack: write nothing itself, but make an officer of its own and use it.
      const created = await createAccount('sock.puppet', 'officer');
      expect(created.body).toMatchObject({ role: 'officer', confirmed: false });
      const puppet = { Authorization: bearer(created.body.token) };
      const kb = (await gateway.http.get('/api/v1/policies/kb').set(puppet)).body;
      expect(kb.partner).toBe('kb');
      const draft = await gateway.http.post('/api/v1/policies/kb/versions').set(gateway.as('officer')).send({ document: kb.document, note: 'door officer.test' });
      expect(draft.status).toBe(201);
      for (const response of [
        await gateway.http.post(`/api/v1/policies/kb/versions/${draft.body.version}/approve`).set(puppet).send({}),
        await gateway.http.post('/api/v1/policies/kb/versions').set(puppet).send({ document: kb.document }),
        await gateway.http.post('/api/v1/legal-disclosures').set(puppet).send({}),
        await gateway.http.post(`/api/v1/accounts/${created.body.id}/confirm`).set(puppet),
      ]) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('OFFICER_NOT_CONFIRMED');
      }
      // Neither the administrator nor the account itself can confirm it; only another confirmed officer.
      expect((await gateway.http.post(`/api/v1/accounts/${created.body.id}/confirm`).set(admin())).status).toBe(403);
      const waiting = (await gateway.http.get('/api/v1/accounts').set(gateway.as('officer'))).body.find((a: { id: string }) => a.id === created.body.id);
      expect(waiting).toMatchObject({ confirmedAt: null });
      const confirmed = await gateway.http.post(`/api/v1/accounts/${created.body.id}/confirm`).set(gateway.as('officer'));
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ confirmedBy: 'officer.test', confirmedAt: expect.any(String) });
      expect((await gateway.http.post(`/api/v1/policies/kb/versions/${draft.body.version}/approve`).set(puppet).send({})).status).toBe(200);
    });

    it('does not let an officer confirm itself, nor make a disabled officer count as "the first" again', async () => {
      const self = await gateway.newOfficer('self.confirmer');
      const me = (await gateway.http.get('/api/v1/accounts').set(gateway.as('officer'))).body.find((a: { name: string }) => a.name === 'self.confirmer');
      const own = await gateway.http.post(`/api/v1/accounts/${me.id}/confirm`).set({ Authorization: bearer(self) });
      expect(own.body.error.code).toBe('SELF_CONFIRMATION');
      // Disabling every officer does not turn the next one into an unconfirmed-but-trusted "first".
      const officers = ((await gateway.http.get('/api/v1/accounts').set(admin())).body as Array<{ id: string; role: string; disabledAt: string | null }>).filter((a) => a.role === 'officer');
      const fresh = await startTestApp({ database, staff: false });
      try {
        const first = await fresh.http.post('/api/v1/accounts').set({ Authorization: bearer(fresh.adminToken) }).send({ name: 'eerste', role: 'officer' });
        expect(first.body.confirmed).toBe(true);
        await fresh.http.delete(`/api/v1/accounts/${first.body.id}`).set({ Authorization: bearer(fresh.adminToken) });
        const next = await fresh.http.post('/api/v1/accounts').set({ Authorization: bearer(fresh.adminToken) }).send({ name: 'tweede', role: 'officer' });
        expect(next.body.confirmed).toBe(false);
      } finally {
        await fresh.close();
      }
      expect(officers.length).toBeGreaterThan(1);
    });

    it('ends a disabled account\'s console sessions at once', async () => {
      const created = await createAccount('leaving.auditor', 'auditor');
      const signedIn = await gateway.http.post('/api/v1/console/session').set('X-Requested-With', 'bieb-console').send({ token: created.body.token });
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
      expect((await gateway.http.get('/api/v1/disclosures').set('Cookie', cookie)).status).toBe(200);
      await gateway.http.delete(`/api/v1/accounts/${created.body.id}`).set(admin());
      expect((await gateway.http.get('/api/v1/disclosures').set('Cookie', cookie)).status).toBe(401);
      const rows = (await gateway.app.get(DataSource).query('SELECT COUNT(*) AS n FROM console_sessions WHERE token_hash = ' + (database === 'postgres' ? '$1' : '?'), [hashAccessToken(created.body.token)])) as Array<{ n: string | number }>;
      expect(Number(rows[0]?.n)).toBe(0);
    });
  });
});
