import { ValidMember } from '../src/domain/member';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

describeEachDatabase('disclosures under a legal order: recorded, approved by a second officer, exported once', (database) => {
  let gateway: TestApp;
  let officerA: string;
  let officerB: string;
  let auditor: string;
  let member: ValidMember;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const order = (fields: unknown) => ({
    memberId: member.memberId,
    authority: 'Politie Oost-Nederland, team recherche',
    orderReference: 'PL0600-2026-123456',
    legalBasis: 'legal-obligation',
    reason: 'Vordering art. 126nd Sv: naam en adres van de houder van een pas',
    fields,
  });

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { SANDBOX: 'on', CONNECTORS: 'hka' } });
    const account = async (name: string, role: string) => (await gateway.http.post('/api/v1/accounts').set(as(gateway.adminToken)).send({ name, role })).body.token as string;
    officerA = await gateway.newOfficer('f.jansen');
    officerB = await gateway.newOfficer('m.bakker');
    auditor = await account('r.visser', 'auditor');
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=20').set(gateway.as('officer'))).body as ValidMember[];
    member = members.find((candidate) => (candidate.addresses ?? []).length > 0 && candidate.birthDate !== undefined) as ValidMember;
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('releases exactly the ordered fields after a second officer approves, records them, and keeps no copy', async () => {
    const recorded = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send(order([{ path: 'name' }, { path: 'addresses[]' }, { path: 'birthDate', transform: 'year' }]));
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ status: 'requested', requestedBy: 'f.jansen', orderReference: 'PL0600-2026-123456' });
    const id = recorded.body.id as string;

    const own = await gateway.http.post(`/api/v1/legal-disclosures/${id}/approve`).set(as(officerA));
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('FOUR_EYES');
    expect((await gateway.http.post(`/api/v1/legal-disclosures/${id}/approve`).set(as(auditor))).status).toBe(403);

    const approved = await gateway.http.post(`/api/v1/legal-disclosures/${id}/approve`).set(as(officerB));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'm.bakker' });
    const exported = approved.body.export;
    expect(Object.keys(exported.member).sort()).toEqual(['addresses', 'birthDate', 'name']);
    expect(exported.member.name).toEqual(member.name);
    expect(exported.member.birthDate).toBe(member.birthDate?.slice(0, 4));
    expect(JSON.stringify(exported)).not.toContain(member.email ?? '-');
    expect(JSON.stringify(exported)).not.toContain(member.cardNumber);

    const ledger = (await gateway.http.get(`/api/v1/disclosures?memberId=${member.memberId}&partner=legal`).set(as(auditor))).body.items;
    expect(ledger).toEqual([expect.objectContaining({ partner: 'legal', purpose: 'legal-order', agreementReference: 'PL0600-2026-123456' })]);
    const report = (await gateway.http.get(`/api/v1/members/${member.memberId}/disclosure-report`).set(as(officerA))).body;
    expect(report.recipients.map((r: { partner: string }) => r.partner)).toContain('legal');
    expect((await gateway.http.get('/api/v1/disclosures/verify').set(as(auditor))).body.ok).toBe(true);

    // Decided once: a second approval is refused, and the stored order holds no member value.
    const again = await gateway.http.post(`/api/v1/legal-disclosures/${id}/approve`).set(as(officerB));
    expect(again.status).toBe(409);
    const listed = await gateway.http.get('/api/v1/legal-disclosures').set(as(auditor));
    expect(listed.body).toEqual([expect.objectContaining({ id, status: 'approved' })]);
    expect(JSON.stringify(listed.body)).not.toContain(member.name.lastName);
    expect(listed.body[0]).not.toHaveProperty('export');
  });

  it('refuses an order naming an unknown field or an unfit transform, naming it, and stores nothing', async () => {
    const before = (await gateway.http.get('/api/v1/legal-disclosures').set(as(auditor))).body.length;
    const unknown = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send(order([{ path: 'shoeSize' }]));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.violations[0].path).toMatch(/^fields\[0\]/);
    const unfit = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send(order([{ path: 'email', transform: 'year' }]));
    expect(unfit.status).toBe(422);
    expect((await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send({ ...order([{ path: 'name' }]), legalBasis: 'consent' })).status).toBe(422);
    expect((await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send(order([]))).status).toBe(422);
    expect((await gateway.http.post('/api/v1/legal-disclosures').set(as(auditor)).send(order([{ path: 'name' }]))).status).toBe(403);
    expect((await gateway.http.get('/api/v1/legal-disclosures').set(as(auditor))).body).toHaveLength(before);
  });

  it('rejects an order with a reason, after which nothing can be disclosed under it', async () => {
    const recorded = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send(order([{ path: 'phone' }]));
    const id = recorded.body.id as string;
    const rejected = await gateway.http.post(`/api/v1/legal-disclosures/${id}/reject`).set(as(officerB)).send({ comment: 'Geen bevoegde officier van justitie op de vordering' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'm.bakker', decisionComment: 'Geen bevoegde officier van justitie op de vordering' });
    expect((await gateway.http.post(`/api/v1/legal-disclosures/${id}/approve`).set(as(officerB))).status).toBe(409);
    expect((await gateway.http.get('/api/v1/legal-disclosures/not-an-id').set(as(auditor))).status).toBe(404);
  });

  it('refuses an order and an access report for a member number the lending system does not know, and stores nothing', async () => {
    const before = (await gateway.http.get('/api/v1/legal-disclosures').set(as(auditor))).body;
    const unknown = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send({ ...order([{ path: 'name' }]), memberId: '9999999' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
    expect((await gateway.http.get('/api/v1/legal-disclosures').set(as(auditor))).body).toEqual(before);
    // "9999999" is a typo, not a member about whom nothing was disclosed.
    const report = await gateway.http.get('/api/v1/members/9999999/disclosure-report').set(as(officerA));
    expect(report.status).toBe(404);
    expect(report.body.error.code).toBe('MEMBER_NOT_FOUND');
    // A member the lending system knows, to whom nothing was disclosed, gets an empty report.
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=20').set(gateway.as('officer'))).body as ValidMember[];
    const untouched = members.find((candidate) => candidate.memberId !== member.memberId) as ValidMember;
    const empty = await gateway.http.get(`/api/v1/members/${untouched.memberId}/disclosure-report`).set(as(officerA));
    expect(empty.status).toBe(200);
    expect(empty.body.disclosures).toEqual([]);
  });

  it("holds a disclosure back from the member's own report until the day the order names (art. 23 AVG), and shows it to the officer", async () => {
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const bad = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send({ ...order([{ path: 'name' }]), orderReference: 'PL-HOLD-1', withholdFromMemberUntil: 'next month' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.violations).toEqual([expect.objectContaining({ path: 'withholdFromMemberUntil' })]);
    const recorded = await gateway.http.post('/api/v1/legal-disclosures').set(as(officerA)).send({ ...order([{ path: 'name' }]), orderReference: 'PL-HOLD-1', withholdFromMemberUntil: until });
    expect(recorded.status).toBe(201);
    expect(recorded.body.withholdFromMemberUntil).toBe(until);
    expect((await gateway.http.post(`/api/v1/legal-disclosures/${recorded.body.id}/approve`).set(as(officerB))).status).toBe(200);
    const report = (await gateway.http.get(`/api/v1/members/${member.memberId}/disclosure-report`).set(as(officerA))).body;
    const entry = report.disclosures.find((d: { agreementReference: string }) => d.agreementReference === 'PL-HOLD-1');
    expect(entry).toBeDefined();
    expect(report.heldBack).toEqual([{ seq: entry.seq, orderReference: 'PL-HOLD-1', until }]);
    // The first order (no hold-back) is in the member's copy.
    expect(report.heldBack.map((held: { orderReference: string }) => held.orderReference)).not.toContain('PL0600-2026-123456');
  });
});
