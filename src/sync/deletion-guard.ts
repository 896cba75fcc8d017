import { PlannedChange } from './lifecycle-sync.service';

const ENDING = new Set(['left', 'erased', 'consent-withdrawn']);

/**
 * The accidental-deletion guard: partners to which one cycle would send more than `threshold` ending
 * messages (left, erased, consent-withdrawn). A mass cancellation — a wrong import, a branch closed by
 * mistake in the lending system — is held for an officer instead of deregistering thousands at once.
 */
export function partnersOverThreshold(changes: readonly PlannedChange[], threshold: number): Set<string> {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const ending = change.plan.sends.filter((send) => ENDING.has(send.event)).length;
    if (ending > 0) counts.set(change.partner, (counts.get(change.partner) ?? 0) + ending);
  }
  return new Set([...counts].filter(([, count]) => count > threshold).map(([partner]) => partner));
}
