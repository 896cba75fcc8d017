import { ReleasedFields } from '../../policy/released-payload';
import { NcipProblem, readProblems, responseHeader, ResponseAgencies } from './ncip-problem';
import { SCHEMES, USER_ID_TYPES, UserElementType } from './ncip-schemes';
import { NcipContext, ncipUserElements } from './ncip-user-fields';
import { CanonicalFields, readUserElements, readUserId } from './ncip-user-reader';
import { child, leaf, NcipMessageInvalid, node, NcipNode, readXml, writeNcipMessage } from './ncip-xml';

export interface LookupUserAnswer {
  /** The user elements the initiator asked for. */
  readonly elements: ReadonlySet<UserElementType>;
  /** The identifier the initiator sent: the response's UserId when the policy withholds the card number. */
  readonly userIdentifier: string;
  /** The initiator's agency, for the ResponseHeader. */
  readonly agencies?: ResponseAgencies;
}

/**
 * A LookupUserResponse from the released fields: only requested elements, and of those only what the
 * policy released — a requested element the policy withholds is simply absent. Valid against ncip_v2_02.xsd.
 */
export function toLookupUserResponse(fields: ReleasedFields, answer: LookupUserAnswer, context: NcipContext): string {
  const user = ncipUserElements(fields, context);
  const wants = (type: UserElementType) => answer.elements.has(type);
  const userId =
    user.cardUserId ??
    node('UserId', leaf('AgencyId', context.agencyId), leaf('UserIdentifierType', USER_ID_TYPES.card, SCHEMES.userIdentifierType), leaf('UserIdentifierValue', answer.userIdentifier));
  // UserOptionalFields in schema order.
  const optional = [
    wants('Name Information') ? user.nameInformation : undefined,
    wants('User Address Information') ? user.emailAddress : undefined,
    wants('Date Of Birth') ? user.dateOfBirth : undefined,
    ...(wants('User Privilege') ? user.privileges : []),
    wants('User Id') ? user.membershipUserId : undefined,
  ].filter((element): element is NcipNode => element !== undefined);
  return writeNcipMessage(
    node('LookupUserResponse', responseHeader(answer.agencies), userId, optional.length > 0 ? node('UserOptionalFields', ...optional) : undefined),
  );
}

export type ReadLookupUserResponse = { readonly problems: NcipProblem[] } | { readonly problems: []; readonly fields: CanonicalFields };

/** A LookupUserResponse (or a bare Problem answer) read back: its Problems, or the user as canonical fields. */
export function fromLookupUserResponse(xml: string): ReadLookupUserResponse {
  const root = readXml(xml);
  if (root.name !== 'NCIPMessage') throw new NcipMessageInvalid('the root element is not NCIPMessage');
  const problems = readProblems(root);
  if (problems.length > 0) return { problems };
  const response = child(root, 'LookupUserResponse');
  if (response === undefined) throw new NcipMessageInvalid('the answer is not a LookupUserResponse');
  const fields: CanonicalFields = {};
  readUserId(child(response, 'UserId'), fields);
  readUserElements(child(response, 'UserOptionalFields'), fields);
  return { problems: [], fields };
}
