import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { confirmationFor } from '../../src/mapping/iso18626/iso18626-confirmation';
import { readIso18626 } from '../../src/mapping/iso18626/iso18626-reader';
import { IllRequestState, nextState } from '../../src/mapping/iso18626/iso18626-state';
import { Iso18626Action, Iso18626Message, ISO18626_NAMESPACE, SupplyingAgencyMessage } from '../../src/mapping/iso18626/iso18626-types';
import { isoTimestamp, writeIso18626, writeRequest, writeRequestingAgencyMessage } from '../../src/mapping/iso18626/iso18626-writer';
import { receivedListing } from '../../src/sandbox/received-listing';
import { IBL_LIBRARY_AGENCY, IBL_SANDBOX_AGENCY, IblSandbox, iblSandbox } from '../../src/sandbox/ibl/ibl.sandbox';
import { iso18626Reference, iso18626SchemaErrors } from '../support/iso18626-reference';

const reference = iso18626Reference('ibl sandbox: checking the messages it sends and answers against the ISO 18626 v1.2 XSD');
const GATEWAY_TOKEN = 'gateway-partner-token-ibl';

/** Schema errors of each document (none when the reference files are absent: the NOT RUN note says so). */
async function schemaErrors(documents: readonly string[]): Promise<string[][]> {
  if (reference === undefined) return documents.map(() => []);
  return iso18626SchemaErrors(reference, '1.2', documents);
}

