import { DataSource } from 'typeorm';
import { realisticMember } from './factories/member.factory';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

const PARTNERS = ['appguard', 'bank', 'bibliotheca', 'biebpanel', 'hka', 'ibl', 'kb', 'newsletter', 'overijssel'];

describeEachDatabase('sharing policies: versions, four eyes, diff, preview', (database) => {
  let gateway: TestApp;
  let officerA: string;
  let officerB: string;
  let auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const account = async (name: string, role: string): Promise<string> => {
    const response = await gateway.http.post('/api/v1/accounts').set(auth(gateway.adminToken)).send({ name, role });
    expect(response.status).toBe(201);
    return response.body.token as string;
  };
  const tableCounts = async (): Promise<Record<string, number>> => {
    const dataSource = gateway.app.get(DataSource);
    const [versions] = await dataSource.query('SELECT COUNT(*) AS n FROM policy_versions');
    const [ledger] = await dataSource.query('SELECT COUNT(*) AS n FROM disclosure_ledger');
    return { versions: Number(versions.n), ledger: Number(ledger.n) };
  };

  beforeAll(async () => {
    gateway = await startTestApp({ database });
    officerA = await gateway.newOfficer('f.jansen');
    officerB = await gateway.newOfficer('m.bakker');
    auditor = await account('r.visser', 'auditor');
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('loads one default policy per partner as active version 1 at first start', async () => {
    const response = await gateway.http.get('/api/v1/policies').set(auth(auditor));
    expect(response.status).toBe(200);
    expect(response.body.map((p: { partner: string }) => p.partner).sort()).toEqual(PARTNERS);
    for (const policy of response.body) {
      expect(policy).toMatchObject({ version: 1, status: 'active', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(policy.document.partner).toBe(policy.partner);
    }
    const kb = await gateway.http.get('/api/v1/policies/kb').set(auth(officerA));
    expect(kb.status).toBe(200);
    expect(kb.body).toMatchObject({ version: 1, status: 'active', document: { partner: 'kb' } });
  });

  it('makes an edit a draft that only another officer can approve, then shows the diff', async () => {
    const { body: current } = await gateway.http.get('/api/v1/policies/kb').set(auth(officerA));
    const document = structuredClone(current.document);
    const purpose = document.purposes[0];
    purpose.fields = purpose.fields.filter((f: { path: string }) => f.path !== 'birthDate');
    purpose.fields.push({ path: 'name.lastName', transform: 'initials' });

    const draft = await gateway.http.post('/api/v1/policies/kb/versions').set(auth(officerA)).send({ document, note: 'KB vraagt achternaam-initiaal' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 2, status: 'draft', author: 'f.jansen', approver: null, note: 'KB vraagt achternaam-initiaal' });

    // The draft does not apply yet.
    expect((await gateway.http.get('/api/v1/policies/kb').set(auth(officerA))).body.version).toBe(1);
    // A second click on "save" (the same content again, by anyone) is no second draft.
    const twice = await gateway.http.post('/api/v1/policies/kb/versions').set(auth(officerA)).send({ document, note: 'nog eens' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'DRAFT_EXISTS', details: { version: 2 } });
    expect((await gateway.http.get('/api/v1/policies/kb/versions').set(auth(officerA))).body).toHaveLength(2);

    const before = await tableCounts();
    const ownApproval = await gateway.http.post('/api/v1/policies/kb/versions/2/approve').set(auth(officerA)).send({});
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.body.error.code).toBe('FOUR_EYES');
    expect(await tableCounts()).toEqual(before);
    expect((await gateway.http.get('/api/v1/policies/kb/versions/2').set(auth(officerA))).body.status).toBe('draft');

    const byAuditor = await gateway.http.post('/api/v1/policies/kb/versions/2/approve').set(auth(auditor)).send({});
    expect(byAuditor.status).toBe(403);

    const approved = await gateway.http.post('/api/v1/policies/kb/versions/2/approve').set(auth(officerB));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ version: 2, status: 'active', author: 'f.jansen', approver: 'm.bakker' });
    expect(approved.body.approvedAt).toEqual(expect.any(String));
    expect(approved.body.effectiveFrom).toEqual(approved.body.approvedAt);

    const again = await gateway.http.post('/api/v1/policies/kb/versions/2/approve').set(auth(officerB));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_A_DRAFT');

    const versions = await gateway.http.get('/api/v1/policies/kb/versions').set(auth(auditor));
    expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'active'],
    ]);

    const diff = await gateway.http.get('/api/v1/policies/kb/diff?from=1&to=2').set(auth(auditor));
    expect(diff.status).toBe(200);
    expect(diff.body.purposes).toEqual([
      expect.objectContaining({
        purpose: purpose.id,
        change: 'changed',
        fieldsAdded: [{ path: 'name.lastName', transform: 'initials' }],
        fieldsRemoved: [{ path: 'birthDate' }],
        transformsChanged: [],
      }),
    ]);
  });

  it('shows how the shipped default differs from the active version, without applying it', async () => {
    const unchanged = await gateway.http.get('/api/v1/policies/hka/default').set(auth(auditor));
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ partner: 'hka', source: expect.stringMatching(/policies\/hka\.yaml$/), activeVersion: 1, sameAsActive: true });

    // kb's version 2 (approved above) dropped the birth date: the shipped default still has it.
    const changed = await gateway.http.get('/api/v1/policies/kb/default').set(auth(auditor));
    expect(changed.body).toMatchObject({ partner: 'kb', activeVersion: 2, sameAsActive: false });
    expect(changed.body.diff.purposes).toEqual([expect.objectContaining({ change: 'changed', fieldsAdded: [{ path: 'birthDate' }] })]);
    expect((await gateway.http.get('/api/v1/policies/kb').set(auth(auditor))).body.version).toBe(2);

    const unknown = await gateway.http.get('/api/v1/policies/nobody/default').set(auth(auditor));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DEFAULT_POLICY_UNKNOWN');
    expect((await gateway.http.get('/api/v1/policies/kb/default')).status).toBe(401);
  });

  it('rejects a draft with a reason, after which it can neither apply nor be approved', async () => {
    const { body: current } = await gateway.http.get('/api/v1/policies/biebpanel').set(auth(officerA));
    const draft = await gateway.http.post('/api/v1/policies/biebpanel/versions').set(auth(officerA)).send({ ...current.document, displayName: 'Biebpanel (concept)' });
    const number = draft.body.version as number;
    const withoutReason = await gateway.http.post(`/api/v1/policies/biebpanel/versions/${number}/reject`).set(auth(officerB)).send({ comment: ' ' });
    expect(withoutReason.status).toBe(422);
    const rejected = await gateway.http.post(`/api/v1/policies/biebpanel/versions/${number}/reject`).set(auth(officerB)).send({ comment: 'Geen grondslag voor deze wijziging' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ version: number, status: 'rejected', rejectedBy: 'm.bakker', reviewComment: 'Geen grondslag voor deze wijziging' });
    const approve = await gateway.http.post(`/api/v1/policies/biebpanel/versions/${number}/approve`).set(auth(officerB));
    expect(approve.status).toBe(409);
    expect((await gateway.http.post(`/api/v1/policies/biebpanel/versions/${number}/reject`).set(auth(officerB)).send({ comment: 'nogmaals' })).status).toBe(409);
    expect((await gateway.http.post(`/api/v1/policies/biebpanel/versions/${number}/reject`).set(auth(auditor)).send({ comment: 'x' })).status).toBe(403);
    expect((await gateway.http.get('/api/v1/policies/biebpanel').set(auth(officerA))).body.version).toBe(current.version);
  });

  it('schedules a version approved with a future effective date', async () => {
    const { body: current } = await gateway.http.get('/api/v1/policies/ibl').set(auth(officerA));
    const draft = await gateway.http
      .post('/api/v1/policies/ibl/versions')
      .set(auth(officerB))
      .send({ document: { ...current.document, displayName: 'IBL (nieuw)' }, effectiveFrom: '2099-01-01' });
    expect(draft.status).toBe(201);
    const approved = await gateway.http.post(`/api/v1/policies/ibl/versions/${draft.body.version}/approve`).set(auth(officerA)).send({});
    expect(approved.body).toMatchObject({ status: 'scheduled', effectiveFrom: '2099-01-01T00:00:00.000Z' });
    expect((await gateway.http.get('/api/v1/policies/ibl').set(auth(officerA))).body.version).toBe(current.version);
  });

  it.each([
    ['an unknown field path', (d: { purposes: Array<{ fields: unknown[] }> }) => d.purposes[0]?.fields.push({ path: 'loans[].secretNote' }), 'purposes[0].fields'],
    ['an unknown key', (d: Record<string, unknown>) => (d.extra = true), 'extra'],
    ['another partner', (d: Record<string, unknown>) => (d.partner = 'bank'), 'partner'],
    ['a transform that does not fit', (d: { purposes: Array<{ fields: unknown[] }> }) => d.purposes[0]?.fields.push({ path: 'email', transform: 'year' }), '.transform'],
  ])('refuses a draft with %s, naming the path, and stores nothing', async (_case, spoil, path) => {
    const { body: current } = await gateway.http.get('/api/v1/policies/hka').set(auth(officerA));
    const document = structuredClone(current.document);
    spoil(document);
    const before = await tableCounts();
    const response = await gateway.http.post('/api/v1/policies/hka/versions').set(auth(officerA)).send(document);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.error.details.violations)).toContain(path);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses an effective date that is not a plain date or instant (a far-future year would sort before today)', async () => {
    const current = (await gateway.http.get('/api/v1/policies/ibl').set(auth(officerA))).body;
    for (const effectiveFrom of ['+010000-01-01', '2027-1-1', 'tomorrow', '2027-01-01T00:00']) {
      const draft = await gateway.http.post('/api/v1/policies/ibl/versions').set(auth(officerA)).send({ document: current.document, effectiveFrom });
      expect([effectiveFrom, draft.status]).toEqual([effectiveFrom, 422]);
      expect(draft.body.error.details.violations[0].path).toBe('effectiveFrom');
    }
  });

  it('refuses an unknown partner and a bad version number', async () => {
    const unknown = await gateway.http.get('/api/v1/policies/nobody').set(auth(officerA));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PARTNER_UNKNOWN');
    expect((await gateway.http.get('/api/v1/policies/kb/versions/99').set(auth(officerA))).status).toBe(404);
    const bad = await gateway.http.get('/api/v1/policies/kb/diff?from=1&to=x').set(auth(officerA));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.violations[0].path).toBe('to');
  });

  describe('preview', () => {
    it('shows what would leave and what is withheld, and sends nothing', async () => {
      const member = realisticMember();
      const before = await tableCounts();
      const response = await gateway.http.post('/api/v1/preview').set(auth(officerA)).send({ partner: 'bibliotheca', purpose: 'fee-payment', member });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ partner: 'bibliotheca', purpose: 'fee-payment', policyVersion: 1 });
      expect(response.body.payload.addresses).toBeUndefined();
      expect(response.body.payload.email).toBeUndefined();
      expect(response.body.withheld).toEqual(expect.arrayContaining(['addresses[].street', 'email', 'birthDate']));
      expect(await tableCounts()).toEqual(before);
    });

    it('previews a named draft', async () => {
      const { body: current } = await gateway.http.get('/api/v1/policies/kb').set(auth(officerA));
      const document = structuredClone(current.document);
      document.purposes[0].fields.push({ path: 'gender' });
      const draft = await gateway.http.post('/api/v1/policies/kb/versions').set(auth(officerA)).send(document);
      const member = realisticMember();
      const withDraft = await gateway.http.post('/api/v1/preview').set(auth(officerA)).send({ partner: 'kb', purpose: document.purposes[0].id, member, version: draft.body.version });
      const withActive = await gateway.http.post('/api/v1/preview').set(auth(officerA)).send({ partner: 'kb', purpose: document.purposes[0].id, member });
      expect(withDraft.status).toBe(200);
      expect(withDraft.body.policyVersion).toBe(draft.body.version);
      expect(withDraft.body.payload.gender).toBe(member.gender);
      expect(withActive.body.payload.gender).toBeUndefined();
      expect(withActive.body.withheld).toContain('gender');
    });

    it.each([
      ['an unknown partner', { partner: 'nobody', purpose: 'x' }, 404, 'PARTNER_UNKNOWN'],
      ['an unknown purpose', { partner: 'kb', purpose: 'marketing' }, 422, 'PURPOSE_UNKNOWN'],
      ['missing consent', { partner: 'newsletter', purpose: 'newsletter', withoutConsent: 'newsletter' }, 422, 'CONSENT_MISSING'],
    ])('refuses %s with a clear error', async (_case, request, status, code) => {
      const member = realisticMember();
      const { withoutConsent, ...rest } = request as { withoutConsent?: 'newsletter' } & Record<string, string>;
      if (withoutConsent !== undefined && member.consents !== undefined) delete member.consents[withoutConsent];
      const response = await gateway.http.post('/api/v1/preview').set(auth(officerA)).send({ ...rest, member });
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
    });

    it('refuses an invalid member with 422 naming the path, unknown keys included', async () => {
      const member = { ...realisticMember(), shoeSize: 44 } as Record<string, unknown>;
      (member.name as Record<string, unknown>).lastName = '';
      const response = await gateway.http.post('/api/v1/preview').set(auth(officerA)).send({ partner: 'kb', purpose: 'single-identity', member });
      expect(response.status).toBe(422);
      const paths = response.body.error.details.violations.map((v: { path: string }) => v.path);
      expect(paths).toEqual(expect.arrayContaining(['member.shoeSize', 'member.name.lastName']));
      expect(JSON.stringify(response.body)).not.toContain(realisticMember().name.firstNames);
    });

    it('refuses an expired agreement with AGREEMENT_NOT_IN_FORCE', async () => {
      const { body: current } = await gateway.http.get('/api/v1/policies/overijssel').set(auth(officerA));
      const document = { ...current.document, agreement: { ...current.document.agreement, validFrom: '2020-01-01', validUntil: '2021-12-31' } };
      const draft = await gateway.http.post('/api/v1/policies/overijssel/versions').set(auth(officerA)).send(document);
      const response = await gateway.http
        .post('/api/v1/preview')
        .set(auth(officerA))
        .send({ partner: 'overijssel', purpose: document.purposes[0].id, member: realisticMember(), version: draft.body.version });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    });

    it('is for officers only', async () => {
      const response = await gateway.http.post('/api/v1/preview').set(auth(auditor)).send({ partner: 'kb', purpose: 'single-identity', member: realisticMember() });
      expect(response.status).toBe(403);
    });
  });

  it('generates the register of processing activities from the active policies', async () => {
    const response = await gateway.http.get('/api/v1/register').set(auth(auditor));
    expect(response.status).toBe(200);
    const bank = response.body.activities.find((a: { partner: string }) => a.partner === 'bank');
    expect(bank).toMatchObject({ relationship: 'recipient', requiresConsent: 'directDebit', dataCategories: expect.arrayContaining(['financial']) });
    expect(bank.fields).toContain('bankAccount.iban');
    // What leaves, with how: the panel gets an age band and a pseudonym, not a birth date and a member number.
    const panel = response.body.activities.find((a: { partner: string }) => a.partner === 'biebpanel');
    expect(panel.disclosed).toEqual(
      expect.arrayContaining([
        { path: 'memberId', transform: 'pseudonym', conditional: false },
        { path: 'birthDate', transform: 'age-band', conditional: false },
      ]),
    );
    // In the catalog's order: the member number before the birth date before the address.
    expect(panel.fields.indexOf('memberId')).toBeLessThan(panel.fields.indexOf('birthDate'));
    expect(panel.fields.indexOf('birthDate')).toBeLessThan(panel.fields.indexOf('addresses[].postalCode'));
    expect(new Set(response.body.activities.map((a: { partner: string }) => a.partner)).size).toBe(PARTNERS.length);
    expect(response.body.outsideTheGateway.map((o: { name: string }) => o.name).join(' ')).toContain('Google Analytics');
    expect((await gateway.http.get('/api/v1/register').set(auth(officerA))).status).toBe(200);
  });

  it('serves the field catalog with a category for every path', async () => {
    const response = await gateway.http.get('/api/v1/catalog').set(auth(auditor));
    expect(response.status).toBe(200);
    const byPath = Object.fromEntries(response.body.fields.map((f: { path: string; category: string }) => [f.path, f.category]));
    expect(byPath).toMatchObject({ 'name.lastName': 'identity', email: 'contact', 'bankAccount.iban': 'financial', 'loans[].dueOn': 'circulation', 'interests[]': 'preference', 'consents.newsletter.granted': 'consent' });
  });
});
