import { ValidMember } from '../src/domain/member';
import { readIso18626 } from '../src/mapping/iso18626/iso18626-reader';
import { writeIso18626 } from '../src/mapping/iso18626/iso18626-writer';
import { IBL_LIBRARY_AGENCY, IBL_SANDBOX_AGENCY, IblSandbox } from '../src/sandbox/ibl/ibl.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { iso18626Reference, iso18626SchemaErrors } from './support/iso18626-reference';
import { startTestApp, TestApp } from './support/test-app';

const reference = iso18626Reference('interlibrary loan: the XSD check of every message the gateway sends and answers');

async function schemaErrors(documents: readonly string[]): Promise<string[][]> {
  if (reference === undefined) return documents.map(() => []);
  return iso18626SchemaErrors(reference, '1.2', documents);
}

/**
 * Interlibrary loan through the real protocol, the gateway as requesting agency: a Request to the sandbox
 * library (Zwolle) with only the pseudonym, initials and surname of the member, the supplier's status
 * messages at POST /iso18626, our Received and ShippedReturn, closed by LoanCompleted; every message the
 * gateway writes schema-valid; the ledger and the member's access report say the library was told.
 */
describe('interlibrary loan (ISO 18626), as the requesting agency', () => {
  let gateway: TestApp;
  let gatewayUrl: string;
  let token: string;
  let member: ValidMember;
  const ibl = () => gateway.app.get(SandboxHost).get('ibl') as IblSandbox;
  const xml = { 'Content-Type': 'application/xml' };

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,ibl', SYNC_INTERVAL_MS: '0' } });
    await gateway.app.listen(0, '127.0.0.1');
    gatewayUrl = (await gateway.app.getUrl()).replace('[::1]', '127.0.0.1');
    const partner = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zwolle-ill', role: 'partner', partner: 'ibl' });
    expect(partner.status).toBe(201);
    token = partner.body.token as string;
    ibl().setPeer(`${gatewayUrl}/iso18626`, token);
    if (reference !== undefined) ibl().checkSchemaWith(async (document) => (await schemaErrors([document]))[0] ?? []);
    const members = (await gateway.http.get('/api/v1/sandbox/members?limit=40').set(gateway.as('operator'))).body as ValidMember[];
    const found = members.find((candidate) => candidate.email !== undefined && candidate.name.lastName !== '' && (candidate.addresses ?? []).length > 0);
    if (found === undefined) throw new Error('the test needs a sandbox member with an e-mail address and an address');
    member = found;
  });
  afterAll(async () => {
    await ibl()?.idle();
    await gateway?.close();
  });

  it('runs a loan from Request to LoanCompleted, with only the pseudonym, initials and surname of the member, every message schema-valid', async () => {
    const made = await gateway.http
      .post('/api/v1/partners/ibl/requests')
      .set(gateway.as('operator'))
      .send({ memberId: member.memberId, supplyingAgencyId: IBL_SANDBOX_AGENCY.value, item: { title: 'De avonden', author: 'Gerard Reve', isbn: '9789023417735' }, pickupBranchId: 'staphorst-centrum' });
    expect(made.status).toBe(202);
    expect(made.body).toEqual({ requestId: expect.stringMatching(/^BGW-ILL-/), state: 'Requested' });
    const requestId = made.body.requestId as string;

    // What the supplying library received: one Request, its patron part the release's pseudonym, initials and surname only.
    const [received] = ibl().received();
    expect(received).toMatchObject({ messageKind: 'request', messageStatus: 'OK' });
    const read = readIso18626(received?.body ?? '');
    if (!read.ok || read.message.kind !== 'request') throw new Error('the supplier did not receive a readable Request');
    expect(read.message.header).toMatchObject({ requestingAgencyRequestId: requestId, requestingAgencyId: IBL_LIBRARY_AGENCY, supplyingAgencyId: IBL_SANDBOX_AGENCY });
    const patron = read.message.patronInfo ?? {};
    expect(Object.keys(patron).sort()).toEqual(['givenName', 'patronId', 'surname']);
    expect(patron.patronId).not.toBe(member.memberId);
    expect(patron.patronId).not.toBe(member.cardNumber);
    expect(patron.surname).toContain(member.name.lastName);
    expect(patron.givenName).toMatch(/^([A-Z]\.)+$/u);
    for (const secret of [member.email, member.cardNumber, member.phone, member.addresses?.[0]?.street, member.addresses?.[0]?.postalCode, member.birthDate]) {
      if (secret !== undefined && secret !== '') expect(received?.body).not.toContain(secret);
    }
    expect(read.message.bibliographicInfo).toMatchObject({ title: 'De avonden', author: 'Gerard Reve' });

    // The sandbox library's script: ExpectToSupply, WillSupply, Loaned, each confirmed OK by the gateway.
    await ibl().idle();
    let loan = (await gateway.http.get(`/api/v1/partners/ibl/requests/${requestId}`).set(gateway.as('officer'))).body;
    expect(loan.state).toBe('Loaned');

    const received1 = await gateway.http.post(`/api/v1/partners/ibl/requests/${requestId}/actions`).set(gateway.as('operator')).send({ action: 'Received' });
    expect(received1.status).toBe(200);
    expect(received1.body.state).toBe('Received');
    const shipped = await gateway.http.post(`/api/v1/partners/ibl/requests/${requestId}/actions`).set(gateway.as('operator')).send({ action: 'ShippedReturn' });
    expect(shipped.body.state).toBe('ShippedReturn');
    await ibl().idle();

    loan = (await gateway.http.get(`/api/v1/partners/ibl/requests/${requestId}`).set(gateway.as('auditor'))).body;
    expect(loan.state).toBe('LoanCompleted');
    expect(loan.history.map((entry: { by: string; event: string }) => `${entry.by}:${entry.event}`)).toEqual([
      'library:Request',
      'supplier:ExpectToSupply',
      'supplier:WillSupply',
      'supplier:Loaned',
      'library:Received',
      'library:ShippedReturn',
      'supplier:LoanCompleted',
    ]);
    expect(loan).toMatchObject({ memberId: member.memberId, supplyingAgencyId: IBL_SANDBOX_AGENCY.value, item: { title: 'De avonden', isbn: '9789023417735' } });
    const shown = JSON.stringify(loan);
    for (const secret of [member.email, member.cardNumber, member.name.lastName, patron.patronId]) if (secret !== undefined) expect(shown).not.toContain(secret);

    // Every message the gateway sent (Request, Received, ShippedReturn) and every confirmation it gave: schema-valid and OK.
    const sentByGateway = ibl().received();
    expect(sentByGateway.map((entry) => entry.messageKind)).toEqual(['request', 'requestingAgencyMessage', 'requestingAgencyMessage']);
    for (const entry of sentByGateway) expect(entry.messageStatus).toBe('OK');
    const answers = ibl().sent();
    expect(answers).toHaveLength(4);
    for (const answer of answers) {
      expect(answer.httpStatus).toBe(200);
      expect(answer.confirmation).toMatchObject({ ok: true, message: { kind: 'supplyingAgencyMessageConfirmation', confirmationHeader: { messageStatus: 'OK', requestingAgencyRequestId: requestId } } });
    }
    expect(await schemaErrors([...sentByGateway.map((entry) => entry.body), ...answers.map((answer) => answer.answer)])).toEqual(sentByGateway.map(() => []).concat(answers.map(() => [])));

    // The loan is closed: nothing more to do, and a late status is refused.
    const late = await gateway.http.post(`/api/v1/partners/ibl/requests/${requestId}/actions`).set(gateway.as('operator')).send({ action: 'Cancel' });
    expect(late.status).toBe(409);

    // The ledger has the one disclosure, with the paths that left; the member's access report names the libraries.
    const ledger = (await gateway.http.get('/api/v1/disclosures?partner=ibl&limit=50').set(gateway.as('auditor'))).body;
    expect(ledger.total).toBe(1);
    expect(ledger.items[0]).toMatchObject({ memberId: member.memberId, purpose: 'interlibrary-loan' });
    const paths = ledger.items[0].fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(expect.arrayContaining(['memberId', 'name.firstNames', 'name.lastName']));
    expect(paths).not.toContain('email');
    expect(paths).not.toContain('phone');
    const report = (await gateway.http.get(`/api/v1/members/${member.memberId}/disclosure-report`).set(gateway.as('officer'))).body;
    expect(report.recipients.map((recipient: { partner: string }) => recipient.partner)).toContain('ibl');
  });

  it('answers a status for an unknown request ERROR UnrecognisedDataValue, an unreadable one BadlyFormedMessage, and refuses other credentials', async () => {
    const status = writeIso18626({
      kind: 'supplyingAgencyMessage',
      header: { supplyingAgencyId: IBL_SANDBOX_AGENCY, requestingAgencyId: IBL_LIBRARY_AGENCY, timestamp: new Date().toISOString(), requestingAgencyRequestId: 'BGW-ILL-NO-SUCH-REQUEST', supplyingAgencyRequestId: 'ZWOLLE-999' },
      messageInfo: { reasonForMessage: 'StatusChange' },
      statusInfo: { status: 'Loaned', lastChange: new Date().toISOString() },
    });
    const unknown = await gateway.http.post('/iso18626').set({ Authorization: `Bearer ${token}`, ...xml }).send(status);
    expect(unknown.status).toBe(200);
    const answer = readIso18626(unknown.text);
    expect(answer).toMatchObject({ ok: true, message: { kind: 'supplyingAgencyMessageConfirmation', confirmationHeader: { messageStatus: 'ERROR', requestingAgencyRequestId: 'BGW-ILL-NO-SUCH-REQUEST' }, errorData: { errorType: 'UnrecognisedDataValue' } } });
    expect(await schemaErrors([unknown.text])).toEqual([[]]);

    const garbled = await gateway.http.post('/iso18626').set({ Authorization: `Bearer ${token}`, ...xml }).send('<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><supplyingAgencyMessage>');
    expect(readIso18626(garbled.text)).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'ERROR' }, errorData: { errorType: 'BadlyFormedMessage' } } });
    expect(await schemaErrors([garbled.text])).toEqual([[]]);

    // Staff credentials and another partner's credential are refused.
    const staff = await gateway.http.post('/iso18626').set({ ...gateway.as('operator'), ...xml }).send(status);
    expect(staff.status).toBe(403);
    expect(readIso18626(staff.text)).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'ERROR' } } });
    expect(await schemaErrors([staff.text])).toEqual([[]]);
    const kb = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kb-not-ill', role: 'partner', partner: 'kb' })).body.token as string;
    expect((await gateway.http.post('/iso18626').set({ Authorization: `Bearer ${kb}`, ...xml }).send(status)).status).toBe(403);
    expect((await gateway.http.post('/iso18626').set(xml).send(status)).status).toBe(401);
  });

  it("keeps a Request the supplier refuses as 'Refused' with its error type", async () => {
    ibl().reset();
    ibl().setFault({ kind: 'reject400' });
    const made = await gateway.http.post('/api/v1/partners/ibl/requests').set(gateway.as('operator')).send({ memberId: member.memberId, item: { title: 'Het diner' } });
    ibl().setFault({ kind: 'none' });
    expect(made.status).toBe(202);
    expect(made.body).toMatchObject({ state: 'Refused', errorType: 'BadlyFormedMessage' });
    const action = await gateway.http.post(`/api/v1/partners/ibl/requests/${made.body.requestId as string}/actions`).set(gateway.as('operator')).send({ action: 'Cancel' });
    expect(action.status).toBe(409);
  });
});
