import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../domain/sha256';

/** Recognisable prefix, so secret scanners and people can tell a gateway token when they see one. */
export const ACCESS_TOKEN_PREFIX = 'bgw_';

/** 32 random bytes, base64url, behind the prefix. Shown once; only its hash is stored. */
export function newAccessToken(): string {
  return `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a token: SHA-256, lower-case hex. */
export function hashAccessToken(token: string): string {
  return sha256Hex(token);
}
