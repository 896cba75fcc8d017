import { Secret } from './secret';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables one by one and collects every problem instead of stopping at the first,
 * so one failed start names all wrong variables. A secret's value never appears in a problem.
 */
export class EnvReader {
  private readonly found: string[] = [];

  constructor(private readonly env: Env) {}

  get problems(): readonly string[] {
    return this.found;
  }

  problem(message: string): void {
    this.found.push(message);
  }

  /** The trimmed value, or undefined when the variable is unset or blank. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problem(`${name} must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return value;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((option) => option === raw.toLowerCase());
    if (match === undefined) {
      this.problem(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
      return fallback;
    }
    return match;
  }

  /** A URL whose scheme is one of `schemes` (e.g. 'postgres:'); it may hold a password, so it is a secret. */
  url(name: string, schemes: readonly string[]): Secret | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    let scheme: string | undefined;
    try {
      scheme = new URL(raw).protocol;
    } catch {
      scheme = undefined;
    }
    if (scheme === undefined || !schemes.includes(scheme)) {
      this.problem(`${name} must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')} (value not shown)`);
      return undefined;
    }
    return new Secret(raw);
  }

  secret(name: string, minLength: number): Secret | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (raw.length < minLength) {
      this.problem(`${name} must be at least ${minLength} characters long (got ${raw.length}; value not shown)`);
      return undefined;
    }
    return new Secret(raw);
  }

  identifier(name: string): string | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
      this.problem(`${name} must be a lower-case SQL identifier (letters, digits, underscore; got ${JSON.stringify(raw)})`);
      return undefined;
    }
    return raw;
  }
}
