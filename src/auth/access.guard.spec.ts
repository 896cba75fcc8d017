import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayError } from '../errors/gateway-error';
import { AccessGuard } from './access.guard';
import { Authenticator } from './authenticator';
import { Principal } from './principal';
import { Public } from './public.decorator';
import { requestPrincipal } from './request-principal';
import { Roles } from './roles.decorator';

const OFFICER: Principal = { accountId: 'a-1', name: 'officer.one', roles: ['officer'] };

@Controller()
class Routes {
  @Get() @Public() open(): void {}
  @Get() @Roles('officer', 'auditor') readPolicies(): void {}
  @Get() @Roles('admin') administer(): void {}
  @Get() undeclared(): void {}
}

@Controller()
@Roles('operator')
class OperatorRoutes {
  @Get() inherited(): void {}
  @Get() @Public() ownRuleWins(): void {}
}

@Controller()
@Public()
class PublicRoutes {
  @Get() @Roles('auditor') restrictedHere(): void {}
}

function contextFor(controller: new () => object, method: string, authorization?: string): { context: ExecutionContext; request: object } {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  const handler = (controller.prototype as Record<string, () => void>)[method];
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AccessGuard', () => {
  const authenticator = { authenticate: (token: string) => Promise.resolve(token === 'officer-token' ? OFFICER : undefined) } as Authenticator;
  const guard = new AccessGuard(new Reflector(), authenticator);

  async function refusal(controller: new () => object, method: string, authorization?: string): Promise<{ code: string; status: number }> {
    try {
      await guard.canActivate(contextFor(controller, method, authorization).context);
    } catch (error) {
      if (error instanceof GatewayError) return { code: error.code, status: error.status };
      throw error;
    }
    throw new Error('expected the guard to refuse');
  }

  it('lets anyone call a @Public route', async () => {
    await expect(guard.canActivate(contextFor(Routes, 'open').context)).resolves.toBe(true);
  });

  it('refuses a route that declares nothing, even with a valid token (fail closed)', async () => {
    expect(await refusal(Routes, 'undeclared')).toEqual({ code: 'FORBIDDEN', status: 403 });
    expect(await refusal(Routes, 'undeclared', 'Bearer officer-token')).toEqual({ code: 'FORBIDDEN', status: 403 });
  });

  it('answers 401 without a valid bearer token', async () => {
    expect(await refusal(Routes, 'readPolicies')).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await refusal(Routes, 'readPolicies', 'Bearer wrong')).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await refusal(Routes, 'readPolicies', 'officer-token')).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await refusal(Routes, 'readPolicies', `Bearer ${'x'.repeat(600)}`)).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('answers 403 when the principal holds none of the roles', async () => {
    expect(await refusal(Routes, 'administer', 'Bearer officer-token')).toEqual({ code: 'FORBIDDEN', status: 403 });
  });

  it('admits a principal holding one of the roles and binds it to the request', async () => {
    const { context, request } = contextFor(Routes, 'readPolicies', 'Bearer officer-token');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(requestPrincipal(request)).toEqual(OFFICER);
  });

  it("applies the controller's rule to handlers without their own, and the handler's own rule first", async () => {
    expect(await refusal(OperatorRoutes, 'inherited', 'Bearer officer-token')).toEqual({ code: 'FORBIDDEN', status: 403 });
    await expect(guard.canActivate(contextFor(OperatorRoutes, 'ownRuleWins').context)).resolves.toBe(true);
    expect(await refusal(PublicRoutes, 'restrictedHere')).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
