import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from './principal';
import { requestPrincipal } from './request-principal';

export type { Principal } from './principal';

/**
 * The authenticated caller of a @Roles route: `handler(@CurrentPrincipal() principal: Principal)`.
 * On a @Public route there is none, and using it there is a programming error.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = requestPrincipal(context.switchToHttp().getRequest<object>());
  if (principal === undefined) {
    throw new Error('@CurrentPrincipal() used on a route without @Roles(...)');
  }
  return principal;
});
