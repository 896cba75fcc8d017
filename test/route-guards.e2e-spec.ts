import { ROLES } from '../src/auth/role';
import { declaredRoutes } from './support/declared-routes';
import { UndeclaredModule } from './support/probes/probe.module';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every route of the application declares who may call it: @Public() or @Roles(...). This walks all
 * controllers registered in the running application, so a controller added by any module is covered.
 */
describe('route access declarations', () => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('finds the routes (the walk itself works)', () => {
    const handlers = declaredRoutes(gateway.app).map((route) => route.handler);
    expect(handlers).toEqual(expect.arrayContaining(['AccountsController.create', 'AccountsController.list', 'AccountsController.disable', 'HealthController.get']));
  });

  it('has no route without @Public() or @Roles(...)', () => {
    const undeclared = declaredRoutes(gateway.app).filter((route) => route.rule === undefined).map((route) => route.handler);
    expect(undeclared).toEqual([]);
  });

  it('requires only known roles', () => {
    const unknown = declaredRoutes(gateway.app).flatMap((route) =>
      route.rule === undefined || route.rule.public ? [] : route.rule.roles.filter((role) => !ROLES.includes(role)).map((role) => `${route.handler}: ${role}`),
    );
    expect(unknown).toEqual([]);
  });

  it('keeps the public routes few and deliberate', () => {
    const publicRoutes = declaredRoutes(gateway.app).filter((route) => route.rule?.public === true).map((route) => route.handler);
    expect(publicRoutes).toContain('HealthController.get');
    expect(publicRoutes.filter((handler) => handler.startsWith('AccountsController'))).toEqual([]);
  });
});

describe('a route without an access declaration', () => {
  let gateway: TestApp;

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', modules: [UndeclaredModule] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('is caught by the walk', () => {
    const undeclared = declaredRoutes(gateway.app).filter((route) => route.rule === undefined).map((route) => route.handler);
    expect(undeclared).toEqual(['UndeclaredController.open']);
  });

  it('is refused by the guard, even to the administrator', async () => {
    for (const authorization of [undefined, `Bearer ${gateway.adminToken}`]) {
      const request = gateway.http.get('/probe-undeclared');
      const response = await (authorization === undefined ? request : request.set('Authorization', authorization));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      expect(response.text).not.toContain('never be served');
    }
  });
});
