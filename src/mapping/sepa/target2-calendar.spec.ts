import fc from 'fast-check';
import { addCalendarDays, amsterdamDateTime, calendarDaysBetween, dayInAmsterdam, isIsoDate } from './sepa-dates';
import {
  addTargetDays,
  checkCollectionDate,
  earliestCollectionDate,
  earliestPermittedCollectionDate,
  easterSunday,
  isTargetDay,
  targetDayOnOrAfter,
  targetHolidays,
} from './target2-calendar';

describe('Easter Sunday (Gregorian computus)', () => {
  it('matches the calendar for a range of years, including the earliest and latest possible dates', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22', // earliest possible (22 March)
      1943: '1943-04-25', // latest possible (25 April)
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2030: '2030-04-21',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, easter] of Object.entries(known)) expect([year, easterSunday(Number(year))]).toEqual([year, easter]);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        expect(new Date(`${easter}T00:00:00Z`).getUTCDay()).toBe(0);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }),
    );
  });
});

describe('TARGET2 closing days', () => {
  it('lists the six holidays of a year', () => {
    expect(targetHolidays(2026)).toEqual(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26']);
  });

  it('is closed around Christmas and New Year and open between them', () => {
    expect(isTargetDay('2025-12-24')).toBe(true); // Wednesday
    expect(isTargetDay('2025-12-25')).toBe(false);
    expect(isTargetDay('2025-12-26')).toBe(false);
    expect(isTargetDay('2025-12-27')).toBe(false); // Saturday
    expect(isTargetDay('2025-12-29')).toBe(true);
    expect(isTargetDay('2025-12-31')).toBe(true);
    expect(isTargetDay('2026-01-01')).toBe(false);
    expect(isTargetDay('2026-01-02')).toBe(true);
  });

  it('is closed on Good Friday and Easter Monday, open on Dutch holidays that are not TARGET holidays', () => {
    expect(isTargetDay('2026-04-02')).toBe(true); // Maundy Thursday
    expect(isTargetDay('2026-04-03')).toBe(false); // Good Friday
    expect(isTargetDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isTargetDay('2026-04-07')).toBe(true);
    expect(isTargetDay('2025-04-18')).toBe(false); // Good Friday 2025
    expect(isTargetDay('2025-04-21')).toBe(false); // Easter Monday 2025
    expect(isTargetDay('2026-05-01')).toBe(false); // Labour Day, a Friday
    expect(isTargetDay('2026-04-27')).toBe(true); // King's Day
    expect(isTargetDay('2026-05-05')).toBe(true); // Liberation Day
    expect(isTargetDay('2026-05-14')).toBe(true); // Ascension Day
    expect(isTargetDay('2026-05-25')).toBe(true); // Whit Monday
  });

  it('counts TARGET days forward and back over closing days', () => {
    expect(addTargetDays('2025-12-24', 1)).toBe('2025-12-29');
    expect(addTargetDays('2025-12-29', -1)).toBe('2025-12-24');
    expect(addTargetDays('2025-12-31', 1)).toBe('2026-01-02');
    expect(addTargetDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addTargetDays('2026-04-02', 3)).toBe('2026-04-09');
    expect(addTargetDays('2026-03-07', 0)).toBe('2026-03-07');
    expect(targetDayOnOrAfter('2026-04-03')).toBe('2026-04-07');
    expect(targetDayOnOrAfter('2026-04-07')).toBe('2026-04-07');
    expect(() => addTargetDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => isTargetDay('2 maart')).toThrow(RangeError);
  });

  it('addTargetDays lands on a TARGET day with exactly n TARGET days passed, and comes back', () => {
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = addTargetDays(start, n);
        expect(isTargetDay(end)).toBe(true);
        let passed = 0;
        for (let current = addCalendarDays(start, 1); current <= end; current = addCalendarDays(current, 1)) if (isTargetDay(current)) passed += 1;
        expect(passed).toBe(n);
        // Back n TARGET days: the start itself, or the last TARGET day before it when it was a closing day.
        expect(addTargetDays(end, -n)).toBe(isTargetDay(start) ? start : addTargetDays(start, -1));
      }),
    );
  });
});

