/** Roles an account can be given. */
export const ACCOUNT_ROLES = ['officer', 'auditor', 'operator', 'partner'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * Every role a route can require. 'admin' belongs to the built-in administrator only. A new kind of
 * principal (e.g. per-partner API keys, role 'partner') adds its role here, not to ACCOUNT_ROLES.
 * 'metrics' is the Prometheus scraper's METRICS_TOKEN: only GET /metrics names it.
 */
export const ROLES = ['admin', ...ACCOUNT_ROLES, 'metrics'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The built-in administrator manages accounts and nothing else: no drafts, approvals, previews, legal
 * orders, exchanges or reports. Separation of duties: whoever makes accounts cannot also use them to
 * play both sides of four eyes, nor read what the accounts it makes may read.
 */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

export function isAccountRole(value: unknown): value is AccountRole {
  return ACCOUNT_ROLES.some((role) => role === value);
}
