import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newAccessToken, hashAccessToken } from '../auth/access-token';
import { Secret } from './secret';

export const ADMIN_TOKEN_HASH_FILE = 'admin-token.sha256';
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

/**
 * Embedded mode keeps its own secrets in DATA_DIR, created on first start and reused afterwards.
 * Problems (a damaged or world-readable file) are collected, never thrown one by one.
 */
export class EmbeddedSecrets {
  constructor(
    private readonly dataDir: string,
    private readonly problem: (message: string) => void,
  ) {}

  /** False (with a problem) when DATA_DIR cannot be created. */
  ensureDataDir(): boolean {
    try {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      return true;
    } catch (error) {
      this.problem(`DATA_DIR (${this.dataDir}) cannot be created: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
      return false;
    }
  }

  /** The administrator token's hash; `generated` holds the token itself only on the start that created it. */
  adminTokenHash(): { sha256: string; generated?: Secret } {
    const path = join(this.dataDir, ADMIN_TOKEN_HASH_FILE);
    const token = newAccessToken();
    const sha256 = hashAccessToken(token);
    if (createOnce(path, `${sha256}\n`)) {
      return { sha256, generated: new Secret(token) };
    }
    const stored = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(stored)) {
      this.problem(`${path} must hold the SHA-256 (64 hex characters) of the administrator token; delete it to generate a new token`);
    }
    return { sha256: stored };
  }

  pseudonymKey(): Secret {
    const path = join(this.dataDir, PSEUDONYM_KEY_FILE);
    createOnce(path, `${randomBytes(32).toString('base64url')}\n`);
    if ((statSync(path).mode & 0o077) !== 0) {
      this.problem(`${path} must be readable by its owner only (chmod 600)`);
    }
    const key = readFileSync(path, 'utf8').trim();
    if (key.length < 32) {
      this.problem(`${path} must hold a key of at least 32 characters`);
    }
    return new Secret(key);
  }
}

/** Writes the file only if it does not exist yet (atomic against a second process); true when written. */
function createOnce(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
