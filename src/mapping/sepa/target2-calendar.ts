import { addCalendarDays, calendarDaysBetween, isIsoDate, isoDay, weekday } from './sepa-dates';

/**
 * The TARGET2 (T2) calendar, on which SEPA interbank settlement runs: every day except Saturdays, Sundays,
 * New Year's Day, Good Friday, Easter Monday, 1 May (Labour Day), 25 and 26 December (ECB, since 2000).
 * Days are ISO strings (YYYY-MM-DD).
 */

export type SequenceType = 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError('Easter is computed for Gregorian years 1583 to 9999');
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(year, month, day);
}

/** The TARGET holidays of a year (the closing days that are not weekends by rule; some may fall on one). */
export function targetHolidays(year: number): string[] {
  const easter = easterSunday(year);
  return [isoDay(year, 1, 1), addCalendarDays(easter, -2), addCalendarDays(easter, 1), isoDay(year, 5, 1), isoDay(year, 12, 25), isoDay(year, 12, 26)];
}

const holidayCache = new Map<number, ReadonlySet<string>>();

function holidaysOf(year: number): ReadonlySet<string> {
  let holidays = holidayCache.get(year);
  if (holidays === undefined) {
    holidays = new Set(targetHolidays(year));
    holidayCache.set(year, holidays);
  }
  return holidays;
}

/** True when TARGET2 settles on this day. Throws RangeError for what is no YYYY-MM-DD day. */
export function isTargetDay(day: string): boolean {
  const dayOfWeek = weekday(day);
  if (dayOfWeek === 0 || dayOfWeek === 6) return false;
  return !holidaysOf(Number(day.slice(0, 4))).has(day);
}

/**
 * Moves `n` TARGET days from `day`: n = 1 is the first TARGET day after `day`, n = -1 the last one before it,
 * n = 0 is `day` itself (TARGET day or not). `day` need not be a TARGET day.
 */
export function addTargetDays(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError('a number of TARGET days is a whole number');
  const step = n < 0 ? -1 : 1;
  let current = day;
  for (let left = Math.abs(n); left > 0; ) {
    current = addCalendarDays(current, step);
    if (isTargetDay(current)) left -= 1;
  }
  if (n === 0) weekday(day); // validates the day
  return current;
}

/** `day` when it is a TARGET day, otherwise the first TARGET day after it. */
export function targetDayOnOrAfter(day: string): string {
  return isTargetDay(day) ? day : addTargetDays(day, 1);
}

/**
 * SEPA Core lead time: the creditor bank must have the collection at least one TARGET day before the
 * collection date (D-1), for first and recurring collections alike, since the SDD Core rulebook of November
 * 2016 (before: D-5 for FRST/OOFF, D-2 for RCUR/FNAL). Some banks ask their customers for more; pass it.
 */
export const SEPA_CORE_LEAD_TARGET_DAYS = 1;

/**
 * The earliest collection date for a file that reaches the bank `today` (a day; a file after the bank's
 * cut-off time counts as arriving the next day: pass that day). A file arriving on a closing day is taken on
 * the next TARGET day, and the collection date is `leadTargetDays` TARGET days after that. The sequence type
 * no longer changes the lead time (D-1 for all); it is taken so a bank with different terms can be followed.
 */
export function earliestCollectionDate(today: string, sequenceType: SequenceType, leadTargetDays: number = SEPA_CORE_LEAD_TARGET_DAYS): string {
  if (!['FRST', 'RCUR', 'OOFF', 'FNAL'].includes(sequenceType)) throw new RangeError('a sequence type is FRST, RCUR, OOFF or FNAL');
  if (!Number.isInteger(leadTargetDays) || leadTargetDays < 1) throw new RangeError('the lead time is at least one TARGET day');
  return addTargetDays(targetDayOnOrAfter(today), leadTargetDays);
}

/** The SEPA default pre-notification period in calendar days, unless creditor and debtor agreed otherwise. */
export const SEPA_DEFAULT_PRE_NOTIFICATION_DAYS = 14;

export type CollectionDateReason = 'not-a-date' | 'not-a-target-day' | 'too-early' | 'pre-notification';

/** Why a requested collection date cannot be used, and the earliest one that can. */
export interface CollectionDateProblem {
  readonly reason: CollectionDateReason;
  readonly message: string;
  /** The earliest collection date that meets the TARGET calendar, D-1 and the pre-notification period. */
  readonly earliest?: string;
}

/** The earliest day that is a TARGET day, D-1 after `today` and `preNotificationDays` calendar days after it. */
export function earliestPermittedCollectionDate(today: string, preNotificationDays: number = SEPA_DEFAULT_PRE_NOTIFICATION_DAYS): string {
  if (!Number.isInteger(preNotificationDays) || preNotificationDays < 0) throw new RangeError('a pre-notification period is a whole number of days, not negative');
  const byLeadTime = earliestCollectionDate(today, 'RCUR');
  const byNotice = targetDayOnOrAfter(addCalendarDays(today, preNotificationDays));
  return byLeadTime > byNotice ? byLeadTime : byNotice;
}

/**
 * Checks a requested collection date against the TARGET2 calendar, the D-1 lead time and the pre-notification
 * period (`preNotificationDays` calendar days from `today`, the day the members are notified at the latest;
 * 14 by default, less when the library agreed less with its members). Undefined when the date can be used.
 */
export function checkCollectionDate(requested: string, today: string, preNotificationDays: number = SEPA_DEFAULT_PRE_NOTIFICATION_DAYS): CollectionDateProblem | undefined {
  if (!isIsoDate(today)) throw new RangeError('today is written YYYY-MM-DD');
  if (!isIsoDate(requested)) return { reason: 'not-a-date', message: 'the collection date is not a day written YYYY-MM-DD' };
  const earliest = earliestPermittedCollectionDate(today, preNotificationDays);
  if (!isTargetDay(requested)) {
    return { reason: 'not-a-target-day', message: `${requested} is not a TARGET2 day (weekend or TARGET holiday); the next one is ${targetDayOnOrAfter(requested)}`, earliest };
  }
  const byLeadTime = earliestCollectionDate(today, 'RCUR');
  if (requested < byLeadTime) {
    return { reason: 'too-early', message: `${requested} is too early: the bank needs the file at least one TARGET day before the collection date (D-1); the earliest is ${earliest}`, earliest };
  }
  if (calendarDaysBetween(today, requested) < preNotificationDays) {
    return { reason: 'pre-notification', message: `${requested} leaves less than the ${preNotificationDays} days of pre-notification; the earliest is ${earliest}`, earliest };
  }
  return undefined;
}
