import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { sha256Hex } from '../domain/sha256';
import { ConsoleSessionEntity } from './console-session.entity';

/** The console's session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const CONSOLE_COOKIE = 'bgw_console';
/** The header the console sends on every call; a cookie-authenticated state change needs it (CSRF). */
export const CONSOLE_HEADER = 'x-requested-with';
export const CONSOLE_HEADER_VALUE = 'bieb-console';

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 8 * 60 * 60 * 1000;
/** How stale the stored "last seen" may get before a request writes it again (fewer writes per page). */
const TOUCH_EVERY_MS = 60 * 1000;

function expired(session: ConsoleSessionEntity, now: number): boolean {
  return now - session.lastSeen > IDLE_MS || now - session.createdAt > ABSOLUTE_MS;
}

/**
 * Server-side console sessions, in the database, so that every instance knows every session (no sticky
 * routing) and a restart signs no one out. The browser holds only an opaque random id (32 bytes) in an
 * HttpOnly cookie; the table keeps the id's SHA-256 and the token's SHA-256, never either itself.
 * Sessions end after 30 minutes idle (measured to the minute) or 8 hours in all.
 */
@Injectable()
export class ConsoleSessions {
  constructor(@InjectRepository(ConsoleSessionEntity) private readonly sessions: Repository<ConsoleSessionEntity>) {}

  /** A new session for an authenticated token; returns the cookie value. */
  async open(tokenHash: string, now = Date.now()): Promise<string> {
    await this.sweep(now);
    const id = randomBytes(32).toString('base64url');
    await this.sessions.insert({ idHash: sha256Hex(id), tokenHash, createdAt: now, lastSeen: now });
    return id;
  }

  /** The token hash behind a live session id, refreshing its idle timer; undefined when unknown or expired. */
  async tokenHashOf(id: string, now = Date.now()): Promise<string | undefined> {
    const idHash = sha256Hex(id);
    const session = await this.sessions.findOneBy({ idHash });
    if (session === null) return undefined;
    if (expired(session, now)) {
      await this.sessions.delete({ idHash });
      return undefined;
    }
    if (now - session.lastSeen >= TOUCH_EVERY_MS) await this.sessions.update({ idHash }, { lastSeen: now });
    return session.tokenHash;
  }

  /** Every session signed in with this token (an account that was disabled). */
  async endAllOf(tokenHash: string): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  async close(id: string): Promise<void> {
    await this.sessions.delete({ idHash: sha256Hex(id) });
  }

  /** Sessions idle too long, or open too long, are removed when a new one opens. */
  private async sweep(now: number): Promise<void> {
    await this.sessions.delete({ lastSeen: LessThan(now - IDLE_MS) });
    await this.sessions.delete({ createdAt: LessThan(now - ABSOLUTE_MS) });
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
