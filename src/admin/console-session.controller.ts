import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator';
import { hashAccessToken } from '../auth/access-token';
import { CONSOLE_COOKIE, CONSOLE_HEADER, CONSOLE_HEADER_VALUE, consoleSessionId, ConsoleSessions } from '../auth/console-sessions';
import { CurrentPrincipal, Principal } from '../auth/current-principal.decorator';
import { ADMIN_ACCOUNT_ID } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { GatewayError } from '../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../errors/request-body';

const MAX_TOKEN_LENGTH = 512;
/** Who may sign in to the console: officers and auditors, and operators for the synchronisation page. Never the administrator or a partner system. */
const CONSOLE_ROLES = ['officer', 'auditor', 'operator'] as const;

function who(principal: Principal) {
  return { id: principal.accountId, name: principal.name, roles: principal.roles, confirmed: principal.confirmed === true };
}

function requireConsoleHeader(value: string | undefined): void {
  if (value !== CONSOLE_HEADER_VALUE) {
    throw new GatewayError('CONSOLE_HEADER_MISSING', `this call needs the header X-Requested-With: ${CONSOLE_HEADER_VALUE}`, 403);
  }
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const https = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  return `${CONSOLE_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${https ? '; Secure' : ''}`;
}

/**
 * Sign-in and sign-out of the console. The officer's token is posted once and exchanged for an opaque
 * session id in an HttpOnly cookie; the page's scripts never hold the token afterwards.
 */
@ApiTags('console')
@Controller('api/v1/console/session')
export class ConsoleSessionController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly sessions: ConsoleSessions,
  ) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Console sign-in: { token } of an officer, auditor or operator → an HttpOnly session cookie (needs X-Requested-With: bieb-console)' })
  async signIn(
    @Body() body: unknown,
    @Headers(CONSOLE_HEADER) header: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    requireConsoleHeader(header);
    const input = objectBody(body);
    onlyKeys(input, ['token']);
    const token = requiredString(input, 'token').trim();
    const principal = token.length > MAX_TOKEN_LENGTH ? undefined : await this.authenticator.authenticate(token);
    if (principal === undefined) throw new GatewayError('UNAUTHENTICATED', 'This token is not valid', 401);
    if (principal.accountId === ADMIN_ACCOUNT_ID || !principal.roles.some((role) => (CONSOLE_ROLES as readonly string[]).includes(role))) {
      throw new GatewayError('FORBIDDEN', 'The console is for officer, auditor and operator accounts (not the administrator or a partner system)', 403);
    }
    // A session id the browser already holds is ended, never reused: each sign-in gets a fresh one.
    const previous = consoleSessionId(request.headers.cookie);
    if (previous !== undefined) await this.sessions.close(previous);
    const id = await this.sessions.open(hashAccessToken(token));
    void reply.header('Set-Cookie', cookie(request, id, 8 * 60 * 60)).header('Cache-Control', 'no-store');
    return who(principal);
  }

  @Get()
  @Roles('officer', 'auditor', 'operator')
  @ApiOperation({ summary: 'Who is signed in to the console' })
  current(@CurrentPrincipal() principal: Principal) {
    return who(principal);
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Console sign-out: ends the session and clears its cookie (needs X-Requested-With: bieb-console)' })
  async signOut(@Headers(CONSOLE_HEADER) header: string | undefined, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    requireConsoleHeader(header);
    const id = consoleSessionId(request.headers.cookie);
    if (id !== undefined) await this.sessions.close(id);
    void reply.header('Set-Cookie', cookie(request, '', 0));
  }
}
