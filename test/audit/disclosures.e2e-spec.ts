import { DataSource } from 'typeorm';
import { LedgerService } from '../../src/audit/ledger.service';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { disclosure } from './ledger.fixtures';

describeEachDatabase('disclosure ledger API', (database) => {
  let t: TestApp;
  const tokens: Record<'officer' | 'auditor' | 'operator', string> = { officer: '', auditor: '', operator: '' };

  const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp({ database });
    for (const role of ['officer', 'auditor', 'operator'] as const) {
      const created = await t.http.post('/api/v1/accounts').set('Authorization', `Bearer ${t.adminToken}`).send({ name: `ledger-${role}`, role });
      expect(created.status).toBe(201);
      tokens[role] = created.body.token;
    }
    const ledger = t.app.get(LedgerService);
    await ledger.record(disclosure({ memberId: 'P1', partner: 'kb', agreementReference: 'KB-Wsob-2023' }));
    await ledger.record(disclosure({ memberId: 'P2', partner: 'bank', purpose: 'direct-debit', exchangeId: undefined }));
    await ledger.record(disclosure({ memberId: 'P1', partner: 'overijssel', purpose: 'provincial-card', agreementReference: 'RB-2024' }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists the ledger, filtered and paged, for officers and auditors', async () => {
    const all = await get('/api/v1/disclosures', tokens.auditor);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.body.items.map((e: { seq: number }) => e.seq)).toEqual([3, 2, 1]);
    expect(all.body.items[2]).toMatchObject({ memberId: 'P1', partner: 'kb', purpose: 'online-library', policyVersion: 1, fields: disclosure().fields });

    const filtered = await get('/api/v1/disclosures?memberId=P1&partner=overijssel', tokens.officer);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((e: { seq: number }) => e.seq)).toEqual([3]);

    const today = new Date().toISOString().slice(0, 10);
    const period = await get(`/api/v1/disclosures?from=${today}&to=${today}&limit=1&offset=1`, tokens.auditor);
    expect(period.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(period.body.items.map((e: { seq: number }) => e.seq)).toEqual([2]);
  });

  it('refuses malformed queries with 400', async () => {
    const response = await get('/api/v1/disclosures?limit=100000', tokens.auditor);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('keeps the ledger from operators and anonymous callers', async () => {
    expect((await t.http.get('/api/v1/disclosures')).status).toBe(401);
    expect((await get('/api/v1/disclosures', tokens.operator)).status).toBe(403);
    expect((await get('/api/v1/disclosures/verify', tokens.operator)).status).toBe(403);
    expect((await get('/api/v1/members/P1/disclosure-report', tokens.auditor)).status).toBe(403);
  });

  it("answers a member's access request for the officer", async () => {
    const response = await get('/api/v1/members/P1/disclosure-report', tokens.officer);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ memberId: 'P1', total: 2 });
    expect(response.body.disclosures.map((d: { partner: string; agreementReference: string }) => [d.partner, d.agreementReference])).toEqual([
      ['kb', 'KB-Wsob-2023'],
      ['overijssel', 'RB-2024'],
    ]);
    expect(response.body.recipients.map((r: { partner: string }) => r.partner)).toEqual(['kb', 'overijssel']);
  });

  it('verifies the chain and names the first broken link once a row was altered', async () => {
    const intact = await get('/api/v1/disclosures/verify', tokens.auditor);
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, checked: 3 });

    await t.app.get(DataSource).query("UPDATE disclosure_ledger SET purpose = 'marketing' WHERE seq = 2");
    const broken = await get('/api/v1/disclosures/verify', tokens.officer);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, reason: expect.stringContaining('hash mismatch') } });
  });

  it('documents the routes in the OpenAPI description', async () => {
    const docs = await t.http.get('/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/disclosures', '/api/v1/disclosures/verify', '/api/v1/members/{memberId}/disclosure-report']),
    );
  });
});
