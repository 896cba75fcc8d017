import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../domain/sha256';

/** The console's session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const CONSOLE_COOKIE = 'bgw_console';
/** The header the console sends on every call; a cookie-authenticated state change needs it (CSRF). */
export const CONSOLE_HEADER = 'x-requested-with';
export const CONSOLE_HEADER_VALUE = 'bieb-console';

const IDLE_MS = 30 * 60 * 1000;
const ABSOLUTE_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

interface Session {
  /** The SHA-256 of the account's token: re-authenticated on every request, so a disabled account ends it at once. */
  readonly tokenHash: string;
  readonly createdAt: number;
  lastSeen: number;
}

/**
 * Server-side console sessions, in memory. The browser holds only an opaque random id (32 bytes) in an
 * HttpOnly cookie; the map is keyed by the id's SHA-256, so not even a heap dump yields a usable cookie,
 * and the token itself is never kept (only its hash, as the accounts table does). A restart signs
 * everyone out. Sessions end after 30 minutes idle or 8 hours in all.
 */
@Injectable()
export class ConsoleSessions {
  private readonly sessions = new Map<string, Session>();

  /** A new session for an authenticated token; returns the cookie value. */
  open(tokenHash: string, now = Date.now()): string {
    this.sweep(now);
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(sha256Hex(id), { tokenHash, createdAt: now, lastSeen: now });
    return id;
  }

  /** The token hash behind a live session id, refreshing its idle timer; undefined when unknown or expired. */
  tokenHashOf(id: string, now = Date.now()): string | undefined {
    const key = sha256Hex(id);
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    if (now - session.lastSeen > IDLE_MS || now - session.createdAt > ABSOLUTE_MS) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeen = now;
    return session.tokenHash;
  }

  close(id: string): void {
    this.sessions.delete(sha256Hex(id));
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions) {
      if (now - session.lastSeen > IDLE_MS || now - session.createdAt > ABSOLUTE_MS) this.sessions.delete(key);
    }
  }
}

/** The console session id from a Cookie header, or undefined. */
export function consoleSessionId(cookieHeader: string | string[] | undefined): string | undefined {
  if (typeof cookieHeader !== 'string') return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CONSOLE_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
