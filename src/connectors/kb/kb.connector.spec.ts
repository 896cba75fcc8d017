import { ncipProblem, writeProblemMessage } from '../../mapping/ncip/ncip-problem';
import { toNcipRegistration } from '../../mapping/ncip/ncip-registration';
import { writeRegistrationResponse } from '../../mapping/ncip/ncip-registration-response';
import { KbSandbox } from '../../sandbox/kb/kb.sandbox';
import { COMMON_SETTINGS, PreparedMessage } from '../sdk/connector';
import { PartnerProtocolError, PartnerRejected, PartnerTimeout, PartnerUnavailable } from '../sdk/connector-errors';
import { readSettings } from '../sdk/connector-settings';
import { checkRegistrationAnswer } from './kb-answer';
import { KbConnector } from './kb.connector';
import { kbSettings } from './kb.settings';

describe('KB connector against the KB sandbox', () => {
  const sandbox = new KbSandbox();
  let connector: KbConnector;
  const connect = (overrides: Record<string, string> = {}) => new KbConnector(readSettings('kb', { ...COMMON_SETTINGS, ...kbSettings }, { ...sandbox.settings(), ...overrides }));
  const registration = (fields: Record<string, unknown>, context = connector.ncipContext): PreparedMessage => ({
    contentType: 'application/xml; charset=utf-8',
    body: toNcipRegistration('UpdateUser', fields, context),
    route: { method: 'POST', service: 'UpdateUser' },
  });
  const deliver = (message: PreparedMessage, deliveryId: string, to = connector) => to.deliver(message, { deliveryId, signal: AbortSignal.timeout(5000) });

  beforeAll(async () => {
    await sandbox.start();
    connector = connect();
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.reset());

  it('registers, applies a repeated delivery once, and deregisters', async () => {
    const message = registration({ memberId: 'P1', cardNumber: '21234', membership: { status: 'active' } });
    await expect(deliver(message, 'd-1')).resolves.toEqual({});
    await expect(deliver(message, 'd-1')).resolves.toEqual({});
    expect(sandbox.received().map((r) => [r.service, r.idempotencyKey, r.duplicate])).toEqual([['UpdateUser', 'd-1', false], ['UpdateUser', 'd-1', true]]);
    expect(sandbox.register.user('P1')).toEqual({ memberId: 'P1', cardNumber: '21234', membership: { status: 'active' } });
    const deletion = { contentType: message.contentType, body: toNcipRegistration('DeleteUser', { memberId: 'P1' }, connector.ncipContext), route: { method: 'POST', service: 'DeleteUser' } };
    await deliver(deletion, 'd-2');
    expect(sandbox.register.size()).toBe(0);
  });

  it("turns the KB's Problem into PartnerRejected naming its type, never its values", async () => {
    const stranger = { ...connector.ncipContext, agencyId: 'NL-SOMEONE-ELSE' };
    const attempt = deliver(registration({ memberId: 'P2' }, stranger), 'd-3');
    await expect(attempt).rejects.toBeInstanceOf(PartnerRejected);
    await expect(deliver(registration({ memberId: 'P2' }, stranger), 'd-4')).rejects.toThrow('NCIP Unauthorized Service For Agency');
  });

  it('refuses (400 → PartnerRejected) what fails the installed schema check', async () => {
    sandbox.checkSchemaWith(async () => ['Element X: not expected']);
    try {
      await expect(deliver(registration({ memberId: 'P3' }), 'd-5')).rejects.toBeInstanceOf(PartnerRejected);
      expect(sandbox.received()[0]?.schemaErrors).toEqual(['Element X: not expected']);
      expect(sandbox.register.size()).toBe(0);
    } finally {
      sandbox.checkSchemaWith(undefined);
    }
  });

  it('refuses a wrong API key at the KB (401 → PartnerRejected)', async () => {
    await expect(deliver(registration({ memberId: 'P4' }), 'd-6', connect({ KB_API_KEY: 'a-wrong-key-of-16-chars' }))).rejects.toBeInstanceOf(PartnerRejected);
  });

  it('takes a 500 for "not now" (PartnerUnavailable) and a KB that does not answer in time for a timeout', async () => {
    sandbox.setFault({ kind: 'error500' });
    await expect(deliver(registration({ memberId: 'P5' }), 'd-7')).rejects.toMatchObject({ constructor: PartnerUnavailable, message: expect.stringContaining('HTTP 500') as unknown });
    sandbox.setFault({ kind: 'slow', ms: 1500 });
    const impatient = connect({ KB_TIMEOUT_MS: '200' });
    const started = Date.now();
    await expect(deliver(registration({ memberId: 'P6' }), 'd-8', impatient)).rejects.toBeInstanceOf(PartnerTimeout);
    expect(Date.now() - started).toBeLessThan(1200);
    // The caller's own deadline ends it too.
    await expect(connector.deliver(registration({ memberId: 'P7' }), { deliveryId: 'd-9', signal: AbortSignal.timeout(100) })).rejects.toBeInstanceOf(PartnerTimeout);
    sandbox.setFault({ kind: 'none' });
  });

  it('asks LookupAgency for its health and is down when the KB is not there', async () => {
    await expect(connector.health(AbortSignal.timeout(3000))).resolves.toEqual({ status: 'up' });
    expect(sandbox.received()).toEqual([]);
    const gone = connect({ KB_BASE_URL: 'http://127.0.0.1:9/ncip' });
    await expect(gone.health(AbortSignal.timeout(3000))).resolves.toMatchObject({ status: 'down' });
  });
});

describe("reading the KB's answer to a registration", () => {
  const ok = writeRegistrationResponse('UpdateUser', { value: 'P1' });

  it.each([
    ['a temporary Problem', writeProblemMessage([ncipProblem('temporaryProcessingFailure')], 'UpdateUserResponse'), PartnerUnavailable],
    ['another Problem', writeProblemMessage([ncipProblem('neededDataMissing')], 'UpdateUserResponse'), PartnerRejected],
    ['the answer to another service', writeRegistrationResponse('DeleteUser', { value: 'P1' }), PartnerProtocolError],
    ['malformed XML', '<ns1:NCIPMessage xmlns:ns1="http://www.niso.org/2008/ncip"><ns1:UpdateUserResponse>', PartnerProtocolError],
    ['XML with a DTD', `<!DOCTYPE x [<!ENTITY e "e">]>${ok.replace(/^<\?xml[^>]*>/, '')}`, PartnerProtocolError],
    ['JSON', '{"ok":true}', PartnerProtocolError],
  ])('treats %s as a typed error', (_case, answer, expected) => {
    expect(() => checkRegistrationAnswer('kb', 'UpdateUser', answer)).toThrow(expected);
  });

  it('accepts the response to the service it sent', () => {
    expect(() => checkRegistrationAnswer('kb', 'UpdateUser', ok)).not.toThrow();
  });

  it('does not repeat a value it cannot vouch for in its error', () => {
    const odd = writeProblemMessage([{ type: 'P100234 <x>', scheme: 'urn:x' }], 'UpdateUserResponse');
    expect(() => checkRegistrationAnswer('kb', 'UpdateUser', odd)).toThrow('NCIP an unreadable value');
  });
});
