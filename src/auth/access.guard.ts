import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayError } from '../errors/gateway-error';
import { accessRuleOf } from './access-rule';
import { Authenticator } from './authenticator';
import { bearerToken } from './bearer-token';
import { setRequestPrincipal } from './request-principal';

interface RequestWithHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The global guard of every HTTP route. Fails closed: a route that declares neither @Public() nor
 * @Roles(...) is refused (403) whoever calls it. Without a valid bearer token: 401 UNAUTHENTICATED;
 * with a token but none of the route's roles: 403 FORBIDDEN.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Broker message handlers (other transports) are not reachable from outside; HTTP is.
    if (context.getType() !== 'http') return true;
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    if (rule === undefined) {
      throw new GatewayError('FORBIDDEN', 'This route declares no access rule and is closed', 403);
    }
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    const token = bearerToken(request.headers.authorization);
    const principal = token === undefined ? undefined : await this.authenticator.authenticate(token);
    if (principal === undefined) {
      throw new GatewayError('UNAUTHENTICATED', 'A valid bearer token is required', 401);
    }
    if (!rule.roles.some((role) => principal.roles.includes(role))) {
      throw new GatewayError('FORBIDDEN', `This action needs one of the roles: ${rule.roles.join(', ')}`, 403);
    }
    setRequestPrincipal(request, principal);
    return true;
  }
}