describe('collection dates (SEPA Core, D-1 since the 2016 rulebook)', () => {
  it('needs the file one TARGET day before the collection date, for first and recurring collections alike', () => {
    expect(earliestCollectionDate('2026-03-02', 'FRST')).toBe('2026-03-03');
    expect(earliestCollectionDate('2026-03-02', 'RCUR')).toBe('2026-03-03');
    expect(earliestCollectionDate('2026-04-02', 'OOFF')).toBe('2026-04-07'); // over Easter
    expect(earliestCollectionDate('2025-12-24', 'FNAL')).toBe('2025-12-29'); // over Christmas
    // A file arriving on a Saturday is taken on Monday: the collection can be on Tuesday.
    expect(earliestCollectionDate('2026-03-07', 'RCUR')).toBe('2026-03-10');
    // A bank asking for more lead time.
    expect(earliestCollectionDate('2026-03-02', 'FRST', 2)).toBe('2026-03-04');
  });

  it('accepts a TARGET day that is D-1 or later and at least the pre-notification period away', () => {
    expect(checkCollectionDate('2026-03-16', '2026-03-02')).toBeUndefined(); // 14 days
    expect(checkCollectionDate('2026-03-03', '2026-03-02', 0)).toBeUndefined();
    expect(checkCollectionDate('2026-03-09', '2026-03-02', 7)).toBeUndefined();
  });

  it('gives the reason and the earliest date that works', () => {
    expect(checkCollectionDate('2026-03-14', '2026-03-02')).toMatchObject({ reason: 'not-a-target-day', earliest: '2026-03-16' });
    expect(checkCollectionDate('2026-04-06', '2026-03-02')).toMatchObject({ reason: 'not-a-target-day' });
    expect(checkCollectionDate('2026-03-02', '2026-03-02', 0)).toMatchObject({ reason: 'too-early', earliest: '2026-03-03' });
    expect(checkCollectionDate('2026-02-27', '2026-03-02', 0)).toMatchObject({ reason: 'too-early' });
    expect(checkCollectionDate('2026-03-13', '2026-03-02')).toMatchObject({ reason: 'pre-notification', earliest: '2026-03-16' });
    expect(checkCollectionDate('2026-03-05', '2026-03-02', 5)).toMatchObject({ reason: 'pre-notification', earliest: '2026-03-09' });
    expect(checkCollectionDate('2026-13-01', '2026-03-02')).toMatchObject({ reason: 'not-a-date' });
    // The 14th day is Good Friday: the earliest is the Tuesday after Easter.
    expect(earliestPermittedCollectionDate('2026-03-20')).toBe('2026-04-07');
    expect(checkCollectionDate('2026-04-03', '2026-03-20')?.message).toContain('2026-04-07');
  });

  it('the earliest permitted date always passes the check, and the TARGET day before it never does', () => {
    const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 30 }), (today, notice) => {
        const earliest = earliestPermittedCollectionDate(today, notice);
        expect(checkCollectionDate(earliest, today, notice)).toBeUndefined();
        expect(checkCollectionDate(addTargetDays(earliest, -1), today, notice)).toBeDefined();
        expect(calendarDaysBetween(today, earliest)).toBeGreaterThanOrEqual(Math.max(notice, 1));
      }),
    );
  });
});

describe('days and instants in the Netherlands', () => {
  it('takes the Dutch day and offset, across daylight saving time', () => {
    expect(dayInAmsterdam(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(amsterdamDateTime(new Date('2026-01-15T08:00:00.750Z'))).toBe('2026-01-15T09:00:00+01:00');
    expect(amsterdamDateTime(new Date('2026-07-15T08:00:00Z'))).toBe('2026-07-15T10:00:00+02:00');
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('20260301')).toBe(false);
  });
});
