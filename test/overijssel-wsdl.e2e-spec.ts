import { startTestApp, TestApp } from './support/test-app';

const LOCATION = /<soap:address location="([^"]*)"\/>/g;

/** Every soap:address location the served WSDL names. */
function locationsIn(wsdl: string): string[] {
  return [...wsdl.matchAll(LOCATION)].map((match) => match[1] ?? '');
}

/**
 * The WSDL at /soap/overijssel?wsdl names the address callers reach the gateway at: PUBLIC_BASE_URL when
 * set, else a trusted proxy's X-Forwarded-Proto/-Host, else the address the server listens on — never the
 * Host header or forwarded headers a caller chose. The database plays no part here: SQLite only.
 */
describe('the WSDL names the gateway’s own address, never one a caller chose', () => {
  const gateways: TestApp[] = [];
  const start = async (env: Record<string, string>): Promise<TestApp> => {
    const gateway = await startTestApp({ database: 'sqlite', staff: false, env: { SANDBOX: 'off', CONNECTORS: 'none', ...env } });
    gateways.push(gateway);
    return gateway;
  };
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
  });

  describe('without PUBLIC_BASE_URL or TRUSTED_PROXIES', () => {
    let gateway: TestApp;
    let base: string;

    beforeAll(async () => {
      gateway = await start({});
      await gateway.app.listen(0, '127.0.0.1');
      base = await gateway.app.getUrl();
    });

    it('names the address and port it listens on, whatever the Host header says', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl').set('Host', 'evil.example:8080');
      expect(response.status).toBe(200);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(locationsIn(response.text)).toEqual([`${base}/soap/overijssel`]);
      expect(response.text).not.toContain('evil.example');
    });

    it('ignores X-Forwarded-Proto and X-Forwarded-Host from a peer that is not a trusted proxy', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'evil.example');
      expect(locationsIn(response.text)).toEqual([`${base}/soap/overijssel`]);
    });

    it('describes only its own service, and no placeholder address', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl');
      expect(response.text.match(/<wsdl:service /g)).toHaveLength(1);
      expect(response.text).toContain('<wsdl:service name="LibraryMemberService">');
      expect(response.text).not.toMatch(/localhost|provinciale-pas/);
    });

    it.each([['wsdl'], ['WSDL'], ['Wsdl'], ['wsdl=']])('serves it at ?%s', async (query) => {
      const response = await gateway.http.get(`/soap/overijssel?${query}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(locationsIn(response.text)).toEqual([`${base}/soap/overijssel`]);
    });

    it('answers a GET without ?wsdl with a fault, not the WSDL', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdx');
      expect(response.text).not.toContain('wsdl:definitions');
      expect(response.text).toContain('<Code>NOT_FOUND</Code>');
    });
  });

  describe('behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)', () => {
    let gateway: TestApp;

    beforeAll(async () => {
      gateway = await start({ TRUSTED_PROXIES: '10.0.0.2, 127.0.0.1' });
    });

    it("takes the proxy's X-Forwarded-Proto and X-Forwarded-Host (the last value of each)", async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl').set('Host', 'evil.example').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'evil.example, bieb.example.nl');
      expect(locationsIn(response.text)).toEqual(['https://bieb.example.nl/soap/overijssel']);
    });

    it('ignores forwarded values that are not a scheme or a host, and falls back to its own address', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl').set('Host', 'evil.example').set('X-Forwarded-Proto', 'javascript').set('X-Forwarded-Host', 'evil.example/"><x');
      expect(locationsIn(response.text)).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/soap\/overijssel$/)]);
      expect(response.text).not.toContain('evil.example');
    });
  });

  describe('with PUBLIC_BASE_URL', () => {
    let gateway: TestApp;

    beforeAll(async () => {
      gateway = await start({ PUBLIC_BASE_URL: 'https://bibliotheek.example.nl/gateway/', TRUSTED_PROXIES: '127.0.0.1' });
    });

    it('names PUBLIC_BASE_URL, whatever the Host and forwarded headers say', async () => {
      const response = await gateway.http.get('/soap/overijssel?wsdl').set('Host', 'evil.example:8080').set('X-Forwarded-Host', 'proxy.example');
      expect(locationsIn(response.text)).toEqual(['https://bibliotheek.example.nl/gateway/soap/overijssel']);
    });
  });
});
