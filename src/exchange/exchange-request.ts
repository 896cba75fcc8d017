import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, optionalString, requiredString } from '../errors/request-body';

/** POST /api/v1/exchanges: a partner, a purpose, and the member by id (from the lending system) or in full. */
export type ExchangeRequest =
  | { readonly partner: string; readonly purpose: string; readonly memberId: string }
  | { readonly partner: string; readonly purpose: string; readonly member: unknown };

export function parseExchangeRequest(body: unknown): ExchangeRequest {
  const request = objectBody(body);
  onlyKeys(request, ['partner', 'purpose', 'memberId', 'member']);
  const partner = requiredString(request, 'partner');
  const purpose = requiredString(request, 'purpose');
  const memberId = optionalString(request, 'memberId');
  const hasMember = request.member !== undefined;
  if ((memberId === undefined) === !hasMember) {
    throw new ValidationFailed('request body', [{ path: 'memberId', message: "give either 'memberId' or 'member', not both and not neither" }]);
  }
  return memberId !== undefined ? { partner, purpose, memberId } : { partner, purpose, member: request.member };
}
