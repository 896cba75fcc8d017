import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { hashAccessToken } from './access-token';
import { AccountEntity } from './account.entity';
import { ADMIN_PRINCIPAL, Principal } from './principal';

/**
 * Turns a presented token into a principal. Tokens are compared by their SHA-256: the administrator's
 * in constant time, accounts' through the unique index on the hash, so no secret is compared bytewise.
 */
@Injectable()
export class Authenticator {
  private readonly adminHash: Buffer;
  private readonly metricsHash: Buffer | undefined;

  constructor(
    @InjectGatewayConfig() config: GatewayConfig,
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {
    this.adminHash = Buffer.from(config.adminTokenSha256, 'hex');
    this.metricsHash = config.metricsToken === undefined ? undefined : Buffer.from(hashAccessToken(config.metricsToken.reveal()), 'hex');
  }

  /**
   * Whether the token is METRICS_TOKEN (compared by SHA-256 in constant time). Kept apart from
   * authenticate(): it is no principal anywhere else — no SIP2 or SOAP login, no console — and only the
   * access guard asks, for a route that names the 'metrics' role.
   */
  isMetricsToken(token: string): boolean {
    return this.metricsHash !== undefined && timingSafeEqual(Buffer.from(hashAccessToken(token), 'hex'), this.metricsHash);
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    return this.authenticateHash(hashAccessToken(token));
  }

  /** The same by the token's SHA-256 (hex), as a console session keeps it. */
  async authenticateHash(hash: string): Promise<Principal | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) return ADMIN_PRINCIPAL;
    const account = await this.accounts.findOneBy({ tokenHash: hash });
    if (account === null || account.disabledAt !== null) return undefined;
    return {
      accountId: account.id,
      name: account.name,
      roles: [account.role],
      ...(account.partner !== null ? { partner: account.partner } : {}),
      ...(account.role === 'officer' ? { confirmed: account.confirmedAt !== null } : {}),
    };
  }

  /** Whether the account still works (not disabled): asked again by long-lived connections on every message. */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.accountId === ADMIN_PRINCIPAL.accountId) return true;
    const account = await this.accounts.findOneBy({ id: principal.accountId });
    return account !== null && account.disabledAt === null;
  }

  /**
   * A name-and-secret credential (a SOAP WS-Security UsernameToken): the secret is the account's token,
   * and it must belong to the account of that name.
   */
  async authenticateCredential(name: string, secret: string): Promise<Principal | undefined> {
    const principal = await this.authenticate(secret);
    return principal !== undefined && principal.name === name ? principal : undefined;
  }
}
