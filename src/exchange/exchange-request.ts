import { GatewayError } from '../errors/gateway-error';
import { objectBody, onlyKeys, requiredString } from '../errors/request-body';

/** POST /api/v1/exchanges: a partner, a purpose, and the member by id — the system of record says the rest. */
export interface ExchangeRequest {
  readonly partner: string;
  readonly purpose: string;
  readonly memberId: string;
}

/**
 * Who a member is and what they consented to is the system of record's to say (the lending system),
 * never the caller's: an exchange names the member by `memberId`, and the gateway loads the member and
 * the consents from there. A member sent inline is refused before anything else is looked at — nothing
 * is stored, nothing sent. (Preview, which sends nothing, still takes an inline member.)
 */
export function parseExchangeRequest(body: unknown): ExchangeRequest {
  const request = objectBody(body);
  if (request.member !== undefined) {
    throw new GatewayError(
      'INLINE_MEMBER_REFUSED',
      "an exchange names the member by 'memberId': the gateway loads the member and their consents from the system of record (the lending system); a 'member' sent along is refused",
      422,
      { path: 'member', use: 'memberId' },
    );
  }
  onlyKeys(request, ['partner', 'purpose', 'memberId']);
  return { partner: requiredString(request, 'partner'), purpose: requiredString(request, 'purpose'), memberId: requiredString(request, 'memberId') };
}
