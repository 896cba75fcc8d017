import { ConnectorError, MemberNotFound, PartnerProtocolError, PartnerRejected, PartnerUnavailable } from '../sdk/connector-errors';

/** What a 404 means for the call: the patron asked for does not exist, or the request was wrong. */
export type NotFoundMeans = 'member' | 'rejected';

const MAX_REASON = 200;

/**
 * The partner's reason for a refusal, short and stripped of what could be member data: the text of
 * its error message (never our request), with e-mail addresses and runs of digits (card numbers,
 * patron ids, postcodes, phone numbers) blanked.
 */
export function partnerReason(body: string, status: number): string {
  let reason: unknown = body;
  try {
    const parsed: unknown = JSON.parse(body);
    reason = messageOf(parsed) ?? body;
  } catch {
    // Not JSON: the text itself is the reason.
  }
  const text = (typeof reason === 'string' ? reason : '')
    .replace(/[^\s@]+@[^\s@]+/g, '[…]')
    .replace(/\d[\d\s-]{2,}\d/g, '[…]')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '' || text.startsWith('<')) return `HTTP ${status}`;
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['message', 'reason', 'errorMessage', 'error_description', 'detail', 'error']) {
    const found = messageOf(record[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A non-2xx answer → the typed error that tells delivery whether to retry. */
export function errorForStatus(partner: string, status: number, body: string, notFound: NotFoundMeans): ConnectorError {
  if (status === 404 && notFound === 'member') return new MemberNotFound(partner);
  if (status === 408 || status === 429) return new PartnerUnavailable(partner, `HTTP ${status}`);
  if (status >= 500) return new PartnerUnavailable(partner, `HTTP ${status}`);
  if (status >= 400) return new PartnerRejected(partner, partnerReason(body, status));
  return new PartnerProtocolError(partner, `unexpected HTTP ${status}`);
}
