import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface WiseSandboxCredentials {
  readonly apiId: string;
  readonly apiKey: string;
  readonly application: string;
  readonly staffUser: string;
  readonly staffPassword: string;
}

const DAY_MS = 86_400_000;

function same(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The simulated Wise system's side of authentication, written independently of the connector's:
 * the WISE_KEY of the current UTC day, staff logins and their tokens (valid until the end of the UTC
 * day, or shorter when a test says so), and a wrong-key mode in which the system's API key has changed.
 */
export class WiseSandboxAuth {
  private readonly tokens = new Map<string, number>();
  private wrongKey = false;
  private tokenLifetimeMs: number | undefined;

  constructor(
    private readonly credentials: WiseSandboxCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wrong-key mode: the system's API key has been rotated, so the connector's WISE_KEY no longer matches. */
  setWrongKey(enabled: boolean): void {
    this.wrongKey = enabled;
  }

  /** Tokens issued from now on expire after `ms` instead of at the end of the day (undefined: end of day). */
  setTokenLifetime(ms: number | undefined): void {
    this.tokenLifetimeMs = ms;
  }

  /** Every token issued so far stops working now. */
  expireTokens(): void {
    this.tokens.clear();
  }

  reset(): void {
    this.tokens.clear();
    this.wrongKey = false;
    this.tokenLifetimeMs = undefined;
  }

  keyIsValid(header: string | undefined): boolean {
    if (header === undefined) return false;
    const { apiId, apiKey, application } = this.credentials;
    const key = this.wrongKey ? `${apiKey}-rotated` : apiKey;
    const day = Math.floor(this.now() / DAY_MS);
    const expected = `${apiId}:${createHmac('sha256', key).update(`${day}${application}`).digest('hex')}`;
    return same(header, expected);
  }

  /** A token for the staff user, or undefined for wrong credentials. */
  login(username: unknown, password: unknown): { token: string; validUntil: string } | undefined {
    if (typeof username !== 'string' || typeof password !== 'string') return undefined;
    if (!same(username, this.credentials.staffUser) || !same(password, this.credentials.staffPassword)) return undefined;
    const now = this.now();
    const endOfDay = (Math.floor(now / DAY_MS) + 1) * DAY_MS - 1;
    const expiresAt = this.tokenLifetimeMs === undefined ? endOfDay : Math.min(endOfDay, now + this.tokenLifetimeMs);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, expiresAt);
    return { token, validUntil: new Date(expiresAt).toISOString() };
  }

  tokenIsValid(header: string | undefined): boolean {
    if (header === undefined) return false;
    const token = header.replace(/^Bearer\s+/i, '');
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return false;
    if (this.now() > expiresAt) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }
}
