import { AxiosError, isAxiosError } from 'axios';
import { ConnectorError, isConnectorError, PartnerProtocolError, PartnerRejected, PartnerTimeout, PartnerUnavailable } from './connector-errors';

/** The partner's own short reason from an error answer, if it gives one in a common shape; never echoed data. */
function reasonOf(error: AxiosError): string {
  const data: unknown = error.response?.data;
  if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const code = record.code ?? (record.error as Record<string, unknown> | undefined)?.code;
    if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return `${error.response?.status ?? ''} ${code}`.trim();
  }
  return `HTTP ${error.response?.status ?? 'error'}`;
}

/**
 * An axios failure as a typed connector error: no answer or 5xx → unavailable (retry), timeout or abort →
 * timeout (retry), 4xx → rejected (no retry) with the partner's code. Never includes URLs or bodies,
 * which can hold member data.
 */
export function connectorErrorFromHttp(partner: string, error: unknown, timeoutMs: number): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!isAxiosError(error)) return new PartnerProtocolError(partner, error instanceof Error ? error.name : 'unknown failure');
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED') return new PartnerTimeout(partner, timeoutMs);
  const status = error.response?.status;
  if (status === undefined) return new PartnerUnavailable(partner, error.code ?? 'no answer');
  if (status >= 500 || status === 429 || status === 408) return new PartnerUnavailable(partner, `HTTP ${status}`);
  return new PartnerRejected(partner, reasonOf(error));
}

/** A non-2xx answer read by PlainHttp: 5xx, 408 and 429 → unavailable (retry), any other → rejected (no retry). */
export function connectorErrorFromStatus(partner: string, status: number): ConnectorError {
  if (status >= 500 || status === 429 || status === 408) return new PartnerUnavailable(partner, `HTTP ${status}`);
  if (status >= 400) return new PartnerRejected(partner, `HTTP ${status}`);
  return new PartnerProtocolError(partner, `unexpected HTTP ${status}`);
}

/** A PlainHttp exchange that failed before any answer: the caller's abort or a silent partner → timeout, anything else → unavailable. */
export function connectorErrorFromFailure(partner: string, error: unknown, signal: AbortSignal, timeoutMs: number): ConnectorError {
  if (isConnectorError(error)) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (signal.aborted || code === 'ETIMEDOUT') return new PartnerTimeout(partner, timeoutMs);
  // Never the error's message: it may hold the URL.
  return new PartnerUnavailable(partner, code ?? (error instanceof Error ? error.name : 'no answer'));
}
