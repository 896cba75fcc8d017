import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from './public.decorator';
import { Role } from './role';
import { ROLES_KEY } from './roles.decorator';

export type AccessRule = { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

/**
 * The access rule of a route: the handler's own declaration, else its controller's; undefined when
 * neither declares one (the guard then refuses the route). @Roles wins over @Public at the same level.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's metadata targets are plain functions
export function accessRuleOf(reflector: Reflector, handler: Function, controller: Function): AccessRule | undefined {
  for (const target of [handler, controller]) {
    const roles = reflector.get<Role[] | undefined>(ROLES_KEY, target);
    if (roles !== undefined) return { public: false, roles };
    if (reflector.get<boolean | undefined>(IS_PUBLIC_KEY, target) === true) return { public: true };
  }
  return undefined;
}
