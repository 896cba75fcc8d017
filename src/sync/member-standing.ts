import { ConsentName, Member } from '../domain/member';

const DAY_MS = 86_400_000;

/**
 * Whether the system of record still counts the member as a member on `today` ('YYYY-MM-DD'): not when
 * the membership is cancelled, nor when its validUntil passed more than `graceDays` days ago. A member
 * without a membership record counts as a member (the lending system says nothing to the contrary).
 */
export function isCurrentMember(member: Member, today: string, graceDays: number): boolean {
  const membership = member.membership;
  if (membership?.status === 'cancelled') return false;
  const until = membership?.validUntil;
  if (until === undefined) return true;
  const lapsedDays = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${until.slice(0, 10)}T00:00:00Z`)) / DAY_MS;
  return !(lapsedDays > graceDays);
}

/** The consents the member has given, as the system of record records them now. */
export function grantedConsents(member: Member): ReadonlySet<ConsentName> {
  const granted = new Set<ConsentName>();
  for (const [name, consent] of Object.entries(member.consents ?? {}) as [ConsentName, { granted?: boolean } | undefined][]) {
    if (consent?.granted === true) granted.add(name);
  }
  return granted;
}

/**
 * The first day ('YYYY-MM-DD') on which isCurrentMember says no because validUntil has passed (validUntil
 * + graceDays + 1); undefined without a validUntil. A cancelled membership needs no review day: the
 * cancellation itself is a change in the feed.
 */
export function lapseDay(member: Member, graceDays: number): string | undefined {
  const until = member.membership?.validUntil;
  if (until === undefined) return undefined;
  return new Date(Date.parse(`${until.slice(0, 10)}T00:00:00Z`) + (graceDays + 1) * DAY_MS).toISOString().slice(0, 10);
}
