import { createServer } from 'node:net';
import { HkaConnector } from '../../../src/connectors/hka/hka.connector';
import { PartnerProtocolError, PartnerRejected, PartnerTimeout, PartnerUnavailable } from '../../../src/connectors/sdk/connector-errors';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, failure, release, signal } from './hka-sandbox';

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('hka connector against the Wise sandbox: partner faults become typed errors', () => {
  const sandbox = new WiseSandbox({ seed: 23 });
  let connector: HkaConnector;
  let memberId: string;

  beforeAll(async () => sandbox.start());
  afterAll(async () => sandbox.stop());
  beforeEach(async () => {
    sandbox.reset();
    // 1 s: time enough for a first login on a busy machine, and still far below the faults' delays.
    connector = connectTo(sandbox.settings(), { HKA_TIMEOUT_MS: '1000' });
    memberId = sandbox.members(1)[0]?.memberId ?? '';
    // Logged in beforehand, so that each fault hits the data endpoint, not the login.
    expect(await connector.health(signal())).toEqual({ status: 'up' });
  });
  afterEach(async () => connector.close());

  it('a 500 becomes PartnerUnavailable (retry later), and health says down', async () => {
    sandbox.setFault('error500');
    const error = await failure(connector.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerUnavailable);
    expect(error.transient).toBe(true);
    expect(await connector.health(signal())).toEqual({ status: 'down', detail: 'hka is unavailable: HTTP 500' });
  });

  it('malformed JSON becomes PartnerProtocolError', async () => {
    sandbox.setFault('malformed-json');
    const error = await failure(connector.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerProtocolError);
    expect(error.message).not.toContain('1000001');
  });

  it("a 400 becomes PartnerRejected with the partner's reason (no retry)", async () => {
    sandbox.setFault('reject400');
    const error = await failure(connector.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerRejected);
    expect(error.transient).toBe(false);
    expect((error as PartnerRejected).reason).toBe('request refused by the sandbox (fault reject400)');
  });

  it('a slow partner becomes PartnerTimeout within the timeout (1000 ms), not after the partner answers', async () => {
    sandbox.setFault('slow', 4000);
    const started = Date.now();
    const error = await failure(connector.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerTimeout);
    expect(error.message).toContain('1000 ms');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("the caller's abort ends the call as PartnerTimeout", async () => {
    sandbox.setFault('slow', 3000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await failure(connector.pullDelta('2025-08-01', controller.signal))).toBeInstanceOf(PartnerTimeout);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a slow delivery times out too, and the repeat with the same delivery id is not applied twice', async () => {
    const member = sandbox.members(1)[0];
    if (member === undefined) throw new Error('no member');
    const message = connector.prepare(release(member, 'consents'));
    sandbox.setFault('slow', 1200);
    expect(await failure(connector.deliver(message, { deliveryId: 'slow-1', signal: signal() }))).toBeInstanceOf(PartnerTimeout);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    sandbox.setFault('none');
    await connector.deliver(message, { deliveryId: 'slow-1', signal: signal() });
    expect(sandbox.deliveryCounts()).toEqual({ applied: 1, duplicates: 1 });
  });

  it('a wrong WISE_KEY is refused: PartnerRejected naming the key, not retried', async () => {
    sandbox.setWrongKey(true);
    sandbox.expireTokens();
    const error = await failure(connector.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerRejected);
    expect(error.transient).toBe(false);
    expect(error.message).toContain('invalid WISE_KEY');
  });

  it('a wrong API key or staff password in the settings is refused at login', async () => {
    const wrongKey = connectTo(sandbox.settings(), { HKA_API_KEY: 'not-the-key' });
    const wrongPassword = connectTo(sandbox.settings(), { HKA_STAFF_PASSWORD: 'not-the-password' });
    expect((await failure(wrongKey.lookup({ memberId }, signal()))).message).toBe('hka rejected the message: staff login refused: invalid WISE_KEY');
    expect((await failure(wrongPassword.lookup({ memberId }, signal()))).message).toBe('hka rejected the message: staff login refused: invalid username or password');
    await wrongKey.close();
    await wrongPassword.close();
  });

  it('a partner that does not listen becomes PartnerUnavailable (ECONNREFUSED)', async () => {
    const nowhere = connectTo(sandbox.settings(), { HKA_BASE_URL: `http://127.0.0.1:${await closedPort()}` });
    const error = await failure(nowhere.lookup({ memberId }, signal()));
    expect(error).toBeInstanceOf(PartnerUnavailable);
    expect(error.message).toContain('ECONNREFUSED');
    expect(await nowhere.health(signal())).toMatchObject({ status: 'down' });
    await nowhere.close();
  });
});
