import { ADMIN_ROLES, Role } from './role';

/** Who is calling: handlers record `name` as author or approver and `accountId` as a stable reference. */
export interface Principal {
  readonly accountId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** For a partner credential (role 'partner'): the partner system it speaks for. */
  readonly partner?: string;
  /** For an officer: confirmed by another officer, so it may take part in four eyes. */
  readonly confirmed?: boolean;
}

/** The caller as decisions record it: a stable id and the name shown as author, approver or reviewer. */
export function actorOf(principal: Principal): { readonly id: string; readonly name: string } {
  return { id: principal.accountId, name: principal.name };
}

/** accountId of the built-in administrator (account ids are UUIDs, so it cannot collide). */
export const ADMIN_ACCOUNT_ID = 'admin';
export const ADMIN_NAME = 'admin';

export const ADMIN_PRINCIPAL: Principal = Object.freeze({ accountId: ADMIN_ACCOUNT_ID, name: ADMIN_NAME, roles: ADMIN_ROLES });

/** Who presented METRICS_TOKEN: a scraper, which may read GET /metrics and nothing else. */
export const METRICS_SCRAPER: Principal = Object.freeze({ accountId: 'metrics', name: 'metrics', roles: ['metrics'] as const });
