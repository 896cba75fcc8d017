import fc from 'fast-check';
import { confirmationFor } from '../../src/mapping/iso18626/iso18626-confirmation';
import { Iso18626FieldRefused } from '../../src/mapping/iso18626/iso18626-errors';
import { readIso18626 } from '../../src/mapping/iso18626/iso18626-reader';
import { Iso18626Message, Iso18626Request, ISO18626_NAMESPACE } from '../../src/mapping/iso18626/iso18626-types';
import { ISO18626_LIMITS, writeIso18626, writeRequest, writeRequestingAgencyMessage, writeSupplyingAgencyMessage } from '../../src/mapping/iso18626/iso18626-writer';
import { iso18626Reference, iso18626SchemaErrors } from '../support/iso18626-reference';
import { HEADER, requestArbitrary, SAMPLE_MESSAGES, SAMPLE_REQUEST, SAMPLE_REQUESTING, SAMPLE_SUPPLYING } from './iso18626-messages';

const reference = iso18626Reference('ISO 18626 schema validation and reference messages');
/** A test that needs the shared schemas: without them it passes empty, and the NOT RUN note says so. */
function withReference(name: string, test: () => unknown): void {
  it(name, async () => {
    if (reference === undefined) return;
    await test();
  });
}

function refusal(write: () => unknown): Iso18626FieldRefused {
  try {
    write();
  } catch (error) {
    if (error instanceof Iso18626FieldRefused) return error;
    throw error;
  }
  throw new Error('the writer did not refuse');
}

