import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WiseSandbox } from '../../../src/sandbox/wise/wise-sandbox';
import { connectTo, signal } from './hka-sandbox';

/**
 * A kept-alive connection the lending system closed just as the gateway reused it resets at once. A read
 * (GET) is sent again on a fresh connection instead of failing the member's exchange; a write is not.
 */
describe('hka connector: a reset kept-alive connection', () => {
  const wise = new WiseSandbox({ seed: 31 });
  let proxy: Server;
  let resetNext = false;
  let resets = 0;

  beforeAll(async () => {
    await wise.start();
    const target = new URL(wise.settings().HKA_BASE_URL as string);
    // Forwards to the Wise sandbox, but resets the connection of the next GET when asked to.
    proxy = createServer((req, res) => {
      if (req.method === 'GET' && resetNext) {
        resetNext = false;
        resets += 1;
        req.socket.destroy();
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, path: `${target.pathname.replace(/\/$/, '')}${req.url ?? ''}`, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await wise.stop();
  });

  it('sends a read again on a fresh connection, once', async () => {
    const base = new URL(wise.settings().HKA_BASE_URL as string);
    const connector = connectTo({ ...wise.settings(), HKA_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${base.pathname}` });
    const [member] = wise.members(1);
    if (member === undefined) throw new Error('no member');
    expect(await connector.health(signal())).toEqual({ status: 'up' });
    resetNext = true;
    const loaded = await connector.lookup({ memberId: member.memberId }, signal());
    expect(loaded.memberId).toBe(member.memberId);
    expect(resets).toBe(1);
    await connector.close();
  });
});
