import { createHmac } from 'node:crypto';

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in UTC: the WISE_KEY changes at midnight UTC. */
export function epochDay(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

/**
 * The WISE_KEY header that every request to the Wise Rest-API carries:
 * API-ID + ':' + hex(HMAC-SHA-256(key = API-KEY, message = UTC epoch day + ApplicationName)).
 */
export function wiseKey(apiId: string, apiKey: string, application: string, nowMs: number): string {
  const signature = createHmac('sha256', apiKey).update(`${epochDay(nowMs)}${application}`, 'utf8').digest('hex');
  return `${apiId}:${signature}`;
}
