import fc from 'fast-check';
import { amsterdamDay, amsterdamParts, endOfDayMs, startOfDayMs } from './amsterdam-calendar';

const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

describe('startOfDayMs / endOfDayMs', () => {
  it('starts a winter day at 23:00 UTC the day before (CET, UTC+1)', () => {
    expect(startOfDayMs('2026-01-15')).toBe(utc('2026-01-14T23:00:00Z'));
    expect(endOfDayMs('2026-01-15')).toBe(utc('2026-01-15T23:00:00Z'));
  });

  it('starts a summer day at 22:00 UTC the day before (CEST, UTC+2)', () => {
    expect(startOfDayMs('2026-07-01')).toBe(utc('2026-06-30T22:00:00Z'));
    expect(endOfDayMs('2026-07-01')).toBe(utc('2026-07-01T22:00:00Z'));
  });

  it('gives the day the clocks go forward (2026-03-29) 23 hours', () => {
    expect(startOfDayMs('2026-03-29')).toBe(utc('2026-03-28T23:00:00Z'));
    expect(endOfDayMs('2026-03-29')).toBe(utc('2026-03-29T22:00:00Z'));
    expect(endOfDayMs('2026-03-29') - startOfDayMs('2026-03-29')).toBe(23 * HOUR);
    expect(startOfDayMs('2026-03-30')).toBe(utc('2026-03-29T22:00:00Z'));
  });

  it('gives the day the clocks go back (2026-10-25) 25 hours', () => {
    expect(startOfDayMs('2026-10-25')).toBe(utc('2026-10-24T22:00:00Z'));
    expect(endOfDayMs('2026-10-25')).toBe(utc('2026-10-25T23:00:00Z'));
    expect(endOfDayMs('2026-10-25') - startOfDayMs('2026-10-25')).toBe(25 * HOUR);
    expect(startOfDayMs('2026-10-26')).toBe(utc('2026-10-25T23:00:00Z'));
  });

  it('ends the last day of a month and of a year at the next day', () => {
    expect(endOfDayMs('2026-12-31')).toBe(utc('2026-12-31T23:00:00Z'));
    expect(endOfDayMs('2026-04-30')).toBe(startOfDayMs('2026-05-01'));
    expect(endOfDayMs('2028-02-28')).toBe(startOfDayMs('2028-02-29'));
    expect(endOfDayMs('2027-02-28')).toBe(startOfDayMs('2027-03-01'));
  });

  it('lays the days end to end through a whole year, DST included', () => {
    let day = '2026-01-01';
    for (let i = 0; i < 366; i++) {
      const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1)).toISOString().slice(0, 10);
      expect(endOfDayMs(day)).toBe(startOfDayMs(next));
      const length = endOfDayMs(day) - startOfDayMs(day);
      expect([23 * HOUR, 24 * HOUR, 25 * HOUR]).toContain(length);
      day = next;
    }
  });
});

describe('amsterdamDay', () => {
  it('names the Amsterdam calendar day of an instant', () => {
    expect(amsterdamDay(utc('2026-01-15T12:00:00Z'))).toBe('2026-01-15');
    expect(amsterdamDay(utc('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // 00:30 CET
    expect(amsterdamDay(utc('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(amsterdamDay(utc('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // 00:30 CEST
    expect(amsterdamDay(utc('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
  });

  it('is right at the edges of the DST days', () => {
    expect(amsterdamDay(utc('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
    expect(amsterdamDay(utc('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(amsterdamDay(utc('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(amsterdamDay(utc('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    expect(amsterdamDay(utc('2026-10-24T21:59:59Z'))).toBe('2026-10-24');
    expect(amsterdamDay(utc('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(amsterdamDay(utc('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(amsterdamDay(utc('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('does not answer from its cache for an instant outside the cached day, earlier or later', () => {
    expect(amsterdamDay(utc('2026-05-10T12:00:00Z'))).toBe('2026-05-10');
    expect(amsterdamDay(utc('2026-05-09T21:59:59Z'))).toBe('2026-05-09');
    expect(amsterdamDay(utc('2026-05-10T12:00:00Z'))).toBe('2026-05-10');
    expect(amsterdamDay(utc('2026-05-10T22:00:00Z'))).toBe('2026-05-11');
    expect(amsterdamDay(utc('2026-05-10T21:59:59.999Z'))).toBe('2026-05-10');
    expect(amsterdamDay(utc('2020-01-01T00:00:00Z'))).toBe('2020-01-01');
  });
});

describe('amsterdamParts', () => {
  const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const byIntl = (epochMs: number): Record<string, number> =>
    Object.fromEntries(intl.formatToParts(new Date(epochMs)).filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]));

  it('reads the same wall clock as the time-zone database for any instant from 1900 to 2100, clock changes included', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (epochMs) => {
        expect(amsterdamParts(epochMs)).toEqual(byIntl(epochMs));
      }),
      { numRuns: 5_000 },
    );
  });

  it('holds one offset through each whole UTC hour from 1977 to 2040: checked inside every hour of the months the clocks changed in', () => {
    const changeMonths = new Set([2, 3, 8, 9]); // March, April, September, October (1977–1980 changed in April and September)
    for (let start = Date.UTC(1977, 0, 1); start < Date.UTC(2040, 0, 1); start += HOUR) {
      if (!changeMonths.has(new Date(start).getUTCMonth())) continue;
      for (const at of [start + HOUR - 1000]) {
        const mine = amsterdamParts(at);
        const theirs = byIntl(at);
        if (mine.hour !== theirs.hour || mine.minute !== theirs.minute || mine.day !== theirs.day) expect({ at: new Date(at).toISOString(), mine }).toEqual({ at: new Date(at).toISOString(), mine: theirs });
      }
    }
  });
});
