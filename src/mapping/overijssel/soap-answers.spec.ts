import { bodyContent, cardServiceSchemaErrors } from '../../../test/support/card-service-schema';
import { UnsafeXml } from '../xml/xml-safety';
import { soapActionAgrees, WSU_NS } from './card-service.contract';
import { readLibraryRequest, UnknownOperation } from './library-request';
import { readMemberLookupAnswer } from './member-lookup-answer';
import { acknowledgementEnvelope, readProvinceAnswer } from './province-answer';
import { InvalidTimestamp } from './security-timestamp';
import { EnvelopeVersionMismatch, MalformedEnvelope, soapEnvelope } from './soap-envelope';
import { soapFaultEnvelope } from './soap-fault';

const NS = 'urn:bieb-gateway:overijssel:card-service:v1';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

function fault(code: string, detail = ''): string {
  return soapEnvelope(`<soap:Fault><faultcode>${code}</faultcode><faultstring>card 1234 of J. Berg unknown</faultstring>${detail}</soap:Fault>`);
}

describe('overijssel mapping: answers and faults', () => {
  it("reads the province's acknowledgement", () => {
    expect(readProvinceAnswer(acknowledgementEnvelope('RegisterMember', 'OV-1'), 'RegisterMember')).toEqual({ kind: 'acknowledged', provincialReference: 'OV-1' });
    expect(() => readProvinceAnswer(acknowledgementEnvelope('DeregisterMember', 'OV-1'), 'RegisterMember')).toThrow(MalformedEnvelope);
    expect(() => readProvinceAnswer(acknowledgementEnvelope('RegisterMember', ' '), 'RegisterMember')).toThrow(MalformedEnvelope);
  });

  it.each([
    ['soap:Client', 'Client'],
    ['SOAP-ENV:Server', 'Server'],
    ['Server.Database', 'Server'],
    ['s:Client.Authentication', 'Client'],
  ])('reads the fault code %s as %s, and keeps no fault string', (code, expected) => {
    const answer = readProvinceAnswer(fault(code), 'RegisterMember');
    expect(answer).toEqual({ kind: 'fault', faultCode: expected });
    expect(JSON.stringify(answer)).not.toContain('Berg');
  });

  it('reads the detail code of a ServiceFault, and only a code-shaped one', () => {
    const detail = (code: string) => `<detail><ServiceFault xmlns="${NS}"><Code>${code}</Code><Message>m</Message></ServiceFault></detail>`;
    expect(readProvinceAnswer(fault('soap:Client', detail('UNKNOWN_CARD')), 'RegisterMember')).toEqual({ kind: 'fault', faultCode: 'Client', code: 'UNKNOWN_CARD' });
    expect(readProvinceAnswer(fault('soap:Client', detail('card 1234 unknown')), 'RegisterMember')).toEqual({ kind: 'fault', faultCode: 'Client' });
  });

  it('writes faults whose detail is valid against the WSDL schema, and reads them back', async () => {
    const envelope = soapFaultEnvelope({ faultCode: 'Client', code: 'XML_REJECTED', message: 'XML with a <DTD> & more is refused' });
    expect(readMemberLookupAnswer(envelope)).toEqual({ kind: 'fault', faultCode: 'Client', code: 'XML_REJECTED' });
    expect(await cardServiceSchemaErrors([bodyContent(envelope)])).toEqual([[]]);
  });

  it('writes WS-Security faults with the wsse prefix bound, valid against the schema, and reads their code back', async () => {
    const envelope = soapFaultEnvelope({ faultCode: 'wsse:MessageExpired', code: 'MESSAGE_EXPIRED', message: 'The message has expired' });
    expect(envelope).toContain(`<soap:Fault xmlns:wsse="${WSSE}"><faultcode>wsse:MessageExpired</faultcode>`);
    expect(readMemberLookupAnswer(envelope)).toEqual({ kind: 'fault', faultCode: 'MessageExpired', code: 'MESSAGE_EXPIRED' });
    expect(readMemberLookupAnswer(soapFaultEnvelope({ faultCode: 'VersionMismatch', code: 'VERSION_MISMATCH', message: 'm' }))).toEqual({ kind: 'fault', faultCode: 'VersionMismatch', code: 'VERSION_MISMATCH' });
    expect(await cardServiceSchemaErrors([bodyContent(envelope)])).toEqual([[]]);
  });

  it('reads a MemberLookupResponse, and refuses other answers', () => {
    const answer = soapEnvelope(`<MemberLookupResponse xmlns="${NS}"><Member><CardNumber>A1234</CardNumber><HomeLibrary>STA</HomeLibrary></Member></MemberLookupResponse>`);
    expect(readMemberLookupAnswer(answer)).toEqual({ kind: 'member', member: { CardNumber: 'A1234', HomeLibrary: 'STA' } });
    expect(() => readMemberLookupAnswer(acknowledgementEnvelope('RegisterMember', 'x'))).toThrow(MalformedEnvelope);
  });

  describe('requests to the gateway', () => {
    const lookup = (header: string) => soapEnvelope(`<MemberLookup xmlns="${NS}"><CardNumber>A1234</CardNumber></MemberLookup>`, header);
    const token = (password: string) => `<wsse:Security xmlns:wsse="${WSSE}"><wsse:UsernameToken><wsse:Username> zwolle </wsse:Username>${password}</wsse:UsernameToken></wsse:Security>`;

    it('reads the UsernameToken: PasswordText by Type or by default, another profile flagged', () => {
      const text = `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">s3cr&amp;t</wsse:Password>`;
      expect(readLibraryRequest(lookup(token(text)))).toEqual({ operation: 'MemberLookup', token: { username: 'zwolle', password: 's3cr&t', passwordText: true } });
      expect(readLibraryRequest(lookup(token('<wsse:Password>p</wsse:Password>'))).token?.passwordText).toBe(true);
      const digest = '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">p</wsse:Password>';
      expect(readLibraryRequest(lookup(token(digest))).token?.passwordText).toBe(false);
    });

    it('has no token without a wsse:Security header, or with one in another namespace', () => {
      expect(readLibraryRequest(lookup(''))).toEqual({ operation: 'MemberLookup' });
      expect(readLibraryRequest(lookup(token('<wsse:Password>p</wsse:Password>').replace(WSSE, 'urn:not-wsse')))).toEqual({ operation: 'MemberLookup' });
    });

    it('reads the wsu:Timestamp of the Security header, and refuses one it cannot read', () => {
      const stamp = (created: string) => `<wsse:Security xmlns:wsse="${WSSE}"><wsu:Timestamp xmlns:wsu="${WSU_NS}"><wsu:Created>${created}</wsu:Created></wsu:Timestamp></wsse:Security>`;
      expect(readLibraryRequest(lookup(stamp('2020-01-01T00:00:00Z')))).toEqual({ operation: 'MemberLookup', timestamp: { created: Date.parse('2020-01-01T00:00:00Z') } });
      expect(() => readLibraryRequest(lookup(stamp('soon')))).toThrow(InvalidTimestamp);
    });

    it('refuses an envelope of another SOAP version as a version mismatch', () => {
      const soap12 = lookup('').replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope');
      expect(() => readLibraryRequest(soap12)).toThrow(EnvelopeVersionMismatch);
    });

    it.each([
      [undefined, true],
      ['""', true],
      [`"${NS}#MemberLookup"`, true],
      [` ${NS}#MemberLookup `, true],
      [`"${NS}#RegisterMember"`, false],
      ['"MemberLookup"', false],
      [`"${NS}#MemberLookup`, false],
    ])('SOAPAction %j agrees with MemberLookup: %s', (header, agrees) => {
      expect(soapActionAgrees(header, 'MemberLookup')).toBe(agrees);
    });

    it('refuses other operations, unsafe XML and non-envelopes', () => {
      expect(() => readLibraryRequest(soapEnvelope(`<RegisterMember xmlns="${NS}"/>`))).toThrow(UnknownOperation);
      expect(() => readLibraryRequest(`<!DOCTYPE x><x/>`)).toThrow(UnsafeXml);
      expect(() => readLibraryRequest(`<MemberLookup xmlns="${NS}"/>`)).toThrow(MalformedEnvelope);
      expect(() => readLibraryRequest(lookup('').replace('<soap:Body>', `<soap:Body>${'<a>'.repeat(30)}${'</a>'.repeat(30)}`))).toThrow(UnsafeXml);
    });
  });
});
