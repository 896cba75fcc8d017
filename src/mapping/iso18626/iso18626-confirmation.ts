import { EchoedIds, Iso18626ReadResult } from './iso18626-reader';
import {
  AgencyId,
  CONFIRMATION_OF,
  ConfirmableKind,
  Iso18626Action,
  Iso18626Message,
  Iso18626Version,
  ReasonForMessage,
  RequestConfirmation,
  RequestingAgencyMessageConfirmation,
  SupplyingAgencyMessageConfirmation,
} from './iso18626-types';

export type Iso18626Confirmation = RequestConfirmation | SupplyingAgencyMessageConfirmation | RequestingAgencyMessageConfirmation;

export interface ConfirmationTimes {
  /** When the message arrived (timestampReceived). */
  readonly received: string;
  /** When the confirmation is written (timestamp). */
  readonly now: string;
  /** The version the confirmation will be written in: 2021-2 carries no multipleItemRequestId there. */
  readonly version?: Iso18626Version;
}

function bounded(agency: AgencyId | undefined): AgencyId | undefined {
  return agency !== undefined && agency.type.length <= 64 && agency.value.length <= 128 ? { type: agency.type, value: agency.value } : undefined;
}

function short(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= 128 ? value : undefined;
}

function echoOf(message: Iso18626Message): EchoedIds {
  if (!('header' in message)) return {};
  const header = message.header;
  return { supplyingAgencyId: header.supplyingAgencyId, requestingAgencyId: header.requestingAgencyId, requestingAgencyRequestId: header.requestingAgencyRequestId, multipleItemRequestId: header.multipleItemRequestId };
}

/**
 * The confirmation that answers what was read: OK for a readable Request / SupplyingAgencyMessage /
 * RequestingAgencyMessage, ERROR with the failure's errorType and path otherwise. An unreadable document
 * of unknown kind is answered with `fallback`'s confirmation (a requestConfirmation unless said otherwise).
 * Undefined for a confirmation (confirmations are not confirmed). Echoed ids over the writer's bounds are
 * left out rather than refused, so an ERROR can always be written.
 */
export function confirmationFor(result: Iso18626ReadResult, times: ConfirmationTimes, fallback: ConfirmableKind = 'request'): Iso18626Confirmation | undefined {
  const kind = result.ok ? result.message.kind : (result.kind ?? fallback);
  if (!(kind in CONFIRMATION_OF)) return undefined;
  const echo = result.ok ? echoOf(result.message) : result.echo;
  const status = result.ok ? 'OK' : 'ERROR';
  const confirmationHeader = {
    ...(bounded(echo.supplyingAgencyId) !== undefined ? { supplyingAgencyId: bounded(echo.supplyingAgencyId) } : {}),
    ...(bounded(echo.requestingAgencyId) !== undefined ? { requestingAgencyId: bounded(echo.requestingAgencyId) } : {}),
    timestamp: times.now,
    ...(short(echo.requestingAgencyRequestId) !== undefined ? { requestingAgencyRequestId: short(echo.requestingAgencyRequestId) } : {}),
    ...(times.version !== '2021-2' && short(echo.multipleItemRequestId) !== undefined ? { multipleItemRequestId: short(echo.multipleItemRequestId) } : {}),
    timestampReceived: times.received,
    messageStatus: status,
  } as RequestConfirmation['confirmationHeader'];
  const errorData = result.ok ? undefined : { errorType: result.errorType, errorValue: result.errorValue.slice(0, 500) };
  const withError = errorData === undefined ? {} : { errorData };
  switch (kind as ConfirmableKind) {
    case 'request':
      return { kind: 'requestConfirmation', confirmationHeader, ...withError };
    case 'supplyingAgencyMessage': {
      const reason = result.ok ? (result.message.kind === 'supplyingAgencyMessage' ? result.message.messageInfo.reasonForMessage : undefined) : (result.reasonForMessage as ReasonForMessage | undefined);
      return { kind: 'supplyingAgencyMessageConfirmation', confirmationHeader, ...(reason !== undefined ? { reasonForMessage: reason } : {}), ...withError };
    }
    case 'requestingAgencyMessage': {
      const action = result.ok ? (result.message.kind === 'requestingAgencyMessage' ? result.message.action : undefined) : (result.action as Iso18626Action | undefined);
      const fits = action !== undefined && !(times.version !== '2021-2' && (action === 'HoldReturn' || action === 'Lost'));
      return { kind: 'requestingAgencyMessageConfirmation', confirmationHeader, ...(fits ? { action } : {}), ...withError };
    }
  }
}
