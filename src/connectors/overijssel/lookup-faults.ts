import { ServiceFault } from '../../mapping/overijssel/soap-fault';
import { UnknownOperation } from '../../mapping/overijssel/library-request';
import { InvalidTimestamp } from '../../mapping/overijssel/security-timestamp';
import { EnvelopeVersionMismatch, MalformedEnvelope } from '../../mapping/overijssel/soap-envelope';
import { XmlNotWellFormed } from '../../mapping/xml/xml-tree';
import { UnsafeXml } from '../../mapping/xml/xml-safety';
import { GatewayError } from '../../errors/gateway-error';
import { ConnectorError } from '../sdk/connector-errors';

/** The faults of the gateway's MemberLookup: fixed sentences, never member data or parts of the request. */
export const LOOKUP_FAULTS = {
  authentication: { faultCode: 'Client', code: 'AUTHENTICATION_FAILED', message: 'A valid WS-Security UsernameToken (PasswordText) of an Overijssel library is required' },
  invalidCard: { faultCode: 'Client', code: 'INVALID_CARD_NUMBER', message: 'CardNumber must be 4 to 32 letters and digits' },
  unknownCard: { faultCode: 'Client', code: 'UNKNOWN_CARD', message: 'No member of this library holds this card' },
  unknownOperation: { faultCode: 'Client', code: 'UNKNOWN_OPERATION', message: 'This service answers MemberLookup only' },
  malformed: { faultCode: 'Client', code: 'MALFORMED_ENVELOPE', message: 'The request is not a SOAP 1.1 envelope with one operation' },
  notXml: { faultCode: 'Client', code: 'MALFORMED_ENVELOPE', message: 'The request is not well-formed XML' },
  versionMismatch: { faultCode: 'VersionMismatch', code: 'VERSION_MISMATCH', message: 'This service speaks SOAP 1.1 only (envelope namespace http://schemas.xmlsoap.org/soap/envelope/)' },
  soapActionMismatch: { faultCode: 'Client', code: 'SOAP_ACTION_MISMATCH', message: 'The SOAPAction header names another operation than the Body holds' },
  messageExpired: { faultCode: 'wsse:MessageExpired', code: 'MESSAGE_EXPIRED', message: 'The message has expired, or its wsu:Timestamp lies in the future' },
  invalidSecurity: { faultCode: 'wsse:InvalidSecurity', code: 'INVALID_SECURITY', message: 'An error was discovered processing the wsse:Security header' },
  disabled: { faultCode: 'Server', code: 'SERVICE_DISABLED', message: 'The Overijssel connector is not enabled on this gateway' },
  sourceUnavailable: { faultCode: 'Server', code: 'MEMBER_SOURCE_UNAVAILABLE', message: 'The lending system did not answer; try again later' },
  internal: { faultCode: 'Server', code: 'INTERNAL', message: 'The service failed to answer' },
} as const satisfies Record<string, ServiceFault>;

/** Why an envelope could not be read: a Client fault, VersionMismatch for another SOAP version, wsse:InvalidSecurity for an unreadable wsu:Timestamp. */
export function faultForUnreadable(error: unknown): ServiceFault {
  if (error instanceof UnsafeXml) return error.reason === 'not-xml' ? LOOKUP_FAULTS.notXml : { faultCode: 'Client', code: 'XML_REJECTED', message: error.message };
  if (error instanceof EnvelopeVersionMismatch) return LOOKUP_FAULTS.versionMismatch;
  if (error instanceof InvalidTimestamp) return LOOKUP_FAULTS.invalidSecurity;
  if (error instanceof UnknownOperation) return LOOKUP_FAULTS.unknownOperation;
  if (error instanceof MalformedEnvelope) return LOOKUP_FAULTS.malformed;
  if (error instanceof XmlNotWellFormed) return LOOKUP_FAULTS.notXml;
  return LOOKUP_FAULTS.internal;
}

/** Why a member could not be looked up or released: an unknown card is the caller's, the rest the server's. */
export function faultForLookup(error: unknown): ServiceFault<'Client' | 'Server'> {
  if (error instanceof ConnectorError) return error.code === 'MEMBER_NOT_FOUND' ? LOOKUP_FAULTS.unknownCard : error.transient ? LOOKUP_FAULTS.sourceUnavailable : { ...LOOKUP_FAULTS.internal, code: error.code };
  // A policy refusal (agreement not in force, purpose unknown…) or a source member outside the contract.
  if (error instanceof GatewayError) return { faultCode: 'Server', code: error.code, message: 'The library cannot answer this lookup' };
  return LOOKUP_FAULTS.internal;
}
