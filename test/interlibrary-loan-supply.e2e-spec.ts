import { DataSource } from 'typeorm';
import { readIso18626 } from '../src/mapping/iso18626/iso18626-reader';
import { IBL_LIBRARY_AGENCY, IBL_SANDBOX_AGENCY, IblPatron, IblSandbox } from '../src/sandbox/ibl/ibl.sandbox';
import { SandboxHost } from '../src/sandbox/sandbox-host';
import { iso18626Reference, iso18626SchemaErrors } from './support/iso18626-reference';
import { startTestApp, TestApp } from './support/test-app';

const reference = iso18626Reference('interlibrary loan (supplying): the XSD check of every message the gateway sends and answers');

async function schemaErrors(documents: readonly string[]): Promise<string[][]> {
  if (reference === undefined) return documents.map(() => []);
  return iso18626SchemaErrors(reference, '1.2', documents);
}

interface SupplyRow {
  id: string;
  requesting_agency_id: string;
  requesting_agency_request_id: string;
  state: string;
  patron_id: string | null;
  patron_name: string | null;
  [column: string]: unknown;
}

/**
 * Interlibrary loan through the real protocol, the gateway as supplying agency: the sandbox library (Zwolle)
 * asks for one of Staphorst's items for a patron of its own, sent with e-mail and address too; the gateway
 * keeps only the patron id and a name for the pickup slip, the operator's WillSupply and Loaned reach Zwolle
 * schema-valid, Zwolle's Received and ShippedReturn are confirmed, LoanCompleted follows and the patron
 * data is forgotten.
 */
