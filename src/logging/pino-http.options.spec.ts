import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { pinoHttpOptions } from './pino-http.options';

describe('request logs', () => {
  let server: Server;
  let lines: string[];

  beforeEach(async () => {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logRequest = pinoHttp(pinoHttpOptions('info'), sink);
    server = createServer((req, res) => {
      logRequest(req, res);
      req.resume();
      req.on('end', () => {
        res.setHeader('Set-Cookie', 'session=cookie-secret');
        res.end('{"memberId":"M-123456"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('hold the method and status, and no header, query, path value or body', async () => {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/api/v1/members/M-123456/disclosure-report?partner=kb&bsn=123456782`, {
      method: 'POST',
      headers: { Authorization: 'Bearer bgw_secret-token', Cookie: 'session=cookie-secret', 'X-Api-Key': 'api-key-secret', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Jansen', cardNumber: '2100000012345' }),
    });
    await new Promise((resolve) => setImmediate(resolve));
    const log = lines.join('');
    expect(log).toContain('"method":"POST"');
    expect(log).toContain('"statusCode":200');
    for (const secret of ['bgw_secret-token', 'cookie-secret', 'api-key-secret', 'M-123456', '123456782', 'Jansen', '2100000012345', 'partner=kb']) {
      expect(log).not.toContain(secret);
    }
  });
});
