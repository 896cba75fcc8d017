/** How a stored version stands: drafts wait for a second officer; approved versions take turns. */
export type StoredStatus = 'draft' | 'approved' | 'rejected';
export type VersionStatus = 'draft' | 'rejected' | 'scheduled' | 'active' | 'superseded';

export interface VersionTimeline {
  readonly number: number;
  readonly status: StoredStatus;
  /** ISO instant from which an approved version applies. */
  readonly effectiveFrom: string | null;
}

/**
 * The version in force at an instant: of the approved versions whose effective date has come, the
 * one that took effect last (the higher number on a tie).
 */
export function activeVersionNumber(versions: readonly VersionTimeline[], nowMs: number): number | undefined {
  let best: VersionTimeline | undefined;
  for (const version of versions) {
    if (version.status !== 'approved' || version.effectiveFrom === null) continue;
    if (Date.parse(version.effectiveFrom) > nowMs) continue;
    if (
      best === undefined ||
      (best.effectiveFrom as string) < version.effectiveFrom ||
      (best.effectiveFrom === version.effectiveFrom && best.number < version.number)
    ) {
      best = version;
    }
  }
  return best?.number;
}

/** The status of each version at an instant. */
export function statusAt(version: VersionTimeline, activeNumber: number | undefined, nowMs: number): VersionStatus {
  if (version.status === 'draft') return 'draft';
  if (version.status === 'rejected') return 'rejected';
  if (version.number === activeNumber) return 'active';
  if (version.effectiveFrom !== null && Date.parse(version.effectiveFrom) > nowMs) return 'scheduled';
  return 'superseded';
}
