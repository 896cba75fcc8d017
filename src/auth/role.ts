/** Roles an account can be given. */
export const ACCOUNT_ROLES = ['officer', 'auditor', 'operator', 'partner'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * Every role a route can require. 'admin' belongs to the built-in administrator only. A new kind of
 * principal (e.g. per-partner API keys, role 'partner') adds its role here, not to ACCOUNT_ROLES.
 */
export const ROLES = ['admin', ...ACCOUNT_ROLES] as const;
export type Role = (typeof ROLES)[number];

/**
 * The built-in administrator holds every staff role as well as 'admin'; not 'partner', which speaks for
 * one partner system and is bound to it.
 */
export const ADMIN_ROLES: readonly Role[] = ['admin', 'officer', 'auditor', 'operator'];

export function isAccountRole(value: unknown): value is AccountRole {
  return ACCOUNT_ROLES.some((role) => role === value);
}
