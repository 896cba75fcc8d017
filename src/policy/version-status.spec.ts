import { activeVersionNumber, statusAt, VersionTimeline } from './version-status';

const day = (d: string): string => new Date(`${d}T00:00:00.000Z`).toISOString();
const now = Date.parse('2026-06-15T12:00:00Z');

describe('version status', () => {
  const versions: VersionTimeline[] = [
    { number: 1, status: 'approved', effectiveFrom: day('2026-01-01') },
    { number: 2, status: 'approved', effectiveFrom: day('2026-06-01') },
    { number: 3, status: 'draft', effectiveFrom: null },
    { number: 4, status: 'approved', effectiveFrom: day('2026-07-01') },
  ];

  it('takes the approved version that took effect last, never a draft or a future one', () => {
    expect(activeVersionNumber(versions, now)).toBe(2);
    expect(activeVersionNumber(versions, Date.parse('2026-07-01T00:00:00Z'))).toBe(4);
    expect(activeVersionNumber(versions, Date.parse('2025-12-31T23:59:59Z'))).toBeUndefined();
  });

  it('names every version draft, scheduled, active or superseded', () => {
    const active = activeVersionNumber(versions, now);
    expect(versions.map((v) => statusAt(v, active, now))).toEqual(['superseded', 'active', 'draft', 'scheduled']);
  });

  it('prefers the higher number when two take effect at the same instant', () => {
    const tie: VersionTimeline[] = [
      { number: 5, status: 'approved', effectiveFrom: day('2026-01-01') },
      { number: 6, status: 'approved', effectiveFrom: day('2026-01-01') },
    ];
    expect(activeVersionNumber(tie, now)).toBe(6);
  });
});