describe('ISO 18626 writers', () => {
  withReference('write every message kind valid against the v1.2 XSD (the default)', async () => {
    const documents = SAMPLE_MESSAGES.map((message) => writeIso18626(message));
    expect(await iso18626SchemaErrors(reference!, '1.2', documents)).toEqual(documents.map(() => []));
    for (const document of documents) expect(document).toContain('ill:version="1.2"');
  });

  withReference('write every message kind valid against the 2021-2 XSD on request', async () => {
    const documents = SAMPLE_MESSAGES.map((message) => writeIso18626(message, { version: '2021-2' }));
    expect(await iso18626SchemaErrors(reference!, '2021-2', documents)).toEqual(documents.map(() => []));
  });

  withReference('write a minimal message of each kind valid too (empty multipleItemRequestId in v1.2, no optional parts)', async () => {
    const minimal: Iso18626Message[] = [
      { kind: 'request', header: HEADER, bibliographicInfo: { title: 'Max Havelaar' } },
      { kind: 'supplyingAgencyMessage', header: HEADER, messageInfo: { reasonForMessage: 'RequestResponse' }, statusInfo: { status: 'ExpectToSupply', lastChange: HEADER.timestamp } },
      { kind: 'requestingAgencyMessage', header: HEADER, action: 'Received' },
      { kind: 'requestConfirmation', confirmationHeader: { timestamp: HEADER.timestamp, timestampReceived: HEADER.timestamp, messageStatus: 'OK' } },
    ];
    const v12 = minimal.map((message) => writeIso18626(message));
    expect(await iso18626SchemaErrors(reference!, '1.2', v12)).toEqual(v12.map(() => []));
    expect(v12[0]).toContain('<multipleItemRequestId></multipleItemRequestId>');
    // 2021-2 requires serviceInfo in a Request: the writer refuses rather than write an invalid one.
    expect(refusal(() => writeIso18626(minimal[0]!, { version: '2021-2' })).path).toBe('request/serviceInfo');
    const v2021 = minimal.slice(1).map((message) => writeIso18626(message, { version: '2021-2' }));
    expect(await iso18626SchemaErrors(reference!, '2021-2', v2021)).toEqual(v2021.map(() => []));
  });

  withReference('write any valid Request schema-valid in both versions (property, 40 runs in one xmllint batch)', async () => {
    const samples = fc.sample(requestArbitrary, 40);
    const v12 = samples.map((request) => writeIso18626(request));
    expect(await iso18626SchemaErrors(reference!, '1.2', v12)).toEqual(v12.map(() => []));
    const v2021 = samples.map((request) => writeIso18626(request, { version: '2021-2' }));
    expect(await iso18626SchemaErrors(reference!, '2021-2', v2021)).toEqual(v2021.map(() => []));
  });

  it('refuse missing required fields, naming the path and never the value', () => {
    const { header: _header, ...noHeader } = SAMPLE_REQUEST;
    expect(refusal(() => writeIso18626({ ...noHeader } as Iso18626Request)).path).toBe('request');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, header: { ...HEADER, requestingAgencyRequestId: '' } })).path).toBe('request/header/requestingAgencyRequestId');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, header: { ...HEADER, supplyingAgencyId: undefined } })).path).toBe('request/header/supplyingAgencyId');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, bibliographicInfo: {} })).path).toBe('request/bibliographicInfo/title');
    const missingStatus = refusal(() => writeSupplyingAgencyMessage({ ...SAMPLE_SUPPLYING, statusInfo: { ...SAMPLE_SUPPLYING.statusInfo, lastChange: undefined as unknown as string } }));
    expect(missingStatus.path).toBe('supplyingAgencyMessage/statusInfo/lastChange');
    expect(missingStatus.reason).toBe('missing');
    const error = refusal(() => writeIso18626({ kind: 'requestConfirmation', confirmationHeader: { timestamp: HEADER.timestamp, timestampReceived: HEADER.timestamp, messageStatus: 'ERROR' } }));
    expect(error.path).toBe('requestConfirmation/errorData');
  });

  it('refuse over-long values and values outside their code list, without quoting them', () => {
    const secret = 'Geheime-Achternaam-'.repeat(10);
    const tooLong = refusal(() => writeRequest({ ...SAMPLE_REQUEST, patronInfo: { surname: secret } }));
    expect(tooLong).toMatchObject({ path: 'request/patronInfo/surname', reason: 'too-long', code: 'ISO18626_FIELD_REFUSED' });
    expect(tooLong.message).not.toContain('Geheime');
    expect(JSON.stringify(tooLong.details)).not.toContain('Geheime');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, patronInfo: { givenName: 'J'.repeat(ISO18626_LIMITS.givenName + 1) } })).path).toBe('request/patronInfo/givenName');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, bibliographicInfo: { title: 'x'.repeat(ISO18626_LIMITS.text + 1) } })).reason).toBe('too-long');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, header: { ...HEADER, timestamp: '3 december' } })).path).toBe('request/header/timestamp');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, serviceInfo: { serviceType: 'Lend' as 'Loan' } })).path).toBe('request/serviceInfo/serviceType');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, patronInfo: { email: 'geen-adres' } })).path).toBe('request/patronInfo/email');
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, bibliographicInfo: { title: 'bel\u0007' } })).reason).toBe('invalid');
  });

  it('write only the patron fields it knows: any other key is refused, not passed on', () => {
    const extra = { ...SAMPLE_REQUEST.patronInfo, dateOfBirth: '1970-01-01' } as Iso18626Request['patronInfo'];
    const refused = refusal(() => writeRequest({ ...SAMPLE_REQUEST, patronInfo: extra }));
    expect(refused).toMatchObject({ path: 'request/patronInfo/dateOfBirth', reason: 'not-allowed' });
    expect(refusal(() => writeRequest({ ...SAMPLE_REQUEST, patronInfo: { address: { line1: 'Gemeenteweg 1', street: 'x' } as never } })).path).toBe('request/patronInfo/address/street');
    // Without contact details nothing but what was passed appears.
    const xml = writeRequest(SAMPLE_REQUEST);
    expect(xml).not.toContain('electronicAddress');
    expect(xml).toContain('<patronId>ibl-5f2c9a41</patronId>');
  });

  it('refuse what a version does not have (a 2021-2 action in v1.2)', () => {
    expect(refusal(() => writeRequestingAgencyMessage({ ...SAMPLE_REQUESTING, action: 'HoldReturn' })).reason).toBe('not-in-version');
    expect(refusal(() => writeSupplyingAgencyMessage({ ...SAMPLE_SUPPLYING, statusInfo: { ...SAMPLE_SUPPLYING.statusInfo, status: 'HoldReturn' } })).reason).toBe('not-in-version');
    expect(writeRequestingAgencyMessage({ ...SAMPLE_REQUESTING, action: 'HoldReturn' }, { version: '2021-2' })).toContain('<action>HoldReturn</action>');
  });

  it('escape XML specials in values', () => {
    const xml = writeRequest({ ...SAMPLE_REQUEST, bibliographicInfo: { title: 'Tom & Jerry <deel 1> "x"' } });
    expect(xml).toContain('Tom &amp; Jerry &lt;deel 1&gt; &quot;x&quot;');
    const read = readIso18626(xml);
    expect(read.ok && read.message.kind === 'request' && read.message.bibliographicInfo.title).toBe('Tom & Jerry <deel 1> "x"');
  });
});

