import { startTestApp, TestApp } from './support/test-app';

describe('OpenAPI', () => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('serves the document at /api/docs-json without a token, with bearer auth declared', async () => {
    const response = await gateway.http.get('/api/docs-json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/accounts', '/api/v1/accounts/{id}']));
    expect(response.body.paths['/api/v1/accounts'].post.security).toEqual([{ bearer: [] }]);
    expect(response.body.paths['/health'].get.security).toBeUndefined();
  });

  it('serves the UI at /api/docs', async () => {
    const response = await gateway.http.get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('swagger');
    for (const [asset, type] of [['swagger-ui-bundle.js', /javascript/], ['swagger-ui.css', /text\/css/], ['swagger-ui-init.js', /javascript/]] as const) {
      const file = await gateway.http.get(`/api/docs/${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(type);
    }
    expect((await gateway.http.get('/api/docs/swagger-ui-init.js')).text).toContain('"/api/docs-json"');
  });

  it('serves nothing else from the UI folder', async () => {
    for (const asset of ['package.json', '..%2Fpackage.json', 'index.html']) {
      const response = await gateway.http.get(`/api/docs/${asset}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });
});
