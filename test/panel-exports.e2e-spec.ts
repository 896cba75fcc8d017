import { createHmac } from 'node:crypto';
import { ValidMember } from '../src/domain/member';
import { readCsv } from '../src/mapping/csv/csv-writer';
import { derivePseudonymSecret } from '../src/policy/pseudonym-secret';
import { BiebpanelSandbox } from '../src/sandbox/biebpanel/biebpanel.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The research panel through its real protocol: a CSV put on an SFTP server (ssh2's server side on
 * loopback), only members who joined the panel, columns exactly what the policy releases, formulas
 * neutralised, a removal list after a withdrawal, and no upload at all to a server with another host key.
 */
describe('biebpanel: a CSV export over SFTP', () => {
  let gateway: TestApp;
  const panel = () => gateway.app.get(SandboxHost).get('biebpanel') as BiebpanelSandbox;
  const pseudonym = (memberId: string) => createHmac('sha256', derivePseudonymSecret(gateway.config.pseudonymKey.reveal(), 'biebpanel')).update(memberId).digest('hex');
  const patch = async (memberId: string, change: unknown) => {
    const response = await gateway.http.patch(`/api/v1/sandbox/members/${memberId}`).set(gateway.as('operator')).send(change as object);
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,biebpanel', SYNC_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('exports only the members who joined the panel, in the columns the policy releases, with formulas neutralised', async () => {
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=1000').set(gateway.as('operator'))).body as ValidMember[];
    const joined = members.filter((member) => member.consents?.researchPanel?.granted === true);
    expect(joined.length).toBeGreaterThan(1);
    const attacker = joined[0] as ValidMember;
    await patch(attacker.memberId, { membership: { subscription: '=HYPERLINK("http://kwaad.example","klik")' } });

    const made = await gateway.http.post('/api/v1/partners/biebpanel/exports').set(gateway.as('operator'));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ rows: joined.length, removals: 0, skipped: { noConsent: members.length - joined.length }, status: 'uploaded' });
    const [data, removals] = panel().received();
    expect(data?.path).toMatch(/^\/upload\/biebpanel-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    expect(removals?.path).toMatch(/-verwijderen\.csv$/);
    const table = readCsv(data?.body ?? '');
    expect(table[0]).toEqual(['memberId:pseudonym', 'libraryId', 'birthDate:age-band', 'addresses[].postalCode:postcode4', 'membership.subscription']);
    expect(table.slice(1).map((row) => row[0]).sort()).toEqual(joined.map((member) => pseudonym(member.memberId)).sort());
    const attackerRow = table.find((row) => row[0] === pseudonym(attacker.memberId));
    expect(attackerRow?.[4]).toBe(`'=HYPERLINK("http://kwaad.example","klik")`);
    expect(data?.body).toContain('\r\n');
    // Nothing that names a member: no member number, card, name or full postcode.
    for (const member of members) {
      expect(data?.body).not.toContain(member.cardNumber);
      expect(data?.body).not.toContain(`,${member.memberId},`);
      expect(data?.body).not.toContain(member.name.lastName);
    }
    expect(readCsv(removals?.body ?? '')).toEqual([['memberId:pseudonym']]);
    const ledger = (await gateway.http.get('/api/v1/disclosures?partner=biebpanel&limit=500').set(gateway.as('auditor'))).body;
    expect(ledger.total).toBe(joined.length);
  });

  it('puts a member who left the panel on the removal list of the next export, pseudonym only, once', async () => {
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=1000').set(gateway.as('operator'))).body as ValidMember[];
    const joined = members.filter((member) => member.consents?.researchPanel?.granted === true);
    const leaver = joined[1] as ValidMember;
    await patch(leaver.memberId, { consents: { researchPanel: { granted: false, on: new Date().toISOString() } } });
    const second = await gateway.http.post('/api/v1/partners/biebpanel/exports').set(gateway.as('operator'));
    expect(second.body).toMatchObject({ rows: joined.length - 1, removals: 1 });
    const removals = panel().received().at(-1);
    expect(readCsv(removals?.body ?? '')).toEqual([['memberId:pseudonym'], [pseudonym(leaver.memberId)]]);
    const third = await gateway.http.post('/api/v1/partners/biebpanel/exports').set(gateway.as('operator'));
    expect(third.body).toMatchObject({ removals: 0 });
    const report = (await gateway.http.get(`/api/v1/members/${leaver.memberId}/disclosure-report`).set(gateway.as('officer'))).body;
    expect(report.recipients).toEqual([expect.objectContaining({ partner: 'biebpanel', purposes: ['customer-research', 'removal'] })]);
  });

  it('refuses to upload to a server whose host key changed: nothing leaves', async () => {
    const before = panel().received().length;
    await panel().rotateHostKey();
    const refused = await gateway.http.post('/api/v1/partners/biebpanel/exports').set(gateway.as('operator'));
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('HOST_KEY_MISMATCH');
    expect(panel().received()).toHaveLength(before);
    const listed = (await gateway.http.get('/api/v1/partners/biebpanel/exports').set(gateway.as('officer'))).body;
    expect(listed[0]).toMatchObject({ status: 'upload-failed', error: 'HOST_KEY_MISMATCH' });
  });
});