describe('ISO 18626 write → read', () => {
  it('reads every sample message back equal, in both versions', () => {
    for (const version of ['1.2', '2021-2'] as const) {
      for (const message of SAMPLE_MESSAGES) {
        const read = readIso18626(writeIso18626(message, { version }));
        expect(read).toEqual({ ok: true, version, message });
      }
    }
  });

  it('reads any valid Request back equal (property)', () => {
    fc.assert(
      fc.property(requestArbitrary, fc.constantFrom('1.2' as const, '2021-2' as const), (request, version) => {
        expect(readIso18626(writeIso18626(request, { version }))).toEqual({ ok: true, version, message: request });
      }),
    );
  });
});

describe('ISO 18626 reader', () => {
  withReference('reads every reference message from the public implementations', () => {
    const kinds: Record<string, string> = {};
    for (const [file, xml] of reference!.messages) {
      const read = readIso18626(xml);
      if (file === 'supplyingAgencyMessage_statusChange.xml') {
        // ReShare's template carries the placeholder status "status_holder": understood, and answered with an ERROR.
        expect(read).toMatchObject({ ok: false, kind: 'supplyingAgencyMessage', errorType: 'UnrecognisedDataValue', errorValue: 'supplyingAgencyMessage/statusInfo/status' });
        kinds[file] = 'error';
        continue;
      }
      expect({ file, ok: read.ok }).toEqual({ file, ok: true });
      if (read.ok) kinds[file] = read.message.kind;
    }
    expect(kinds).toMatchObject({
      'req.xml': 'request',
      'patronRequest.xml': 'request',
      'request-loaned.xml': 'request',
      'reqmsg-ok.xml': 'requestingAgencyMessage',
      'supmsg-ok.xml': 'supplyingAgencyMessage',
      'requestConfirmation.xml': 'requestConfirmation',
      'supplyingAgencyMessageConfirmation.xml': 'supplyingAgencyMessageConfirmation',
      'requestingAgencyMessageConfirmation.xml': 'requestingAgencyMessageConfirmation',
    });
  });

  withReference('understands the details of real messages (crosslink, ReShare)', () => {
    const loaned = readIso18626(reference!.messages.get('request-loaned.xml')!);
    expect(loaned).toMatchObject({
      ok: true,
      version: '1.2',
      message: {
        kind: 'request',
        header: { supplyingAgencyId: { type: 'ISIL', value: 'BROKER' }, requestingAgencyId: { type: 'ISIL', value: 'REQ' } },
        bibliographicInfo: { supplierUniqueRecordId: 'LOANED', title: 'Lord of the Rings', itemIds: [{ code: 'ISBN', identifier: '1983' }] },
        serviceInfo: { requestType: 'New', requestSubType: 'PatronRequest', serviceType: 'Loan' },
        pickupLocation: { line1: 'The Prancing Pony Inn, Bree' },
        patronInfo: { patronId: '123' },
      },
    });
    // ReShare writes the 2021 order (code before identifier) and leaves out the supplying agency.
    const patron = readIso18626(reference!.messages.get('patronRequest.xml')!);
    expect(patron.ok && patron.message.kind === 'request' && patron.message.bibliographicInfo.itemIds).toEqual([{ code: 'ISBN', identifier: '12321312' }]);
    expect(patron.ok && patron.message.kind === 'request' && patron.message.header.supplyingAgencyId).toBeUndefined();
    const cancel = readIso18626(reference!.messages.get('reqmsg-ok.xml')!);
    expect(cancel.ok && cancel.message.kind === 'requestingAgencyMessage' && cancel.message.action).toBe('Cancel');
    const supplied = readIso18626(reference!.messages.get('supmsg-ok.xml')!);
    expect(supplied.ok && supplied.message.kind === 'supplyingAgencyMessage' && supplied.message.statusInfo.status).toBeDefined();
  });

  it('turns an unknown action or status into a value for an ERROR confirmation', () => {
    const xml = writeRequestingAgencyMessage(SAMPLE_REQUESTING).replace('<action>ShippedReturn</action>', '<action>Teleport</action>');
    const read = readIso18626(xml);
    expect(read).toMatchObject({ ok: false, kind: 'requestingAgencyMessage', errorType: 'UnsupportedActionType', errorValue: 'requestingAgencyMessage/action' });
    const confirmation = confirmationFor(read, { received: '2026-12-03T10:00:01Z', now: '2026-12-03T10:00:02Z' });
    expect(confirmation).toMatchObject({
      kind: 'requestingAgencyMessageConfirmation',
      confirmationHeader: { messageStatus: 'ERROR', requestingAgencyRequestId: HEADER.requestingAgencyRequestId, supplyingAgencyId: HEADER.supplyingAgencyId },
      errorData: { errorType: 'UnsupportedActionType' },
    });
    expect(JSON.stringify(confirmation)).not.toContain('Teleport');
    const reason = readIso18626(writeSupplyingAgencyMessage(SAMPLE_SUPPLYING).replace('StatusChange', 'Gossip'));
    expect(reason).toMatchObject({ ok: false, errorType: 'UnsupportedReasonForMessageType' });
    const missing = readIso18626(writeRequest(SAMPLE_REQUEST).replace(/<timestamp>[^<]*<\/timestamp>/, ''));
    expect(missing).toMatchObject({ ok: false, kind: 'request', errorType: 'BadlyFormedMessage', errorValue: 'request/header/timestamp' });
    expect(readIso18626(`<ISO18626Message xmlns="${ISO18626_NAMESPACE}" version="1.2"><loanRequest/></ISO18626Message>`)).toMatchObject({ ok: false, errorType: 'UnrecognisedDataElement' });
    expect(readIso18626('<request xmlns="urn:other"/>')).toMatchObject({ ok: false, errorType: 'BadlyFormedMessage' });
  });

  withReference('the confirmations it builds are schema-valid, OK and ERROR', async () => {
    const inputs = [
      writeRequest(SAMPLE_REQUEST),
      writeSupplyingAgencyMessage(SAMPLE_SUPPLYING),
      writeRequestingAgencyMessage(SAMPLE_REQUESTING),
      'not xml',
      writeSupplyingAgencyMessage(SAMPLE_SUPPLYING).replace('<status>Loaned', '<status>Lost'),
      ...reference!.messages.values(),
    ];
    for (const version of ['1.2', '2021-2'] as const) {
      const times = { received: '2026-12-03T10:00:01Z', now: '2026-12-03T10:00:02Z', version };
      const answers = inputs.map((xml) => confirmationFor(readIso18626(xml), times)).filter((answer) => answer !== undefined);
      expect(answers.map((answer) => answer.confirmationHeader.messageStatus).slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'ERROR', 'ERROR']);
      const documents = answers.map((answer) => writeIso18626(answer, { version }));
      expect(await iso18626SchemaErrors(reference!, version, documents)).toEqual(documents.map(() => []));
    }
  });

  it('never throws for what a partner sends: any text, any mangled message gives a result (property)', () => {
    const valid = SAMPLE_MESSAGES.map((message) => writeIso18626(message));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.nat(), fc.string({ maxLength: 20 })).map(([xml, at, length, insert]) => xml.slice(0, at % xml.length) + insert + xml.slice((at % xml.length) + (length % 40)))), (text) => {
        const read = readIso18626(text);
        expect(typeof read.ok).toBe('boolean');
        if (!read.ok) {
          const answer = confirmationFor(read, { received: HEADER.timestamp, now: HEADER.timestamp });
          if (answer !== undefined) expect(() => writeIso18626(answer)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses hostile XML through the hardened reader: DTD, entities, depth, size, not XML', () => {
    const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><ISO18626Message xmlns="${ISO18626_NAMESPACE}"><request>&lol2;</request></ISO18626Message>`;
    expect(readIso18626(billionLaughs)).toMatchObject({ ok: false, errorType: 'BadlyFormedMessage', unsafe: 'doctype' });
    const external = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request xmlns="${ISO18626_NAMESPACE}">&x;</request>`;
    expect(readIso18626(external)).toMatchObject({ ok: false, unsafe: 'doctype' });
    expect(readIso18626(`<request xmlns="${ISO18626_NAMESPACE}">&unknown;</request>`)).toMatchObject({ ok: false, errorType: 'BadlyFormedMessage' });
    const deep = `<request xmlns="${ISO18626_NAMESPACE}">${'<a>'.repeat(100)}${'</a>'.repeat(100)}</request>`;
    expect(readIso18626(deep)).toMatchObject({ ok: false, unsafe: 'too-deep' });
    const large = writeRequest({ ...SAMPLE_REQUEST, serviceInfo: { serviceType: 'Loan', note: 'x'.repeat(1000) } }).replace('<note>', `<note>${'y'.repeat(300_000)}`);
    expect(readIso18626(large)).toMatchObject({ ok: false, unsafe: 'too-large' });
    expect(readIso18626(`<request xmlns="${ISO18626_NAMESPACE}"><?php evil ?></request>`)).toMatchObject({ ok: false, unsafe: 'processing-instruction' });
    expect(readIso18626('{"request": {}}')).toMatchObject({ ok: false, unsafe: 'not-xml' });
    expect(readIso18626('<request><header></request>')).toMatchObject({ ok: false, errorType: 'BadlyFormedMessage', errorValue: 'the document is not well-formed XML' });
  });
});
