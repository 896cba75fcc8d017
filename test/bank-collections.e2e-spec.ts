import { DataSource } from 'typeorm';
import { ValidMember } from '../src/domain/member';
import { writeCamt054 } from '../src/mapping/sepa/camt054';
import { readPain008 } from '../src/mapping/sepa/pain008';
import { earliestPermittedCollectionDate } from '../src/mapping/sepa/target2-calendar';
import { BankSandbox } from '../src/sandbox/bank/bank.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { WiseSandbox } from '../src/sandbox/wise/wise-sandbox';
import { sepaReference, sepaSchemaErrors } from './support/sepa-reference';
import { startTestApp, TestApp } from './support/test-app';

const reference = sepaReference('the XSD check of the collection files the sandbox bank receives');

/** Who the file may hold: consent, an account and a mandate in the lending system, and open fees. */
function collectible(member: ValidMember): boolean {
  const open = (member.fees ?? []).filter((fee) => fee.status === 'open' || fee.status === undefined).reduce((sum, fee) => sum + fee.amountCents, 0);
  return member.consents?.directDebit?.granted === true && member.bankAccount?.iban !== undefined && member.directDebitMandate !== undefined && open > 0;
}

/**
 * SEPA direct debit through the real file formats: a collection for the sandbox library's members holds
 * exactly those with consent and a mandate (and something due), validates against the pain.008 XSD of
 * the configured version at the sandbox bank, is uploaded once however often asked, is in the ledger per
 * member; the bank's camt.054 is booked at the lending system, returns kept with their reason.
 */
