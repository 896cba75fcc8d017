import { amsterdamDay, endOfDayMs, startOfDayMs } from './amsterdam-calendar';

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