describe('interlibrary loan (ISO 18626), as the supplying agency', () => {
  let gateway: TestApp;
  let endpoint: string;
  let token: string;
  const ibl = () => gateway.app.get(SandboxHost).get('ibl') as IblSandbox;
  const rowOf = async (theirRequestId: string): Promise<SupplyRow | undefined> =>
    ((await gateway.app.get(DataSource).query('SELECT * FROM ill_supplies WHERE requesting_agency_request_id = ?', [theirRequestId])) as SupplyRow[])[0];

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,ibl', SYNC_INTERVAL_MS: '0' } });
    await gateway.app.listen(0, '127.0.0.1');
    endpoint = `${(await gateway.app.getUrl()).replace('[::1]', '127.0.0.1')}/iso18626`;
    const partner = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'zwolle-ill-supply', role: 'partner', partner: 'ibl' });
    expect(partner.status).toBe(201);
    token = partner.body.token as string;
    ibl().setPeer(endpoint, token);
    if (reference !== undefined) ibl().checkSchemaWith(async (document) => (await schemaErrors([document]))[0] ?? []);
  });
  afterAll(async () => {
    await ibl()?.idle();
    await gateway?.close();
  });

  it('supplies a loan from Request to LoanCompleted, keeping only the patron id and a name, and forgetting both at the end', async () => {
    // Zwolle's patron, sent with more than the loan needs: the gateway must not keep the e-mail, phone or address.
    const patron = {
      patronId: 'ZW-PATRON-4711',
      surname: 'Jansen',
      givenName: 'Pieter Jan',
      email: 'p.jansen@example.org',
      phone: '+31 38 123 4567',
      address: { line1: 'Melkmarkt 12', locality: 'Zwolle', postalCode: '8011 MC', country: 'NL' },
    } as IblPatron;
    const asked = await ibl().sendRequest(endpoint, { title: 'Het Staphorster dorp', author: 'J. de Vries', isbn: '9789012345672', supplierUniqueRecordId: 'STAP-REC-42' }, patron, token);
    expect(asked.httpStatus).toBe(200);
    expect(asked.confirmation).toMatchObject({
      ok: true,
      message: { kind: 'requestConfirmation', confirmationHeader: { messageStatus: 'OK', requestingAgencyRequestId: asked.requestId, requestingAgencyId: IBL_SANDBOX_AGENCY, supplyingAgencyId: IBL_LIBRARY_AGENCY } },
    });
    // The sandbox did send the e-mail and address: the gateway had them and dropped them.
    expect(asked.body).toContain('p.jansen@example.org');

    const row = await rowOf(asked.requestId);
    if (row === undefined) throw new Error('no supply row for the request');
    expect(row).toMatchObject({ requesting_agency_id: IBL_SANDBOX_AGENCY.value, state: 'RequestReceived', patron_id: 'ZW-PATRON-4711', patron_name: 'Jansen, P.J.' });
    const stored = JSON.stringify(row);
    for (const secret of ['p.jansen@example.org', '123 4567', 'Melkmarkt', '8011', 'Pieter']) expect(stored).not.toContain(secret);

    // The operator's statuses: each a SupplyingAgencyMessage Zwolle receives, reads and finds schema-valid.
    const supplyId = row.id;
    for (const status of ['WillSupply', 'Loaned'] as const) {
      const set = await gateway.http.post(`/api/v1/partners/ibl/supplies/${supplyId}/status`).set(gateway.as('operator')).send({ status });
      expect(set.status).toBe(200);
      expect(set.body.state).toBe(status);
      expect(ibl().askedStatusOf(asked.requestId)).toBe(status);
    }
    const statuses = ibl().received().filter((entry) => entry.messageKind === 'supplyingAgencyMessage');
    expect(statuses).toHaveLength(2);
    for (const entry of statuses) {
      expect(entry.messageStatus).toBe('OK');
      const read = readIso18626(entry.body);
      if (!read.ok || read.message.kind !== 'supplyingAgencyMessage') throw new Error('Zwolle did not receive a readable SupplyingAgencyMessage');
      expect(read.message.header).toMatchObject({ supplyingAgencyId: IBL_LIBRARY_AGENCY, requestingAgencyId: IBL_SANDBOX_AGENCY, requestingAgencyRequestId: asked.requestId, supplyingAgencyRequestId: supplyId });
      expect(entry.body).not.toContain('ZW-PATRON-4711');
      expect(entry.body).not.toContain('Jansen');
    }
    expect(await schemaErrors(statuses.map((entry) => entry.body))).toEqual([[], []]);
    // A status that no longer fits is refused without a message.
    expect((await gateway.http.post(`/api/v1/partners/ibl/supplies/${supplyId}/status`).set(gateway.as('operator')).send({ status: 'WillSupply' })).status).toBe(409);
    expect((await gateway.http.post(`/api/v1/partners/ibl/supplies/${supplyId}/status`).set(gateway.as('officer')).send({ status: 'Unfilled' })).status).toBe(403);

    // Staff see the loan with their patron id and nothing else of the patron.
    const shown = await gateway.http.get(`/api/v1/partners/ibl/supplies/${supplyId}`).set(gateway.as('auditor'));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ supplyId, requestingAgencyRequestId: asked.requestId, patronId: 'ZW-PATRON-4711', state: 'Loaned', item: { title: 'Het Staphorster dorp', isbn: '9789012345672', recordId: 'STAP-REC-42' } });
    expect(JSON.stringify(shown.body)).not.toContain('Jansen');
    const listed = await gateway.http.get('/api/v1/partners/ibl/supplies').set(gateway.as('officer'));
    expect(listed.status).toBe(200);
    expect(listed.body.map((supply: { supplyId: string }) => supply.supplyId)).toContain(supplyId);

    // Zwolle's Received and ShippedReturn: confirmed OK; LoanCompleted follows and the patron data goes.
    for (const action of ['Received', 'ShippedReturn'] as const) {
      const sent = await ibl().sendAction(endpoint, asked.requestId, action, token);
      expect(sent.httpStatus).toBe(200);
      expect(sent.confirmation).toMatchObject({ ok: true, message: { kind: 'requestingAgencyMessageConfirmation', action, confirmationHeader: { messageStatus: 'OK', requestingAgencyRequestId: asked.requestId } } });
    }
    let closed = (await gateway.http.get(`/api/v1/partners/ibl/supplies/${supplyId}`).set(gateway.as('operator'))).body;
    for (let attempt = 0; attempt < 100 && !closed.history.some((entry: { event: string; messageStatus?: string }) => entry.event === 'LoanCompleted' && entry.messageStatus !== undefined); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      closed = (await gateway.http.get(`/api/v1/partners/ibl/supplies/${supplyId}`).set(gateway.as('operator'))).body;
    }
    expect(closed).toMatchObject({ state: 'LoanCompleted', patronId: null });
    expect(closed.history.map((entry: { by: string; event: string }) => `${entry.by}:${entry.event}`)).toEqual([
      'requester:Request',
      'library:WillSupply',
      'library:Loaned',
      'requester:Received',
      'requester:ShippedReturn',
      'library:LoanCompleted',
    ]);
    expect(ibl().askedStatusOf(asked.requestId)).toBe('LoanCompleted');
    const completed = ibl().received().filter((entry) => entry.messageKind === 'supplyingAgencyMessage');
    expect(completed).toHaveLength(3);
    expect(completed[2]?.messageStatus).toBe('OK');
    expect(await schemaErrors([completed[2]?.body ?? ''])).toEqual([[]]);

    const forgotten = await rowOf(asked.requestId);
    expect(forgotten).toMatchObject({ id: supplyId, requesting_agency_request_id: asked.requestId, state: 'LoanCompleted', patron_id: null, patron_name: null });

    // Every confirmation the gateway gave Zwolle: schema-valid.
    const answers = ibl().sent().map((sent) => sent.answer);
    expect(await schemaErrors(answers)).toEqual(answers.map(() => []));
  });

  it('answers a duplicate Request ERROR and refuses a credential that is not the partner library', async () => {
    const patron: IblPatron = { patronId: 'ZW-PATRON-0815', surname: 'Bakker', givenName: 'A.' };
    const first = await ibl().sendRequest(endpoint, { title: 'Boerderijen in Staphorst' }, patron, token);
    expect(first.confirmation).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'OK' } } });
    // The same request id again (a retry of a message already handled): ERROR, and one row.
    const again = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/xml', Authorization: `Bearer ${token}` }, body: first.body });
    expect(again.status).toBe(200);
    const answer = await again.text();
    expect(readIso18626(answer)).toMatchObject({
      ok: true,
      message: { kind: 'requestConfirmation', confirmationHeader: { messageStatus: 'ERROR', requestingAgencyRequestId: first.requestId }, errorData: { errorType: 'UnrecognisedDataValue' } },
    });
    expect(await schemaErrors([answer])).toEqual([[]]);
    expect((await gateway.app.get(DataSource).query('SELECT id FROM ill_supplies WHERE requesting_agency_request_id = ?', [first.requestId])) as unknown[]).toHaveLength(1);

    // An unreadable Request: ERROR BadlyFormedMessage.
    const garbled = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/xml', Authorization: `Bearer ${token}` }, body: '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"><request>' });
    expect(readIso18626(await garbled.text())).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'ERROR' }, errorData: { errorType: 'BadlyFormedMessage' } } });

    // Another partner's credential and a staff credential: 403, nothing stored.
    const kb = (await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'kb-not-ill-supply', role: 'partner', partner: 'kb' })).body.token as string;
    const wrong = await ibl().sendRequest(endpoint, { title: 'Klederdracht' }, patron, kb);
    expect(wrong.httpStatus).toBe(403);
    const staff = await gateway.http.post('/iso18626').set({ ...gateway.as('operator'), 'Content-Type': 'application/xml' }).send(wrong.body);
    expect(staff.status).toBe(403);
    expect((await gateway.app.get(DataSource).query('SELECT id FROM ill_supplies WHERE requesting_agency_request_id = ?', [wrong.requestId])) as unknown[]).toHaveLength(0);
  });
});
