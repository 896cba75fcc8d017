/**
 * ISO 18626 (interlibrary loan) messages as typed values. One namespace for every schema version
 * (v1.2 of 2017 and 2021-2); the version is the ISO18626Message's `version` attribute. Timestamps are
 * xs:dateTime texts as written on the wire (the reader keeps what it received; the writer checks them).
 */

export const ISO18626_NAMESPACE = 'http://illtransactions.org/2013/iso18626';

/** The schema versions the writer produces. v1.2 is the default (see iso18626-writer.ts). */
export type Iso18626Version = '1.2' | '2021-2';
export const ISO18626_VERSIONS: readonly Iso18626Version[] = ['1.2', '2021-2'];

export const SERVICE_TYPES = ['Copy', 'Loan', 'CopyOrLoan'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const REQUEST_TYPES = ['New', 'Retry', 'Reminder'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_SUB_TYPES = ['BookingRequest', 'MultipleItemRequest', 'PatronRequest', 'TransferRequest', 'SupplyingLibrarysChoice'] as const;
export type RequestSubType = (typeof REQUEST_SUB_TYPES)[number];

/** Actions of a RequestingAgencyMessage; HoldReturn and Lost exist in 2021-2 only. */
export const ACTIONS = ['StatusRequest', 'Received', 'Cancel', 'Renew', 'ShippedReturn', 'ShippedForward', 'Notification', 'HoldReturn', 'Lost'] as const;
export type Iso18626Action = (typeof ACTIONS)[number];
export const ACTIONS_V1_2: readonly Iso18626Action[] = ['StatusRequest', 'Received', 'Cancel', 'Renew', 'ShippedReturn', 'ShippedForward', 'Notification'];

/** Statuses of a SupplyingAgencyMessage; HoldReturn and ReleaseHoldReturn exist in 2021-2 only. */
export const STATUSES = [
  'RequestReceived',
  'ExpectToSupply',
  'WillSupply',
  'Loaned',
  'Overdue',
  'Recalled',
  'RetryPossible',
  'Unfilled',
  'CopyCompleted',
  'LoanCompleted',
  'CompletedWithoutReturn',
  'Cancelled',
  'HoldReturn',
  'ReleaseHoldReturn',
] as const;
export type Iso18626Status = (typeof STATUSES)[number];
export const STATUSES_V1_2: readonly Iso18626Status[] = STATUSES.filter((status) => status !== 'HoldReturn' && status !== 'ReleaseHoldReturn');

export const REASONS_FOR_MESSAGE = ['RequestResponse', 'StatusRequestResponse', 'RenewResponse', 'CancelResponse', 'StatusChange', 'Notification'] as const;
export type ReasonForMessage = (typeof REASONS_FOR_MESSAGE)[number];

export const ERROR_TYPES = ['UnsupportedActionType', 'UnsupportedReasonForMessageType', 'UnrecognisedDataElement', 'UnrecognisedDataValue', 'BadlyFormedMessage'] as const;
export type Iso18626ErrorType = (typeof ERROR_TYPES)[number];

export type MessageStatus = 'OK' | 'ERROR';
export type YesNo = 'Y' | 'N';

/** An agency id: its type (ISIL, a symbol scheme) and its value. */
export interface AgencyId {
  readonly type: string;
  readonly value: string;
}

/** The header of a Request, SupplyingAgencyMessage or RequestingAgencyMessage. */
export interface MessageHeader {
  /** Required in v1.2; optional in a 2021-2 Request (a transfer request). */
  readonly supplyingAgencyId?: AgencyId;
  readonly requestingAgencyId: AgencyId;
  readonly multipleItemRequestId?: string;
  readonly timestamp: string;
  readonly requestingAgencyRequestId: string;
  readonly supplyingAgencyRequestId?: string;
}

/** A bibliographic item identifier: code ISBN, ISSN, … and the identifier. */
export interface BibliographicItemId {
  readonly code: string;
  readonly identifier: string;
}

export interface BibliographicInfo {
  readonly supplierUniqueRecordId?: string;
  readonly title?: string;
  readonly author?: string;
  readonly subtitle?: string;
  readonly seriesTitle?: string;
  readonly edition?: string;
  readonly volume?: string;
  readonly itemIds?: readonly BibliographicItemId[];
}

export interface PublicationInfo {
  readonly publisher?: string;
  readonly publicationDate?: string;
  readonly placeOfPublication?: string;
}

export interface ServiceInfo {
  readonly requestType?: RequestType;
  readonly requestSubType?: RequestSubType;
  readonly serviceType: ServiceType;
  readonly needBeforeDate?: string;
  readonly note?: string;
}

/** A postal address (or a pickup location: line1 the branch's name). Region is left out (its type differs per version). */
export interface PhysicalAddress {
  readonly line1?: string;
  readonly line2?: string;
  readonly locality?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

/**
 * The patron part of a Request: only what the caller passes, which is what the gateway's policy released.
 * The writer knows these fields and no others, and refuses any other key.
 */
export interface PatronInfo {
  /** A pseudonym, never the member number. */
  readonly patronId?: string;
  readonly surname?: string;
  /** Initials, as the policy releases them. */
  readonly givenName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: PhysicalAddress;
}

export interface Iso18626Request {
  readonly kind: 'request';
  readonly header: MessageHeader;
  readonly bibliographicInfo: BibliographicInfo;
  readonly publicationInfo?: PublicationInfo;
  readonly serviceInfo?: ServiceInfo;
  /** Where the patron picks the item up: requestedDeliveryInfo/address/physicalAddress. */
  readonly pickupLocation?: PhysicalAddress;
  readonly patronInfo?: PatronInfo;
}

export interface MessageInfo {
  readonly reasonForMessage: ReasonForMessage;
  readonly answerYesNo?: YesNo;
  readonly note?: string;
  readonly reasonUnfilled?: string;
}

export interface StatusInfo {
  readonly status: Iso18626Status;
  readonly expectedDeliveryDate?: string;
  readonly dueDate?: string;
  readonly lastChange: string;
}

export interface DeliveryInfo {
  readonly dateSent: string;
  readonly itemId?: string;
  /** sentVia in v1.2, deliveryMethod in 2021-2. */
  readonly sentVia?: string;
  readonly sentToPatron?: boolean;
  readonly loanCondition?: string;
}

export interface SupplyingAgencyMessage {
  readonly kind: 'supplyingAgencyMessage';
  readonly header: MessageHeader;
  readonly messageInfo: MessageInfo;
  readonly statusInfo: StatusInfo;
  readonly deliveryInfo?: DeliveryInfo;
}

export interface RequestingAgencyMessage {
  readonly kind: 'requestingAgencyMessage';
  readonly header: MessageHeader;
  readonly action: Iso18626Action;
  readonly note?: string;
}

export interface ConfirmationHeader {
  readonly supplyingAgencyId?: AgencyId;
  readonly requestingAgencyId?: AgencyId;
  readonly timestamp: string;
  readonly requestingAgencyRequestId?: string;
  /** Not in 2021-2's confirmation header: left out when writing that version. */
  readonly multipleItemRequestId?: string;
  readonly timestampReceived: string;
  readonly messageStatus: MessageStatus;
}

export interface ErrorData {
  readonly errorType: Iso18626ErrorType;
  readonly errorValue?: string;
}

export interface RequestConfirmation {
  readonly kind: 'requestConfirmation';
  readonly confirmationHeader: ConfirmationHeader;
  readonly errorData?: ErrorData;
}

export interface SupplyingAgencyMessageConfirmation {
  readonly kind: 'supplyingAgencyMessageConfirmation';
  readonly confirmationHeader: ConfirmationHeader;
  readonly reasonForMessage?: ReasonForMessage;
  readonly errorData?: ErrorData;
}

export interface RequestingAgencyMessageConfirmation {
  readonly kind: 'requestingAgencyMessageConfirmation';
  readonly confirmationHeader: ConfirmationHeader;
  readonly action?: Iso18626Action;
  readonly errorData?: ErrorData;
}

export type Iso18626Message =
  | Iso18626Request
  | RequestConfirmation
  | SupplyingAgencyMessage
  | SupplyingAgencyMessageConfirmation
  | RequestingAgencyMessage
  | RequestingAgencyMessageConfirmation;

export type Iso18626MessageKind = Iso18626Message['kind'];
export const MESSAGE_KINDS: readonly Iso18626MessageKind[] = [
  'request',
  'requestConfirmation',
  'supplyingAgencyMessage',
  'supplyingAgencyMessageConfirmation',
  'requestingAgencyMessage',
  'requestingAgencyMessageConfirmation',
];

/** The confirmation that answers each message that asks for one. */
export const CONFIRMATION_OF = {
  request: 'requestConfirmation',
  supplyingAgencyMessage: 'supplyingAgencyMessageConfirmation',
  requestingAgencyMessage: 'requestingAgencyMessageConfirmation',
} as const;
export type ConfirmableKind = keyof typeof CONFIRMATION_OF;