describe.each(['08', '02'] as const)('bank: a SEPA collection in pain.008.001.%s and its returns', (version) => {
  let gateway: TestApp;
  const bank = () => gateway.app.get(SandboxHost).get('bank') as BankSandbox;
  const wise = () => gateway.app.get(SandboxHost).get('hka') as WiseSandbox;
  const pending = async (): Promise<number> => Number((await gateway.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'in-flight')`))[0].n);

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,bank', BANK_PAIN_VERSION: version, DELIVERY_POLL_MS: '20', SYNC_INTERVAL_MS: '0' } });
    if (reference !== undefined) bank().setSchemaCheck(async (xml, fileVersion) => (await sepaSchemaErrors(reference, fileVersion === '02' ? 'pain.008.001.02' : 'pain.008.001.08', [xml]))[0] ?? []);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('collects from exactly the members with consent, a mandate and open fees, once, with a ledger entry each', async () => {
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=1000').set(gateway.as('operator'))).body as ValidMember[];
    const expected = members.filter(collectible);
    expect(expected.length).toBeGreaterThan(0);
    const withoutConsent = members.filter((member) => member.consents?.directDebit?.granted !== true && member.bankAccount?.iban !== undefined);
    const collectionDate = earliestPermittedCollectionDate(new Date().toISOString().slice(0, 10), 14);

    const made = await gateway.http.post('/api/v1/partners/bank/collections').set(gateway.as('operator')).send({ collectionDate });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'uploaded', painVersion: version, transactions: expected.length, repeated: false });
    const { noConsent, noMandate, nothingDue } = made.body.skipped;
    expect(noConsent + noMandate + nothingDue + expected.length).toBe(members.length);
    expect(made.body.totalCents).toBe(expected.reduce((sum, member) => sum + (member.fees ?? []).filter((fee) => fee.status === 'open').reduce((s, fee) => s + fee.amountCents, 0), 0));

    // What the bank received: one file, schema-valid (else the bank had refused it), the right debtors only.
    const uploads = bank().received();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ status: 201, duplicate: false, idempotencyKey: made.body.collectionId });
    const file = readPain008(uploads[0]?.body ?? '');
    expect(file.version).toContain(version);
    expect(file.transactions.map((t) => t.mandate.id).sort()).toEqual(expected.map((member) => member.directDebitMandate?.mandateId).sort());
    for (const member of withoutConsent) expect(uploads[0]?.body).not.toContain(member.bankAccount?.iban ?? '-');
    for (const transaction of file.transactions) expect(transaction.endToEndId).toMatch(/^BGW\d{8}-[0-9A-F]{6}-\d{6}$/);
    // No mandate was collected under before: every debit is a first one.
    expect(file.transactions.every((transaction) => transaction.sequenceType === 'FRST')).toBe(true);

    // Asked again: the same collection, nothing uploaded twice.
    const again = await gateway.http.post('/api/v1/partners/bank/collections').set(gateway.as('operator')).send({ collectionDate });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ collectionId: made.body.collectionId, repeated: true });
    expect(bank().received()).toHaveLength(1);

    // One ledger entry per member in the file, with the paths that left, and the chain intact.
    const ledger = (await gateway.http.get('/api/v1/disclosures?partner=bank&limit=500').set(gateway.as('auditor'))).body;
    expect(ledger.total).toBe(expected.length);
    expect(new Set(ledger.items.map((item: { memberId: string }) => item.memberId))).toEqual(new Set(expected.map((member) => member.memberId)));
    const paths = ledger.items[0].fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(expect.arrayContaining(['bankAccount.iban', 'directDebitMandate.mandateId', 'fees[].amountCents']));
    expect(paths).not.toContain('email');
    expect((await gateway.http.get('/api/v1/disclosures/verify').set(gateway.as('auditor'))).body.ok).toBe(true);

    // A bad date is refused, naming the field.
    const saturday = await gateway.http.post('/api/v1/partners/bank/collections').set(gateway.as('operator')).send({ collectionDate: '2027-01-02' });
    expect(saturday.status).toBe(422);
    expect(saturday.body.error.details.violations[0].path).toBe('collectionDate');
  });

  it("books the bank's notifications: paid at the lending system, a return kept with its reason, MD06 flagged, each once", async () => {
    const [collection] = (await gateway.http.get('/api/v1/partners/bank/collections').set(gateway.as('officer'))).body;
    const file = readPain008(bank().received()[0]?.body ?? '');
    const [refunded, paid] = file.transactions;
    if (refunded === undefined || paid === undefined) throw new Error('the test needs two debits');
    // The bank posts its own notification: one debit refunded at the member's request, one booked.
    const admin = { Authorization: `Bearer ${gateway.adminToken}` };
    const partner = (await gateway.http.post('/api/v1/accounts').set(admin).send({ name: `bank-${version}`, role: 'partner', partner: 'bank' })).body.token as string;
    const camt = writeCamt054(
      {
        messageId: `CAMT-TEST-${version}`,
        created: new Date(),
        accountIban: file.creditor.iban,
        entries: [
          { endToEndId: refunded.endToEndId, amountCents: refunded.amountCents, booked: true, returned: { reasonCode: 'MD06' } },
          { endToEndId: paid.endToEndId, amountCents: paid.amountCents, booked: true },
        ],
      },
      version === '02' ? '02' : '04',
    );
    const posted = await gateway.http.post('/api/v1/partners/bank/notifications').set({ Authorization: `Bearer ${partner}`, 'Content-Type': 'application/xml' }).send(camt);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ booked: 1, returned: 1, unmatched: 0, repeated: false });
    const repeat = await gateway.http.post('/api/v1/partners/bank/notifications').set({ Authorization: `Bearer ${partner}`, 'Content-Type': 'application/xml' }).send(camt);
    expect(repeat.body).toMatchObject({ booked: 1, returned: 1, repeated: true });
    expect((await gateway.http.post('/api/v1/partners/bank/notifications').set(gateway.as('operator')).set('Content-Type', 'application/xml').send(camt)).status).toBe(403);

    // Then the bank's own notification is pulled: the rest is booked, the two already settled are not ours any more.
    const pulled = await gateway.http.post('/api/v1/partners/bank/notifications/pull').set(gateway.as('operator'));
    expect(pulled.status).toBe(200);
    const [outcome] = pulled.body;
    expect(outcome.booked + outcome.returned).toBe(collection.transactions - 2);
    expect(outcome.unmatched).toBe(2);

    const returns = (await gateway.http.get('/api/v1/partners/bank/returns').set(gateway.as('officer'))).body;
    expect(returns).toEqual(expect.arrayContaining([expect.objectContaining({ endToEndId: refunded.endToEndId, reasonCode: 'MD06', askOfficer: true, reason: expect.stringMatching(/terug/i) })]));
    expect(returns).toHaveLength(outcome.returned + 1);
    expect(JSON.stringify(returns)).not.toMatch(/NL\d\d[A-Z]{4}/);

    // The booked fee lines reached the lending system as payments; the refunded member's did not.
    for (let i = 0; i < 200 && (await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const payments = wise().received().filter((request) => request.method === 'POST' && request.path.endsWith('/payment') && !request.duplicate);
    expect(payments).toHaveLength(outcome.booked + 1);
    const debtorOf = (endToEndId: string) => ledgerMember(endToEndId);
    expect(payments.some((request) => request.path.includes(`/patron/${debtorOf(paid.endToEndId)}/`))).toBe(true);
    expect(payments.some((request) => request.path.includes(`/patron/${debtorOf(refunded.endToEndId)}/`))).toBe(false);
  });

  let debits: Map<string, string> | undefined;
  function ledgerMember(endToEndId: string): string {
    return debits?.get(endToEndId) ?? '';
  }
  beforeEach(async () => {
    if (gateway === undefined) return;
    const rows = (await gateway.app.get(DataSource).query('SELECT end_to_end_id AS e, member_id AS m FROM bank_debits')) as Array<{ e: string; m: string }>;
    debits = new Map(rows.map((row) => [row.e, row.m]));
  });
});

describe('bank: the creditor identity is checked at start', () => {
  it('refuses to start with a creditor identifier or IBAN whose check digits are wrong, naming the variable', async () => {
    await expect(startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,bank', BANK_CREDITOR_ID: 'NL00ZZZ999999999999' } })).rejects.toThrow(/BANK_CREDITOR_ID/);
    await expect(startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,bank', BANK_CREDITOR_IBAN: 'NL00RABO0123456789' } })).rejects.toThrow(/BANK_CREDITOR_IBAN/);
  });
});
