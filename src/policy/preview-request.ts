import { ValidMember } from '../domain/member';
import { validateMember } from '../domain/member.validator';
import { ValidationFailed } from '../errors/gateway-error';
import { objectBody, onlyKeys, optionalPositiveInteger, requiredString } from '../errors/request-body';

/** `{ partner, purpose, member, version? }`: a dry run of one partner's policy (or a named version) for one member. */
export interface PreviewRequest {
  readonly partner: string;
  readonly purpose: string;
  readonly version: number | undefined;
  readonly member: ValidMember;
}

/** Reads a preview request; the member is checked against the contract, violations named under `member.`. */
export function parsePreviewRequest(body: unknown): PreviewRequest {
  const request = objectBody(body);
  onlyKeys(request, ['partner', 'purpose', 'member', 'version']);
  const partner = requiredString(request, 'partner');
  const purpose = requiredString(request, 'purpose');
  const version = optionalPositiveInteger(request, 'version');
  if (request.member === undefined) throw new ValidationFailed('request body', [{ path: 'member', message: 'required field is missing' }]);
  const member = validateMember(request.member);
  if (!member.ok) {
    throw new ValidationFailed('member', member.violations.map((v) => ({ path: v.path === '' ? 'member' : `member.${v.path}`, message: v.message })));
  }
  return { partner, purpose, version, member: member.member };
}
