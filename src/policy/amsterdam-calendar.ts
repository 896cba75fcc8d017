/**
 * Calendar days as the library counts them: in Europe/Amsterdam. An agreement that runs until
 * 2026-12-31 ends at midnight in Staphorst, not in UTC.
 */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Amsterdam wall-clock fields (year, month, day, hour, minute, second) of an instant, as numbers. */
export function amsterdamParts(epochMs: number): Record<string, number> {
  return Object.fromEntries(
    formatter
      .formatToParts(new Date(epochMs))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  );
}

function offsetMinutesAt(epochMs: number): number {
  const parts = amsterdamParts(epochMs);
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** The instant at which the given calendar day ('YYYY-MM-DD') begins in Amsterdam. */
export function startOfDayMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
  // Two passes settle the offset also on the days the clocks change.
  let guess = utcMidnight - offsetMinutesAt(utcMidnight) * 60000;
  guess = utcMidnight - offsetMinutesAt(guess) * 60000;
  return guess;
}

/** The instant at which the day after the given calendar day begins in Amsterdam. */
export function endOfDayMs(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
  return startOfDayMs(next);
}

let cached: { from: number; until: number; day: string } | undefined;

/** Today's date ('YYYY-MM-DD') in Amsterdam at the given instant; cached for the rest of that day. */
export function amsterdamDay(epochMs: number): string {
  if (cached !== undefined && epochMs >= cached.from && epochMs < cached.until) return cached.day;
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  cached = { day, from: startOfDayMs(day), until: endOfDayMs(day) };
  return day;
}
