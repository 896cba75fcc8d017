import { DataSource } from 'typeorm';
import { sha256Hex } from '../domain/sha256';
import { ConsoleSessionEntity } from './console-session.entity';
import { CONSOLE_COOKIE, consoleSessionId, ConsoleSessions } from './console-sessions';
import { CreateConsoleSessions1764000040000 } from './migrations/1764000040000-create-console-sessions';

const HASH = 'a'.repeat(64);

describe('ConsoleSessions (in the database: SQLite here, PostgreSQL in the e2e tests)', () => {
  let dataSource: DataSource;
  let sessions: ConsoleSessions;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ConsoleSessionEntity], migrations: [CreateConsoleSessions1764000040000] }).initialize();
    await dataSource.runMigrations();
    sessions = new ConsoleSessions(dataSource.getRepository(ConsoleSessionEntity));
  });
  afterEach(async () => dataSource.destroy());

  it('gives an opaque random id that maps to the token hash, and stores neither the id nor the token', async () => {
    const id = await sessions.open(HASH, 0);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).not.toContain(HASH);
    expect(await sessions.open(HASH, 0)).not.toBe(id);
    expect(await sessions.tokenHashOf(id, 1000)).toBe(HASH);
    expect(await sessions.tokenHashOf('b'.repeat(43), 1000)).toBeUndefined();
    const stored = JSON.stringify(await dataSource.query('SELECT * FROM console_sessions'));
    expect(stored).not.toContain(id);
    expect(stored).toContain(sha256Hex(id));
  });

  it('ends a session after 30 minutes without use, and after 8 hours in any case', async () => {
    const idle = await sessions.open(HASH, 0);
    expect(await sessions.tokenHashOf(idle, 30 * 60 * 1000 + 1)).toBeUndefined();
    const busy = await sessions.open(HASH, 0);
    for (let minute = 20; minute < 8 * 60; minute += 20) expect(await sessions.tokenHashOf(busy, minute * 60 * 1000)).toBe(HASH);
    expect(await sessions.tokenHashOf(busy, 8 * 60 * 60 * 1000 + 1)).toBeUndefined();
  });

  it('ends a session on sign-out, and sweeps expired sessions away when another opens', async () => {
    const id = await sessions.open(HASH, 0);
    await sessions.close(id);
    expect(await sessions.tokenHashOf(id, 1)).toBeUndefined();
    await sessions.open(HASH, 0);
    await sessions.open(HASH, 31 * 60 * 1000);
    expect(await dataSource.getRepository(ConsoleSessionEntity).count()).toBe(1);
  });

  it('reads only a well-formed session id from the Cookie header', () => {
    const id = 'x'.repeat(43);
    expect(consoleSessionId(`theme=dark; ${CONSOLE_COOKIE}=${id}`)).toBe(id);
    expect(consoleSessionId(`${CONSOLE_COOKIE}=short`)).toBeUndefined();
    expect(consoleSessionId(`${CONSOLE_COOKIE}=${id};x`)).toBe(id);
    expect(consoleSessionId(`other_${CONSOLE_COOKIE}=${id}`)).toBeUndefined();
    expect(consoleSessionId(undefined)).toBeUndefined();
    expect(consoleSessionId([`${CONSOLE_COOKIE}=${id}`])).toBeUndefined();
  });
});
