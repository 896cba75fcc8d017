import { Principal } from './principal';

const principals = new WeakMap<object, Principal>();

/** Binds the authenticated principal to the request (set by the guard, read by @CurrentPrincipal). */
export function setRequestPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
}

export function requestPrincipal(request: object): Principal | undefined {
  return principals.get(request);
}
