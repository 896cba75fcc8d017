import { join } from 'node:path';
import { realisticMember } from '../../../test/factories/member.factory';
import { bodyContent, cardServiceSchemaErrors } from '../../../test/support/card-service-schema';
import { MappingFailed } from '../../errors/partner-errors';
import { compilePolicy } from '../../policy/policy.compiler';
import { policyContentHash } from '../../policy/policy.hash';
import { loadPolicyDirectory } from '../../policy/policy.loader';
import { UnsafeXml } from '../xml/xml-safety';
import { operationForPurpose, provinceRequestEnvelope, provinceRequestFor, readProvinceRequest } from './province-request';
import { MalformedEnvelope } from './soap-envelope';
import { XmlNotWellFormed } from '../xml/xml-tree';

const NOW = Date.parse('2026-06-01T10:00:00Z');
const document = loadPolicyDirectory(join(__dirname, '..', '..', '..', 'policies')).find((p) => p.partner === 'overijssel')?.document;
if (document === undefined) throw new Error('no overijssel policy');
const policy = compilePolicy(document, { version: 1, contentHash: policyContentHash(document), pseudonymSecret: Buffer.from('overijssel test secret') });

describe('overijssel mapping: requests to the province', () => {
  it('picks the operation by purpose, and refuses a purpose the card service has no operation for', () => {
    expect(['registration', 'deregistration', 'member-lookup'].map(operationForPurpose)).toEqual(['RegisterMember', 'DeregisterMember', 'UpdateMemberStatus']);
    expect(() => operationForPurpose('newsletter')).toThrow(MappingFailed);
  });

  it('writes the whole SOAP 1.1 envelope, deterministically, escaping text', () => {
    const envelope = provinceRequestEnvelope({ operation: 'DeregisterMember', member: { Reference: 'r<1>', CardNumber: 'A1234', Name: { LastName: 'Bosch & "Zn"' } } });
    expect(envelope).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
        '<DeregisterMember xmlns="urn:bieb-gateway:overijssel:card-service:v1"><Member><Reference>r&lt;1&gt;</Reference><CardNumber>A1234</CardNumber>' +
        '<Name><LastName>Bosch &amp; &quot;Zn&quot;</LastName></Name></Member></DeregisterMember></soap:Body></soap:Envelope>',
    );
    expect(readProvinceRequest(envelope).member.Name).toEqual({ LastName: 'Bosch & "Zn"' });
  });

  it('reads every envelope it writes back as the same request', () => {
    for (const purpose of document.purposes.map((p) => p.id)) {
      for (let seed = 1; seed <= 10; seed++) {
        const request = provinceRequestFor(purpose, policy.release(realisticMember(seed), purpose, NOW).fields);
        expect(readProvinceRequest(provinceRequestEnvelope(request))).toEqual(request);
      }
    }
  });

  it("writes bodies that are valid against the WSDL's schema, for every purpose", async () => {
    const bodies = document.purposes.flatMap((p) => [1, 2, 3].map((seed) => bodyContent(provinceRequestEnvelope(provinceRequestFor(p.id, policy.release(realisticMember(seed), p.id, NOW).fields)))));
    expect(await cardServiceSchemaErrors(bodies)).toEqual(bodies.map(() => []));
  });

  it.each([
    ['a DTD', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', UnsafeXml],
    ['text that is not well-formed', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>', XmlNotWellFormed],
    ['another root', '<Envelope/>', MalformedEnvelope],
    ['a Body with two elements', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a/><b/></s:Body></s:Envelope>', MalformedEnvelope],
    ['an operation of another namespace', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><RegisterMember xmlns="urn:other"/></s:Body></s:Envelope>', MalformedEnvelope],
    ['a Member without a CardNumber', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><RegisterMember xmlns="urn:bieb-gateway:overijssel:card-service:v1"><Member/></RegisterMember></s:Body></s:Envelope>', MalformedEnvelope],
  ])('refuses %s when reading a request', (_case, xml, error) => {
    expect(() => readProvinceRequest(xml)).toThrow(error);
  });

  it('accepts any prefix for the namespaces, as XML allows', () => {
    const xml =
      '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:bieb-gateway:overijssel:card-service:v1"><e:Header/><e:Body>' +
      '<p:UpdateMemberStatus><p:Member><p:CardNumber>A1234</p:CardNumber><p:Membership><p:Status>blocked</p:Status></p:Membership></p:Member></p:UpdateMemberStatus></e:Body></e:Envelope>';
    expect(readProvinceRequest(xml)).toEqual({ operation: 'UpdateMemberStatus', member: { CardNumber: 'A1234', Membership: { Status: 'blocked' } } });
  });
});
