/**
 * The NCIP scheme values the gateway writes (NISO Z39.83 Version 1 schemes, which NCIP 2.0x keeps).
 * Agency-defined values (subscription types, privilege types) carry no Scheme.
 */
const NISO = 'http://www.niso.org/ncip/v1_0';

export const SCHEMES = {
  userIdentifierType: `${NISO}/imp1/schemes/visibleuseridentifiertype/visibleuseridentifiertype.scm`,
  authenticationInputType: `${NISO}/imp1/schemes/authenticationinputtype/authenticationinputtype.scm`,
  authenticationDataFormatType: 'http://www.iana.org/assignments/media-types',
  userElementType: `${NISO}/schemes/userelementtype/userelementtype.scm`,
  electronicAddressType: 'http://www.iana.org/assignments/uri-schemes.html',
  userAddressRoleType: `${NISO}/imp1/schemes/useraddressroletype/useraddressroletype.scm`,
  agencyElementType: `${NISO}/imp1/schemes/agencyelementtype/agencyelementtype.scm`,
  generalProcessingError: `${NISO}/schemes/processingerrortype/generalprocessingerror.scm`,
  lookupUserProcessingError: `${NISO}/schemes/processingerrortype/lookupuserprocessingerror.scm`,
  messagingError: `${NISO}/schemes/messagingerrortype/messagingerrortype.scm`,
} as const;

/** UserIdentifierType: the library card's barcode, and the library's own membership number. */
export const USER_ID_TYPES = { card: 'Barcode', membership: 'Institution Id Number' } as const;

/** AuthenticationInputType values. */
export const AUTHENTICATION_INPUT_TYPES = { barcode: 'Barcode Id', pin: 'PIN' } as const;

/** UserElementType values a LookupUser can ask for (userelementtype.scm). */
export const USER_ELEMENT_TYPES = [
  'Authentication Input',
  'Block Or Trap',
  'Date Of Birth',
  'Name Information',
  'Previous User Id',
  'User Address Information',
  'User Id',
  'User Language',
  'User Privilege',
] as const;
export type UserElementType = (typeof USER_ELEMENT_TYPES)[number];

/** AgencyUserPrivilegeType of the two privileges the gateway writes (in the style of FOLIO's PROFILE/STATUS). */
export const PRIVILEGE_TYPES = { subscription: 'Subscription', status: 'Membership Status' } as const;

/**
 * The initiation services of NCIP 2.02 (NCIPMessage's choice): a known one the gateway does not offer is
 * an "Unsupported Service"; any other element is an "Unknown Service".
 */
export const NCIP_SERVICES: ReadonlySet<string> = new Set([
  'AcceptItem', 'AgencyCreated', 'AgencyUpdated', 'CancelRecallItem', 'CancelRequestItem', 'CheckInItem', 'CheckOutItem',
  'CirculationStatusChangeReported', 'CirculationStatusUpdated', 'CreateAgency', 'CreateItem', 'CreateUser',
  'CreateUserFiscalTransaction', 'DeleteItem', 'DeleteUser', 'ItemCheckedIn', 'ItemCheckedOut', 'ItemCreated',
  'ItemRecallCancelled', 'ItemRecalled', 'ItemReceived', 'ItemRenewed', 'ItemRequestCancelled', 'ItemRequestUpdated',
  'ItemRequested', 'ItemShipped', 'ItemUpdated', 'LookupAgency', 'LookupItem', 'LookupItemSet', 'LookupRequest',
  'LookupUser', 'RecallItem', 'RenewItem', 'ReportCirculationStatusChange', 'RequestItem', 'SendUserNotice',
  'UndoCheckOutItem', 'UpdateAgency', 'UpdateCirculationStatus', 'UpdateItem', 'UpdateRequestItem', 'UpdateUser',
  'UserCreated', 'UserFiscalTransactionCreated', 'UserNoticeSent', 'UserUpdated',
]);
