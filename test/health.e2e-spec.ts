import { DataSource } from 'typeorm';
import { HealthRegistry } from '../src/health/health.registry';
import { describeEachDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

describeEachDatabase('GET /health', (database) => {
  let gateway: TestApp;

  beforeEach(async () => {
    gateway = await startTestApp({ database, env: { CONNECTORS: 'none' } });
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('is public and reports the database up', async () => {
    const response = await gateway.http.get('/health').set(gateway.as('admin'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up', checks: { database: { status: 'up' } } });
  });

  it('includes the checks other modules register', async () => {
    const registry = gateway.app.get(HealthRegistry);
    registry.register({ name: 'broker', critical: false, check: () => Promise.resolve({ status: 'up', info: { queues: 2 } }) });
    registry.register({ name: 'connector:kb', critical: false, check: () => Promise.reject(new Error('connection refused, password=hunter2')) });
    const response = await gateway.http.get('/health').set(gateway.as('admin'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'degraded',
      database: 'up',
      checks: { database: { status: 'up' }, broker: { status: 'up', info: { queues: 2 } }, 'connector:kb': { status: 'down' } },
    });
    expect(response.text).not.toContain('hunter2');
  });

  it('refuses two checks with the same name', () => {
    const registry = gateway.app.get(HealthRegistry);
    const check = { name: 'twice', critical: false, check: () => Promise.resolve({ status: 'up' as const }) };
    registry.register(check);
    expect(() => registry.register(check)).toThrow(/already registered/);
  });

  it('answers 503 when a critical check is down', async () => {
    gateway.app.get(HealthRegistry).register({ name: 'broker', critical: true, check: () => Promise.resolve({ status: 'down' }) });
    const response = await gateway.http.get('/health').set(gateway.as('admin'));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ status: 'down', database: 'up', checks: { broker: { status: 'down' } } });
  });

  it('counts a check that does not answer in time as down', async () => {
    gateway.app.get(HealthRegistry).register({ name: 'slow', critical: false, check: () => new Promise(() => undefined) });
    const response = await gateway.http.get('/health').set(gateway.as('admin'));
    expect(response.body).toMatchObject({ status: 'degraded', checks: { slow: { status: 'down' } } });
  });

  it('answers 503 with database down when the database is gone', async () => {
    await gateway.app.get(DataSource).destroy();
    const response = await gateway.http.get('/health').set(gateway.as('admin'));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'down', database: 'down', checks: { database: { status: 'down' } } });
  });

  it('tells a caller without a token only whether it is up', async () => {
    const anonymous = await gateway.http.get('/health');
    expect(anonymous.body).toEqual({ status: anonymous.body.status });
    expect(['ok', 'degraded', 'down']).toContain(anonymous.body.status);
    expect((await gateway.http.get('/health').set('Authorization', 'Bearer bgw_not-a-token')).body).toEqual({ status: anonymous.body.status });
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });
});
