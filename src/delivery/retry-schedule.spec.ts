import { retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  it('doubles the ceiling per attempt from the base, up to the maximum', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, 1000, 10_000, top))).toEqual([999, 1999, 3999, 7999, 9999, 9999]);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(0);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(2000);
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(5, 100, 60_000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeLessThan(1600);
  });
});
