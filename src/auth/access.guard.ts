import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayError } from '../errors/gateway-error';
import { accessRuleOf } from './access-rule';
import { Authenticator } from './authenticator';
import { bearerToken } from './bearer-token';
import { CONSOLE_HEADER, CONSOLE_HEADER_VALUE, consoleSessionId, ConsoleSessions } from './console-sessions';
import { METRICS_SCRAPER } from './principal';
import { setRequestPrincipal } from './request-principal';
import { FOUR_EYES_DUTY_KEY } from './roles.decorator';

interface RequestWithHeaders {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard of every HTTP route. Fails closed: a route that declares neither @Public() nor
 * @Roles(...) is refused (403) whoever calls it. Without a valid bearer token: 401 UNAUTHENTICATED;
 * with a token but none of the route's roles: 403 FORBIDDEN. METRICS_TOKEN counts only where a route
 * names the 'metrics' role (GET /metrics); everywhere else it is no valid token (401).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Optional() private readonly sessions?: ConsoleSessions,
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
    if (token !== undefined && rule.roles.includes('metrics') && this.authenticator.isMetricsToken(token)) {
      setRequestPrincipal(request, METRICS_SCRAPER);
      return true;
    }
    const principal = token !== undefined ? await this.authenticator.authenticate(token) : await this.consolePrincipal(request);
    if (principal === undefined) {
      throw new GatewayError('UNAUTHENTICATED', 'A valid bearer token is required', 401);
    }
    if (!rule.roles.some((role) => principal.roles.includes(role))) {
      throw new GatewayError('FORBIDDEN', `This action needs one of the roles: ${rule.roles.join(', ')}`, 403);
    }
    if (this.reflector.getAllAndOverride<boolean | undefined>(FOUR_EYES_DUTY_KEY, [context.getHandler(), context.getClass()]) === true && principal.confirmed !== true) {
      throw new GatewayError('OFFICER_NOT_CONFIRMED', 'This is a four-eyes duty: another officer must first confirm this officer account', 403);
    }
    setRequestPrincipal(request, principal);
    return true;
  }

  /**
   * The console's alternative to the bearer header: its HttpOnly session cookie. A state-changing call
   * made with the cookie must also carry `X-Requested-With: bieb-console` (with SameSite=Strict, against
   * cross-site requests); without it the cookie is not looked at.
   */
  private async consolePrincipal(request: RequestWithHeaders) {
    const id = this.sessions === undefined ? undefined : consoleSessionId(request.headers.cookie);
    if (id === undefined || this.sessions === undefined) return undefined;
    if (!SAFE_METHODS.has((request.method ?? 'GET').toUpperCase()) && request.headers[CONSOLE_HEADER] !== CONSOLE_HEADER_VALUE) return undefined;
    const tokenHash = await this.sessions.tokenHashOf(id);
    return tokenHash === undefined ? undefined : this.authenticator.authenticateHash(tokenHash);
  }
}