/** The gateway's side in the test: a local listener that records what the library posts and confirms it. */
class GatewayListener {
  readonly bodies: string[] = [];
  readonly authorizations: Array<string | undefined> = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await text(req);
        this.bodies.push(body);
        this.authorizations.push(req.headers.authorization);
        const now = isoTimestamp(new Date());
        const confirmation = confirmationFor(readIso18626(body), { received: now, now });
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end(confirmation === undefined ? '' : writeIso18626(confirmation));
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/iso18626`;
  }

  messages(): Iso18626Message[] {
    return this.bodies.map((body) => {
      const read = readIso18626(body);
      if (!read.ok) throw new Error(`the listener got an unreadable message: ${read.errorValue}`);
      return read.message;
    });
  }

  statuses(): string[] {
    return this.messages().flatMap((message) => (message.kind === 'supplyingAgencyMessage' ? [message.statusInfo.status] : []));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function header(requestId: string) {
  return { supplyingAgencyId: IBL_SANDBOX_AGENCY, requestingAgencyId: IBL_LIBRARY_AGENCY, timestamp: isoTimestamp(new Date()), requestingAgencyRequestId: requestId };
}

function gatewayRequest(requestId: string): string {
  return writeRequest({
    header: header(requestId),
    bibliographicInfo: { title: 'Het Achterhuis', author: 'Anne Frank', itemIds: [{ code: 'ISBN', identifier: '9789044331409' }] },
    serviceInfo: { requestType: 'New', requestSubType: 'PatronRequest', serviceType: 'Loan' },
    pickupLocation: { line1: 'Bibliotheek Staphorst', locality: 'Staphorst' },
    patronInfo: { patronId: 'ibl-7d1e0c2b', surname: 'Mulder', givenName: 'A.' },
  });
}

function action(requestId: string, act: Iso18626Action): string {
  return writeRequestingAgencyMessage({ header: header(requestId), action: act });
}

describe('the ibl sandbox: a second library speaking ISO 18626', () => {
  let sandbox: IblSandbox;
  let gateway: GatewayListener;
  let settings: Readonly<Record<string, string>>;

  async function post(body: string, authorization = `Bearer ${settings.IBL_API_KEY}`): Promise<{ status: number; body: string }> {
    const response = await fetch(settings.IBL_BASE_URL as string, { method: 'POST', headers: { 'Content-Type': 'application/xml', Authorization: authorization }, body });
    return { status: response.status, body: await response.text() };
  }

  beforeEach(async () => {
    gateway = new GatewayListener();
    await gateway.start();
    sandbox = new IblSandbox({ schedule: 'manual', peerUrl: gateway.url, peerToken: GATEWAY_TOKEN });
    await sandbox.start();
    settings = sandbox.settings();
  });

  afterEach(async () => {
    await sandbox.stop();
    await gateway.stop();
  });

  it('names its settings: the endpoint, the key and both agencies', () => {
    expect(settings).toEqual({
      IBL_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/iso18626$/),
      IBL_API_KEY: expect.any(String),
      IBL_AGENCY_ID: 'NL-ZWOLLE',
      IBL_LIBRARY_AGENCY_ID: 'NL-STAPHORST',
    });
    expect(iblSandbox.partner).toBe('ibl');
  });

  it('runs a loan with the gateway: confirmation, Loaned, Received, ShippedReturn, LoanCompleted — every message schema-valid', async () => {
    const request = gatewayRequest('STAPHORST-IBL-000101');
    const answer = await post(request);
    expect(answer.status).toBe(200);
    expect(readIso18626(answer.body)).toMatchObject({
      ok: true,
      message: { kind: 'requestConfirmation', confirmationHeader: { messageStatus: 'OK', requestingAgencyRequestId: 'STAPHORST-IBL-000101', supplyingAgencyId: IBL_SANDBOX_AGENCY } },
    });
    expect(sandbox.statusOf('STAPHORST-IBL-000101')).toBe('RequestReceived');

    let state: IllRequestState = 'Requested';
    const supplied = await sandbox.supply('STAPHORST-IBL-000101', 'Loaned');
    expect(supplied.confirmation).toMatchObject({ ok: true, message: { kind: 'supplyingAgencyMessageConfirmation', confirmationHeader: { messageStatus: 'OK' } } });
    const loaned = gateway.messages()[0] as SupplyingAgencyMessage;
    expect(loaned).toMatchObject({ kind: 'supplyingAgencyMessage', header: { requestingAgencyRequestId: 'STAPHORST-IBL-000101' }, statusInfo: { status: 'Loaned' } });
    expect(loaned.statusInfo.dueDate).toBeDefined();
    expect(gateway.authorizations[0]).toBe(`Bearer ${GATEWAY_TOKEN}`);
    state = nextState(state, { by: 'supplier', status: loaned.statusInfo.status }).state;

    const confirmations: string[] = [answer.body];
    for (const act of ['Received', 'ShippedReturn'] as const) {
      const step = nextState(state, { by: 'requester', action: act });
      expect(step.ok).toBe(true);
      state = step.state;
      const reply = await post(action('STAPHORST-IBL-000101', act));
      expect(readIso18626(reply.body)).toMatchObject({ ok: true, message: { kind: 'requestingAgencyMessageConfirmation', action: act, confirmationHeader: { messageStatus: 'OK' } } });
      confirmations.push(reply.body);
    }
    await sandbox.idle();
    expect(gateway.statuses()).toEqual(['Loaned', 'LoanCompleted']);
    state = nextState(state, { by: 'supplier', status: 'LoanCompleted' }).state;
    expect(state).toBe('LoanCompleted');
    expect(sandbox.statusOf('STAPHORST-IBL-000101')).toBe('LoanCompleted');

    expect(await schemaErrors([...confirmations, ...gateway.bodies])).toEqual([...confirmations, ...gateway.bodies].map(() => []));
    // What it received, byte for byte and in order.
    const received = sandbox.received();
    expect(received.map((message) => message.messageKind)).toEqual(['request', 'requestingAgencyMessage', 'requestingAgencyMessage']);
    expect(received[0]?.body).toBe(request);
    expect(received[0]?.bytes.equals(Buffer.from(request, 'utf8'))).toBe(true);
    expect(received.map((message) => message.messageStatus)).toEqual(['OK', 'OK', 'OK']);
    // As GET /api/v1/sandbox/ibl/received lists it.
    const listing = receivedListing('ibl', received, 0, 10);
    expect(listing.items[0]).toMatchObject({ index: 0, body: request, sha256: createHash('sha256').update(request, 'utf8').digest('hex'), messageKind: 'request', messageStatus: 'OK' });
  });

  it('sends the scripted statuses by itself, and Cancelled when the request is cancelled before the loan', async () => {
    const scripted = new IblSandbox({ peerUrl: gateway.url, peerToken: GATEWAY_TOKEN, scriptDelayMs: 5 });
    await scripted.start();
    try {
      const key = scripted.settings().IBL_API_KEY as string;
      const send = (body: string) => fetch(scripted.settings().IBL_BASE_URL as string, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body });
      await send(gatewayRequest('STAPHORST-IBL-000201'));
      await scripted.idle();
      expect(gateway.statuses()).toEqual(['ExpectToSupply', 'WillSupply', 'Loaned']);
      expect(gateway.messages()[0]).toMatchObject({ messageInfo: { reasonForMessage: 'RequestResponse' } });
    } finally {
      await scripted.stop();
    }
    await post(gatewayRequest('STAPHORST-IBL-000202'));
    await sandbox.supply('STAPHORST-IBL-000202', 'ExpectToSupply');
    await post(action('STAPHORST-IBL-000202', 'Cancel'));
    await sandbox.idle();
    expect(gateway.messages().at(-1)).toMatchObject({ messageInfo: { reasonForMessage: 'CancelResponse', answerYesNo: 'Y' }, statusInfo: { status: 'Cancelled' } });
    expect(await schemaErrors(gateway.bodies)).toEqual(gateway.bodies.map(() => []));
  });

  it('answers ERROR confirmations, schema-valid, for what it cannot read or does not know', async () => {
    const answers = [
      await post('this is no XML'),
      await post(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request xmlns="${ISO18626_NAMESPACE}">&x;</request>`),
      await post(gatewayRequest('STAPHORST-IBL-000301').replace(/<timestamp>[^<]*<\/timestamp>/, '')),
      await post(action('STAPHORST-IBL-999999', 'Received')),
      await post(gatewayRequest('STAPHORST-IBL-000302').replace('<agencyIdValue>NL-ZWOLLE</agencyIdValue>', '<agencyIdValue>NL-DEVENTER</agencyIdValue>')),
    ];
    await post(gatewayRequest('STAPHORST-IBL-000303'));
    answers.push(await post(action('STAPHORST-IBL-000303', 'ShippedForward')));
    const reads = answers.map((answer) => readIso18626(answer.body));
    expect(reads.map((read) => read.ok && 'confirmationHeader' in read.message && read.message.confirmationHeader.messageStatus)).toEqual(['ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR']);
    expect(reads.map((read) => read.ok && 'errorData' in read.message && read.message.errorData?.errorType)).toEqual([
      'BadlyFormedMessage',
      'BadlyFormedMessage',
      'BadlyFormedMessage',
      'UnrecognisedDataValue',
      'UnrecognisedDataValue',
      'UnsupportedActionType',
    ]);
    expect(reads[3]).toMatchObject({ ok: true, message: { kind: 'requestingAgencyMessageConfirmation' } });
    expect(await schemaErrors(answers.map((answer) => answer.body))).toEqual(answers.map(() => []));
    expect(answers.every((answer) => !answer.body.includes('passwd'))).toBe(true);
    // Without the key: 401, recorded all the same.
    const before = sandbox.received().length;
    expect((await post(gatewayRequest('STAPHORST-IBL-000304'), 'Bearer wrong')).status).toBe(401);
    expect(sandbox.received()).toHaveLength(before + 1);
    expect(sandbox.statusOf('STAPHORST-IBL-000304')).toBeUndefined();
  });

  it('acts as a requesting library: a Request to the gateway for a Staphorst item, and confirms the supplier messages', async () => {
    const sent = await sandbox.sendRequest(gateway.url, { title: 'Titaantjes', author: 'Nescio', isbn: '9789025304514', supplierUniqueRecordId: 'STA-000123' }, { patronId: 'zwolle-p-42', surname: 'Visser', givenName: 'M.' });
    expect(sent.confirmation).toMatchObject({ ok: true, message: { kind: 'requestConfirmation', confirmationHeader: { messageStatus: 'OK' } } });
    const request = gateway.messages()[0];
    expect(request).toMatchObject({
      kind: 'request',
      header: { supplyingAgencyId: IBL_LIBRARY_AGENCY, requestingAgencyId: IBL_SANDBOX_AGENCY, requestingAgencyRequestId: sent.requestId },
      bibliographicInfo: { title: 'Titaantjes', supplierUniqueRecordId: 'STA-000123', itemIds: [{ code: 'ISBN', identifier: '9789025304514' }] },
      patronInfo: { patronId: 'zwolle-p-42', surname: 'Visser', givenName: 'M.' },
    });
    expect(await schemaErrors(gateway.bodies)).toEqual([[]]);
    // The gateway, as supplier, answers with a status.
    const status = writeIso18626({
      kind: 'supplyingAgencyMessage',
      header: { supplyingAgencyId: IBL_LIBRARY_AGENCY, requestingAgencyId: IBL_SANDBOX_AGENCY, timestamp: isoTimestamp(new Date()), requestingAgencyRequestId: sent.requestId, supplyingAgencyRequestId: 'STA-IBL-1' },
      messageInfo: { reasonForMessage: 'RequestResponse' },
      statusInfo: { status: 'WillSupply', lastChange: isoTimestamp(new Date()) },
    });
    const reply = await post(status);
    expect(readIso18626(reply.body)).toMatchObject({ ok: true, message: { kind: 'supplyingAgencyMessageConfirmation', reasonForMessage: 'RequestResponse', confirmationHeader: { messageStatus: 'OK' } } });
    expect(sandbox.askedStatusOf(sent.requestId)).toBe('WillSupply');
    const action = await sandbox.sendAction(gateway.url, sent.requestId, 'Cancel');
    expect(action.confirmation).toMatchObject({ ok: true, message: { kind: 'requestingAgencyMessageConfirmation', action: 'Cancel' } });
    expect(sandbox.sent()).toHaveLength(2);
  });

  it('can refuse what is not schema-valid when a check is installed, and forgets everything on reset', async () => {
    if (reference !== undefined) {
      sandbox.checkSchemaWith(async (xml) => (await iso18626SchemaErrors(reference, '1.2', [xml]))[0] ?? []);
      const invalid = gatewayRequest('STAPHORST-IBL-000401').replace('<serviceType>Loan</serviceType>', '<serviceType>Loan</serviceType><serviceType>Copy</serviceType>');
      const answer = readIso18626((await post(invalid)).body);
      expect(answer).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'ERROR' }, errorData: { errorType: 'BadlyFormedMessage' } } });
      expect(sandbox.received()[0]?.schemaErrors?.length).toBeGreaterThan(0);
      expect(readIso18626((await post(gatewayRequest('STAPHORST-IBL-000402'))).body)).toMatchObject({ ok: true, message: { confirmationHeader: { messageStatus: 'OK' } } });
    }
    sandbox.reset();
    expect(sandbox.received()).toEqual([]);
    expect(sandbox.statusOf('STAPHORST-IBL-000402')).toBeUndefined();
  });
});
