import { CONSOLE_COOKIE, consoleSessionId, ConsoleSessions } from './console-sessions';

const HASH = 'a'.repeat(64);

describe('ConsoleSessions', () => {
  it('gives an opaque random id that maps to the token hash, and not the other way round', () => {
    const sessions = new ConsoleSessions();
    const id = sessions.open(HASH, 0);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).not.toContain(HASH);
    expect(sessions.open(HASH, 0)).not.toBe(id);
    expect(sessions.tokenHashOf(id, 1000)).toBe(HASH);
    expect(sessions.tokenHashOf('b'.repeat(43), 1000)).toBeUndefined();
  });

  it('ends a session after 30 minutes without use, and after 8 hours in any case', () => {
    const sessions = new ConsoleSessions();
    const idle = sessions.open(HASH, 0);
    expect(sessions.tokenHashOf(idle, 30 * 60 * 1000 + 1)).toBeUndefined();
    const busy = sessions.open(HASH, 0);
    for (let minute = 20; minute < 8 * 60; minute += 20) expect(sessions.tokenHashOf(busy, minute * 60 * 1000)).toBe(HASH);
    expect(sessions.tokenHashOf(busy, 8 * 60 * 60 * 1000 + 1)).toBeUndefined();
  });

  it('ends a session on sign-out', () => {
    const sessions = new ConsoleSessions();
    const id = sessions.open(HASH, 0);
    sessions.close(id);
    expect(sessions.tokenHashOf(id, 1)).toBeUndefined();
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
