import { MappingFailed } from '../../errors/partner-errors';
import { ReleasedFields } from '../../policy/released-payload';
import { NcipContext, ncipUserElements, releasedPaths } from './ncip-user-fields';
import { CanonicalFields, readUserElements, readUserId } from './ncip-user-reader';
import { child, leaf, NcipMessageInvalid, node, NcipNode, readXml, writeNcipMessage } from './ncip-xml';

/**
 * How a member is registered with an NCIP partner. NCIP 2.02 CreateUser requires NameInformation, which
 * the KB does not receive, so a registration is an UpdateUser that the partner applies as create-or-update
 * (the application profile agreed with the KB); a deregistration is a DeleteUser.
 */
export type RegistrationService = 'UpdateUser' | 'DeleteUser';

export interface RegistrationContext extends NcipContext {
  /** The partner's NCIP agency id (ToAgencyId). */
  readonly partnerAgencyId: string;
}

function initiationHeader(context: RegistrationContext): NcipNode {
  return node('InitiationHeader', node('FromAgencyId', leaf('AgencyId', context.agencyId)), node('ToAgencyId', leaf('AgencyId', context.partnerAgencyId)));
}

/**
 * Released fields → an UpdateUser (or DeleteUser) message, UTF-8 XML valid against ncip_v2_02.xsd. The
 * user is named by the membership number when released (the stable key), else by the card number.
 */
export function toNcipRegistration(service: RegistrationService, fields: ReleasedFields, context: RegistrationContext): string {
  const user = ncipUserElements(fields, context);
  const key = user.membershipUserId ?? user.cardUserId;
  if (key === undefined) throw new MappingFailed(context.partner, "an NCIP user needs 'memberId' or 'cardNumber', and the policy releases neither");
  if (service === 'DeleteUser') {
    const extra = releasedPaths(fields).filter((path) => path !== (user.membershipUserId !== undefined ? 'memberId' : 'cardNumber'));
    if (extra.length > 0) throw new MappingFailed(context.partner, `a DeleteUser names the user only; the policy also releases ${extra.map((p) => `'${p}'`).join(', ')}`);
    return writeNcipMessage(node('DeleteUser', initiationHeader(context), key));
  }
  const added = [
    user.membershipUserId !== undefined ? user.cardAuthentication : undefined,
    user.nameInformation,
    user.emailAddress,
    user.dateOfBirth,
    ...user.privileges,
  ].filter((element): element is NcipNode => element !== undefined);
  return writeNcipMessage(node('UpdateUser', initiationHeader(context), key, added.length > 0 ? node('AddUserFields', ...added) : undefined));
}

export interface ReadRegistration {
  readonly service: string;
  readonly fromAgencyId?: string;
  readonly fields: CanonicalFields;
}

/** An UpdateUser or DeleteUser read back as canonical fields: the inverse of toNcipRegistration. */
export function fromNcipRegistration(xml: string): ReadRegistration {
  const root = readXml(xml);
  const message = root.children[0];
  if (root.name !== 'NCIPMessage' || message === undefined) throw new NcipMessageInvalid('the root element is not NCIPMessage');
  const fields: CanonicalFields = {};
  readUserId(child(message, 'UserId'), fields);
  readUserElements(child(message, 'AddUserFields'), fields);
  const from = child(child(child(message, 'InitiationHeader'), 'FromAgencyId'), 'AgencyId')?.text;
  return { service: message.name, ...(from !== undefined && from !== '' ? { fromAgencyId: from } : {}), fields };
}
