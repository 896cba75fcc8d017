import { DataSource, Repository } from 'typeorm';
import { PolicyVersionsService } from '../src/policy/policy-versions.service';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The active policy of a partner is compiled once and kept until an approval (on any instance) or an
 * effective date changes it: a release neither loads every version nor parses a document again. A row
 * edited in the database does not release anything.
 */
describeEachDatabase('the active policy version, cached per partner', (database) => {
  let gateway: TestApp;
  let versions: PolicyVersionsService;
  let author: string;
  let approver: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { CONNECTORS: 'none' } });
    versions = gateway.app.get(PolicyVersionsService);
    author = await gateway.newOfficer('f.jansen');
    approver = await gateway.newOfficer('m.bakker');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await gateway.close();
  });

  async function newVersion(partner: string, change: (document: Record<string, unknown>) => Record<string, unknown>, effectiveFrom?: string): Promise<number> {
    const active = (await gateway.http.get(`/api/v1/policies/${partner}`).set(as(author))).body;
    const draft = await gateway.http.post(`/api/v1/policies/${partner}/versions`).set(as(author)).send({ document: change(active.document), ...(effectiveFrom !== undefined ? { effectiveFrom } : {}) });
    expect(draft.status).toBe(201);
    const approved = await gateway.http.post(`/api/v1/policies/${partner}/versions/${draft.body.version}/approve`).set(as(approver)).send({});
    expect(approved.status).toBe(200);
    return draft.body.version as number;
  }

  it('loads and parses no version for a release once the active one is compiled', async () => {
    const first = await versions.compiledPolicy('kb');
    const find = jest.spyOn(Repository.prototype, 'find');
    const parse = jest.spyOn(JSON, 'parse');
    for (let i = 0; i < 10; i++) expect(await versions.compiledPolicy('kb')).toBe(first);
    // The gateway's own background work (the outbox retention sweep) may read other tables meanwhile.
    const policyReads = find.mock.contexts.filter((repository) => (repository as Repository<object>).metadata.tableName === 'policy_versions');
    expect(policyReads).toHaveLength(0);
    expect(parse).not.toHaveBeenCalled();
    find.mockRestore();
    parse.mockRestore();
  });

  it('takes an approval into account at the next release', async () => {
    const before = await versions.compiledPolicy('newsletter');
    const number = await newVersion('newsletter', (document) => ({ ...document, displayName: 'Nieuwsbrief (nieuw)' }));
    const after = await versions.compiledPolicy('newsletter');
    expect(after).not.toBe(before);
    expect(after.version).toBe(number);
  });

  it('takes an approval made by another instance (straight in the database) into account', async () => {
    const before = await versions.compiledPolicy('biebpanel');
    const active = (await gateway.http.get('/api/v1/policies/biebpanel').set(as(author))).body;
    const draft = await gateway.http.post('/api/v1/policies/biebpanel/versions').set(as(author)).send({ document: { ...active.document, displayName: 'Onderzoekspanel (nieuw)' } });
    // Another instance approves it: this instance hears of it only through the database.
    const now = new Date().toISOString();
    const sql =
      database === 'postgres'
        ? "UPDATE policy_versions SET status = 'approved', approver = 'm.bakker', approver_id = $1, approved_at = $2, effective_from = $3 WHERE partner = $4 AND number = $5"
        : "UPDATE policy_versions SET status = 'approved', approver = 'm.bakker', approver_id = ?, approved_at = ?, effective_from = ? WHERE partner = ? AND number = ?";
    await gateway.app.get(DataSource).query(sql, ['other-instance', now, now, 'biebpanel', draft.body.version]);
    const after = await versions.compiledPolicy('biebpanel');
    expect(after).not.toBe(before);
    expect(after.version).toBe(draft.body.version);
  });

  it('switches to a scheduled version when its effective date comes', async () => {
    const current = await versions.compiledPolicy('appguard');
    const at = new Date(Date.now() + 60_000).toISOString();
    const number = await newVersion('appguard', (document) => ({ ...document, displayName: 'Appguard (gepland)' }), at);
    expect((await versions.compiledPolicy('appguard')).version).toBe(current.version);
    expect((await versions.compiledPolicy('appguard', undefined, Date.parse(at) + 1)).version).toBe(number);
  });

  it('releases nothing under a version whose stored document was changed in the database', async () => {
    const dataSource = gateway.app.get(DataSource);
    // A partner nothing was released for yet in this instance: its version is compiled for the first time.
    const active = (await gateway.http.get('/api/v1/policies/ibl').set(as(author))).body;
    const widened = { ...active.document, purposes: active.document.purposes.map((purpose: { fields: unknown[] }) => ({ ...purpose, fields: [...purpose.fields, { path: 'bankAccount' }] })) };
    const p = database === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    await dataSource.query(`UPDATE policy_versions SET document = ${p[0]} WHERE partner = ${p[1]} AND number = ${p[2]}`, [JSON.stringify(widened), 'ibl', active.version]);
    await expect(versions.compiledPolicy('ibl')).rejects.toMatchObject({ code: 'POLICY_TAMPERED' });
  });
});
