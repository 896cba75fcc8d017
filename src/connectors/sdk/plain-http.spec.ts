import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PlainHttp } from './plain-http';

describe('PlainHttp', () => {
  let server: Server;
  let http: PlainHttp;
  const seen: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        handle(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    http = new PlainHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/wise/`, 300);
  });
  afterAll(async () => {
    http.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it('sends the bytes as given under the base path and answers any status as text, following no redirect', async () => {
    handle = (_req, res) => res.writeHead(302, { Location: 'http://elsewhere.invalid/' }).end('ga naar €lders');
    const answer = await http.exchange({ method: 'PUT', path: '/patron/1', headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"a":"é"}'), signal: new AbortController().signal });
    expect(answer).toEqual({ status: 302, text: 'ga naar €lders' });
    expect(seen).toMatchObject([{ method: 'PUT', url: '/wise/patron/1', body: '{"a":"é"}' }]);
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
  });

  it('fails with ETIMEDOUT when the partner stays silent, and with the AbortError when the caller aborts', async () => {
    handle = () => undefined;
    await expect(http.exchange({ method: 'GET', path: '/slow', headers: {}, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const controller = new AbortController();
    const pending = http.exchange({ method: 'GET', path: '/slow', headers: {}, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps the query of the base URL, and asks for / when neither the base nor the call names a path', async () => {
    handle = (_req, res) => res.end('ok');
    const port = (server.address() as AddressInfo).port;
    const endpoint = new PlainHttp(`http://127.0.0.1:${port}/ncip?tenant=staphorst`, 300);
    const root = new PlainHttp(`http://127.0.0.1:${port}`, 300);
    try {
      await endpoint.exchange({ method: 'POST', path: '', headers: {}, body: Buffer.from('<x/>'), signal: new AbortController().signal });
      await root.exchange({ method: 'GET', path: '', headers: {}, signal: new AbortController().signal });
    } finally {
      endpoint.close();
      root.close();
    }
    expect(seen.map((request) => request.url)).toEqual(['/ncip?tenant=staphorst', '/']);
  });

  it('refuses an answer larger than 32 MB', async () => {
    handle = (_req, res) => {
      res.writeHead(200);
      const block = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 33; i += 1) res.write(block);
      res.end();
    };
    await expect(http.exchange({ method: 'GET', path: '/huge', headers: {}, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'ERR_ANSWER_TOO_LARGE' });
  });
});
