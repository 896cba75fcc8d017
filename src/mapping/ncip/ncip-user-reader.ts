import { amsterdamDayOfNcip, dayOfNcipDate } from './ncip-dates';
import { AUTHENTICATION_INPUT_TYPES, PRIVILEGE_TYPES, USER_ID_TYPES } from './ncip-schemes';
import { child, childrenNamed, normalizedValue, textAt, XmlElement } from './ncip-xml';

/** Canonical member fields as read from an NCIP message, nested like the member ('membership.status'). */
export type CanonicalFields = Record<string, unknown>;

function put(target: CanonicalFields, path: string, value: string | undefined): void {
  if (value === undefined) return;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let current = target;
  for (const key of keys) {
    const next = current[key];
    current = (next !== null && typeof next === 'object' ? next : (current[key] = {})) as CanonicalFields;
  }
  current[last] = value;
}

const same = (text: string | undefined, expected: string): boolean => text !== undefined && normalizedValue(text) === normalizedValue(expected);

/** A UserId element into memberId (Institution Id Number) or cardNumber (Barcode, or no type given). */
export function readUserId(userId: XmlElement | undefined, into: CanonicalFields): void {
  const value = textAt(userId, 'UserIdentifierValue');
  const type = textAt(userId, 'UserIdentifierType');
  put(into, same(type, USER_ID_TYPES.membership) ? 'memberId' : 'cardNumber', value);
}

function readPrivilege(privilege: XmlElement, into: CanonicalFields): void {
  const type = textAt(privilege, 'AgencyUserPrivilegeType');
  const status = textAt(privilege, 'UserPrivilegeStatus', 'UserPrivilegeStatusType');
  if (same(type, PRIVILEGE_TYPES.subscription)) {
    put(into, 'membership.subscription', status);
    put(into, 'membership.validUntil', amsterdamDayOfNcip(textAt(privilege, 'ValidToDate')));
  } else if (same(type, PRIVILEGE_TYPES.status)) {
    put(into, 'membership.status', status);
  }
}

function readName(nameInformation: XmlElement | undefined, into: CanonicalFields): void {
  const structured = child(child(nameInformation, 'PersonalNameInformation'), 'StructuredPersonalUserName');
  put(into, 'name.prefix', textAt(structured, 'Prefix'));
  put(into, 'name.firstNames', textAt(structured, 'GivenName'));
  put(into, 'name.initials', textAt(structured, 'Initials'));
  put(into, 'name.lastName', textAt(structured, 'Surname'));
}

function readEmail(addresses: readonly XmlElement[], into: CanonicalFields): void {
  for (const address of addresses) {
    const electronic = child(address, 'ElectronicAddress');
    const type = textAt(electronic, 'ElectronicAddressType');
    if (type !== undefined && /^(mailto|e-?mail|electronic mail address)$/i.test(type)) put(into, 'email', textAt(electronic, 'ElectronicAddressData'));
  }
}

/**
 * The user elements of an NCIP container (UserOptionalFields, AddUserFields, a response) read back as
 * canonical fields: the inverse of ncipUserElements. Unknown elements are ignored.
 */
export function readUserElements(container: XmlElement | undefined, into: CanonicalFields = {}): CanonicalFields {
  for (const userId of childrenNamed(container, 'UserId')) readUserId(userId, into);
  for (const input of childrenNamed(container, 'AuthenticationInput')) {
    if (same(textAt(input, 'AuthenticationInputType'), AUTHENTICATION_INPUT_TYPES.barcode)) put(into, 'cardNumber', textAt(input, 'AuthenticationInputData'));
  }
  readName(child(container, 'NameInformation'), into);
  readEmail(childrenNamed(container, 'UserAddressInformation'), into);
  put(into, 'birthDate', dayOfNcipDate(textAt(container, 'DateOfBirth')));
  for (const privilege of childrenNamed(container, 'UserPrivilege')) readPrivilege(privilege, into);
  return into;
}
