import { connect, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from './support/test-app';

function open(port: number): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
    socket.on('error', () => undefined);
  });
}

/** Limits that keep one caller from stalling everyone: each is a 4xx or a closed connection, never a 500. */
describe('HTTP limits', () => {
  let gateway: TestApp;
  let port: number;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { CONNECTORS: 'none', HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_HEADERS_TIMEOUT_MS: '500', JSON_MAX_DEPTH: '64' } });
    await gateway.app.listen(0, '127.0.0.1');
    port = (gateway.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('refuses JSON nested deeper than JSON_MAX_DEPTH before parsing it, with a 400', async () => {
    const deep = `{"partner":"kb","purpose":"single-identity","member":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const response = await gateway.http.post('/api/v1/preview').set(gateway.as('officer')).set('Content-Type', 'application/json').send(deep);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('JSON_TOO_DEEP');
    // Brackets inside strings do not count.
    const quoted = await gateway.http.post('/api/v1/preview').set(gateway.as('officer')).set('Content-Type', 'application/json').send(`{"partner":"kb","purpose":"x","member":{"memberId":"${'['.repeat(500)}"}}`);
    expect(quoted.body.error?.code).not.toBe('JSON_TOO_DEEP');
  });

  it('cuts off a request whose body is dripped in slowly', async () => {
    const { socket, closed } = await open(port);
    socket.write(`POST /api/v1/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nAuthorization: Bearer ${gateway.staff.officer}\r\n\r\n{`);
    const drip = setInterval(() => socket.writable && socket.write(' '), 150);
    try {
      expect(await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))])).toBeGreaterThan(0);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('closes idle connections, so that many of them hold nothing for long', async () => {
    const idle = await Promise.all(Array.from({ length: 20 }, () => open(port)));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(idle.filter(({ socket }) => !socket.destroyed)).toHaveLength(0);
    expect((await gateway.http.get('/health')).status).toBe(200);
  });

  it('marks every answer that can carry member data as not to be stored', async () => {
    const answer = await gateway.http.get('/api/v1/disclosures').set(gateway.as('auditor'));
    expect(answer.headers['cache-control']).toBe('no-store');
    const refused = await gateway.http.get('/api/v1/disclosures');
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});
