import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { MemberNotFound, PartnerUnavailable } from '../../../src/connectors/sdk/connector-errors';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, failure, signal } from './hka-sandbox';

describe('hka connector against the Wise sandbox: PIN checks', () => {
  const sandbox = new WiseSandbox({ seed: 53 });
  let connector: HkaConnector;

  beforeAll(async () => sandbox.start());
  afterAll(async () => sandbox.stop());
  beforeEach(() => {
    sandbox.reset();
    connector = connectTo(sandbox.settings());
  });
  afterEach(async () => connector.close());

  it('asks Wise whether the PIN is right, by card or by patron id, and keeps the PIN out of the recording', async () => {
    const [member] = sandbox.members(1);
    const card = member?.cardNumber as string;
    const pin = sandbox.pinOf(card) as string;
    expect(pin).toMatch(/^\d{4}$/);
    expect(await connector.verifyPin({ cardNumber: card }, pin, signal())).toBe(true);
    expect(await connector.verifyPin({ memberId: member?.memberId as string }, pin, signal())).toBe(true);
    expect(await connector.verifyPin({ cardNumber: card }, `${pin}0`, signal())).toBe(false);
    const checks = sandbox.received().filter((request) => request.path === '/library/STA/patronauthentication');
    expect(checks).toHaveLength(3);
    for (const check of checks) expect(check.body).toBe('[redacted]');
  });

  it('an unknown card is MemberNotFound, a failing Wise a transient error', async () => {
    expect(await failure(connector.verifyPin({ cardNumber: '00000000000000' }, '1234', signal()))).toBeInstanceOf(MemberNotFound);
    sandbox.setFault('error500');
    expect(await failure(connector.verifyPin({ cardNumber: '00000000000000' }, '1234', signal()))).toBeInstanceOf(PartnerUnavailable);
  });
});
