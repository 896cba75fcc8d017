import { join } from 'node:path';
import { realisticMember } from '../../../test/factories/member.factory';
import { compilePolicy } from '../../policy/policy.compiler';
import { policyContentHash } from '../../policy/policy.hash';
import { loadPolicyDirectory } from '../../policy/policy.loader';
import { OverijsselSandbox } from '../../sandbox/overijssel/card-service.sandbox';
import { COMMON_SETTINGS, PreparedMessage } from '../sdk/connector';
import { PartnerProtocolError, PartnerRejected, PartnerUnavailable } from '../sdk/connector-errors';
import { readSettings } from '../sdk/connector-settings';
import { prepareForPartner } from '../sdk/sendable';
import { OverijsselConnector } from './overijssel.connector';
import { overijsselSettings } from './overijssel.settings';

const document = loadPolicyDirectory(join(__dirname, '..', '..', '..', 'policies')).find((p) => p.partner === 'overijssel')?.document;
if (document === undefined) throw new Error('no overijssel policy');
const policy = compilePolicy(document, { version: 1, contentHash: policyContentHash(document), pseudonymSecret: Buffer.from('overijssel test secret') });

describe('the Overijssel connector against the simulated card service', () => {
  const sandbox = new OverijsselSandbox();
  let connector: OverijsselConnector;
  const connect = (env: Record<string, string> = {}) => new OverijsselConnector(readSettings('overijssel', { ...COMMON_SETTINGS, ...overijsselSettings }, { ...sandbox.settings(), ...env }));
  const message = (purpose: string, seed = 5): PreparedMessage => prepareForPartner(connector, policy.release(realisticMember(seed), purpose));
  const deliver = (m: PreparedMessage, deliveryId: string, to = connector) => to.deliver(m, { deliveryId, signal: AbortSignal.timeout(5000) });

  beforeAll(async () => {
    await sandbox.start();
    connector = connect();
  });
  afterAll(async () => {
    await connector.close();
    await sandbox.stop();
  });
  beforeEach(() => sandbox.reset());

  it('routes each purpose to its operation with its SOAPAction', () => {
    expect(['registration', 'deregistration', 'member-lookup'].map((purpose) => message(purpose).route)).toEqual([
      { operation: 'RegisterMember', soapAction: 'urn:bieb-gateway:overijssel:card-service:v1#RegisterMember' },
      { operation: 'DeregisterMember', soapAction: 'urn:bieb-gateway:overijssel:card-service:v1#DeregisterMember' },
      { operation: 'UpdateMemberStatus', soapAction: 'urn:bieb-gateway:overijssel:card-service:v1#UpdateMemberStatus' },
    ]);
  });

  it("registers a member and returns the province's reference; a repeated delivery id is applied once", async () => {
    const registration = message('registration');
    const first = await deliver(registration, 'delivery-1');
    const again = await deliver(registration, 'delivery-1');
    expect(first.partnerReference).toMatch(/^OV-\d{8}$/);
    expect(again).toEqual(first);
    expect(sandbox.received().map((r) => [r.idempotencyKey, r.duplicate])).toEqual([
      ['delivery-1', false],
      ['delivery-1', true],
    ]);
    expect(sandbox.register.size()).toBe(1);
    expect((await deliver(registration, 'delivery-2')).partnerReference).not.toBe(first.partnerReference);
  });

  it('deregisters, also a card the province does not hold (idempotent)', async () => {
    await deliver(message('registration', 6), 'r');
    await deliver(message('deregistration', 6), 'd');
    await deliver(message('deregistration', 7), 'd2');
    expect(sandbox.register.size()).toBe(0);
  });

  it('turns faults into typed errors with the fault code, never the fault string', async () => {
    sandbox.setFault({ kind: 'error500' });
    await expect(deliver(message('registration'), 'a')).rejects.toEqual(new PartnerUnavailable('overijssel', 'soap:Server SERVICE_UNAVAILABLE'));
    sandbox.setFault({ kind: 'reject400' });
    await expect(deliver(message('registration'), 'b')).rejects.toEqual(new PartnerRejected('overijssel', 'soap:Client INVALID_REQUEST'));
    sandbox.setFault({ kind: 'malformed-json' });
    await expect(deliver(message('registration'), 'c')).rejects.toBeInstanceOf(PartnerProtocolError);
  });

  it('is rejected with a wrong account, without retrying', async () => {
    const wrong = connect({ OVERIJSSEL_PASSWORD: 'not-the-password-of-the-library' });
    await expect(deliver(message('registration'), 'w', wrong)).rejects.toEqual(new PartnerRejected('overijssel', 'soap:Client AUTHENTICATION_FAILED'));
    await wrong.close();
  });

  it('reports health from the WSDL, and is unavailable when the service is gone', async () => {
    await expect(connector.health(AbortSignal.timeout(2000))).resolves.toEqual({ status: 'up' });
    const gone = connect({ OVERIJSSEL_ENDPOINT_URL: 'http://127.0.0.1:9/provinciale-pas' });
    await expect(gone.health(AbortSignal.timeout(2000))).resolves.toEqual({ status: 'down', detail: 'PARTNER_UNAVAILABLE' });
    await expect(deliver(message('registration'), 'g', gone)).rejects.toBeInstanceOf(PartnerUnavailable);
    await gone.close();
  });
});
