import { describeEachDatabase } from './support/databases';
import { ProbeModule } from './support/probes/probe.module';
import { startTestApp, TestApp } from './support/test-app';

const BODY_LIMIT = 256;

describeEachDatabase('HTTP errors at the edge', (database) => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database, env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) }, modules: [ProbeModule] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('accepts a JSON body within the limit', async () => {
    const response = await gateway.http.post('/probe/echo').send({ hello: 'world' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ received: { hello: 'world' } });
  });

  it.each([
    ['broken JSON', '{"name": '],
    ['trailing garbage', '{"a":1} x'],
    ['an empty body', ''],
  ])('answers %s with 400 MALFORMED_JSON', async (_case, body) => {
    const response = await gateway.http.post('/probe/echo').set('Content-Type', 'application/json').send(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' } });
  });

  it('refuses prototype poisoning as malformed JSON', async () => {
    const response = await gateway.http.post('/probe/echo').set('Content-Type', 'application/json').send('{"__proto__":{"admin":true}}');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
  });

  it('parses the body before authenticating, so malformed JSON is 400 on guarded routes too', async () => {
    const response = await gateway.http
      .post('/api/v1/accounts')
      .set('Authorization', `Bearer ${gateway.adminToken}`)
      .set('Content-Type', 'application/json')
      .send('{oops');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await gateway.http.post('/probe/echo').send({ padding: 'x'.repeat(BODY_LIMIT) });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });

  it('answers an unsupported media type with 415', async () => {
    const response = await gateway.http.post('/probe/echo').set('Content-Type', 'application/x-unknown').send('<a/>');
    expect(response.status).toBe(415);
    expect(response.body).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) } });
  });

  it('answers an unknown route with 404 NOT_FOUND as JSON', async () => {
    for (const [method, path] of [['get', '/nothing/here'], ['post', '/api/v1/unknown'], ['put', '/health']] as const) {
      const response = await gateway.http[method](path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers an unexpected failure with 500 INTERNAL and reveals nothing of it', async () => {
    const response = await gateway.http.get('/probe/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(response.text).not.toMatch(/card_number|SELECT|members|stack/);
  });

  it('keeps the code, status and details of a typed error', async () => {
    const response = await gateway.http.get('/probe/typed-error');
    expect(response.status).toBe(502);
    expect(response.body).toEqual({ error: { code: 'PARTNER_UNAVAILABLE', message: 'The partner did not answer', details: { partner: 'kb' } } });
  });
});
