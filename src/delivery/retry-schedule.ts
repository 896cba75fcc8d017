/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in [0, min(max, base·2^(n-1))],
 * so partners that come back are not hit by every waiting delivery at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
