import { MappingFailed } from '../../errors/partner-errors';
import { ReleasedFields } from '../../policy/released-payload';
import { birthDateToNcip, calendarDay, endOfDayToNcip } from './ncip-dates';
import { AUTHENTICATION_INPUT_TYPES, PRIVILEGE_TYPES, SCHEMES, USER_ID_TYPES } from './ncip-schemes';
import { leaf, node, NcipNode } from './ncip-xml';

/** The released member fields an NCIP user record can carry; anything else is refused, never dropped. */
export const NCIP_USER_PATHS: readonly string[] = [
  'memberId',
  'cardNumber',
  'birthDate',
  'membership.subscription',
  'membership.status',
  'membership.validUntil',
  'name.prefix',
  'name.firstNames',
  'name.initials',
  'name.lastName',
  'email',
];

/** Who writes: the partner (for errors) and the library's NCIP agency id (on user ids and privileges). */
export interface NcipContext {
  readonly partner: string;
  readonly agencyId: string;
}

/** The NCIP elements for one member's released fields; each absent when the policy withheld its field. */
export interface NcipUserElements {
  readonly membershipUserId?: NcipNode;
  readonly cardUserId?: NcipNode;
  readonly cardAuthentication?: NcipNode;
  readonly nameInformation?: NcipNode;
  readonly emailAddress?: NcipNode;
  readonly dateOfBirth?: NcipNode;
  readonly privileges: readonly NcipNode[];
}

/** The leaf paths present in released fields ('membership.status', …). */
export function releasedPaths(fields: ReleasedFields, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return releasedPaths(value as ReleasedFields, path);
    return value === undefined ? [] : [path];
  });
}

export function textField(fields: ReleasedFields, path: string): string | undefined {
  let current: unknown = fields;
  for (const key of path.split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return typeof current === 'string' ? current : undefined;
}

function userId(agencyId: string, type: string, value: string | undefined): NcipNode | undefined {
  if (value === undefined) return undefined;
  return node('UserId', leaf('AgencyId', agencyId), leaf('UserIdentifierType', type, SCHEMES.userIdentifierType), leaf('UserIdentifierValue', value));
}

function day(fields: ReleasedFields, path: string, context: NcipContext): string | undefined {
  const value = textField(fields, path);
  if (value === undefined) return undefined;
  const parsed = calendarDay(value);
  if (parsed === undefined) throw new MappingFailed(context.partner, `'${path}' is released in a form (an age band or a year) that an NCIP date cannot carry`);
  return parsed;
}

function privilege(context: NcipContext, type: string, status: string | undefined, validTo: string | undefined): NcipNode | undefined {
  if (status === undefined && validTo === undefined) return undefined;
  return node(
    'UserPrivilege',
    leaf('AgencyId', context.agencyId),
    leaf('AgencyUserPrivilegeType', type),
    leaf('ValidToDate', validTo === undefined ? undefined : endOfDayToNcip(validTo)),
    status === undefined ? undefined : node('UserPrivilegeStatus', leaf('UserPrivilegeStatusType', status)),
  );
}

function nameInformation(fields: ReleasedFields, context: NcipContext): NcipNode | undefined {
  const parts = ['prefix', 'firstNames', 'initials', 'lastName'].map((key) => textField(fields, `name.${key}`));
  const [prefix, givenName, initials, surname] = parts;
  if (parts.every((part) => part === undefined)) return undefined;
  if (surname === undefined) throw new MappingFailed(context.partner, "an NCIP structured name needs 'name.lastName', which the policy withholds");
  const structured = node('StructuredPersonalUserName', leaf('Prefix', prefix), leaf('GivenName', givenName), leaf('Initials', initials), leaf('Surname', surname));
  return node('NameInformation', node('PersonalNameInformation', structured));
}

function emailAddress(fields: ReleasedFields): NcipNode | undefined {
  const email = textField(fields, 'email');
  if (email === undefined) return undefined;
  return node(
    'UserAddressInformation',
    leaf('UserAddressRoleType', 'Multi-Purpose', SCHEMES.userAddressRoleType),
    node('ElectronicAddress', leaf('ElectronicAddressType', 'mailto', SCHEMES.electronicAddressType), leaf('ElectronicAddressData', email)),
  );
}

/**
 * Released canonical fields → NCIP user elements. Pure. A field the policy withholds is simply absent;
 * a released field that NCIP cannot carry here fails the mapping (named by path, never by value).
 */
export function ncipUserElements(fields: ReleasedFields, context: NcipContext): NcipUserElements {
  const foreign = releasedPaths(fields).filter((path) => !NCIP_USER_PATHS.includes(path));
  if (foreign.length > 0) throw new MappingFailed(context.partner, `the NCIP mapping carries no ${foreign.map((path) => `'${path}'`).join(', ')}`);
  const card = textField(fields, 'cardNumber');
  const birthDate = day(fields, 'birthDate', context);
  return {
    membershipUserId: userId(context.agencyId, USER_ID_TYPES.membership, textField(fields, 'memberId')),
    cardUserId: userId(context.agencyId, USER_ID_TYPES.card, card),
    cardAuthentication:
      card === undefined
        ? undefined
        : node(
            'AuthenticationInput',
            leaf('AuthenticationInputData', card),
            leaf('AuthenticationDataFormatType', 'text/plain', SCHEMES.authenticationDataFormatType),
            leaf('AuthenticationInputType', AUTHENTICATION_INPUT_TYPES.barcode, SCHEMES.authenticationInputType),
          ),
    nameInformation: nameInformation(fields, context),
    emailAddress: emailAddress(fields),
    dateOfBirth: leaf('DateOfBirth', birthDate === undefined ? undefined : birthDateToNcip(birthDate)),
    privileges: [
      privilege(context, PRIVILEGE_TYPES.subscription, textField(fields, 'membership.subscription'), day(fields, 'membership.validUntil', context)),
      privilege(context, PRIVILEGE_TYPES.status, textField(fields, 'membership.status'), undefined),
    ].filter((element): element is NcipNode => element !== undefined),
  };
}
