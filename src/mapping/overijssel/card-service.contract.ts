/**
 * Names of the provincial card service contract (provincial-card-service.wsdl), shared by the mapping,
 * the connector, the gateway's MemberLookup endpoint and the sandbox.
 */
export const CARD_SERVICE_NS = 'urn:bieb-gateway:overijssel:card-service:v1';
export const SOAP11_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE_PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
/** WS-Security utility namespace: wsu:Timestamp, wsu:Created, wsu:Expires. */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

/** The operations the province's card service offers (the gateway calls them). */
export type ProvinceOperation = 'RegisterMember' | 'DeregisterMember' | 'UpdateMemberStatus';
/** The operation each library offers (the province and the other libraries call the gateway). */
export type LibraryOperation = 'MemberLookup';

/** The SOAPAction of an operation, as the WSDL's binding declares it. */
export function soapActionOf(operation: ProvinceOperation | LibraryOperation): string {
  return `${CARD_SERVICE_NS}#${operation}`;
}

/**
 * True unless a SOAPAction header names something other than the operation in the Body. Absent and
 * empty (`""`: "the intent is the request URI", SOAP 1.1 §6.1.1) agree with any operation; the value may
 * be quoted, as SOAP 1.1 has it, or bare, as some clients send it.
 */
export function soapActionAgrees(header: string | undefined, operation: ProvinceOperation | LibraryOperation): boolean {
  if (header === undefined) return true;
  const trimmed = header.trim();
  const action = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  return action === '' || action === soapActionOf(operation);
}

/** Where the gateway serves MemberLookup (and its WSDL at `?wsdl`). */
export const MEMBER_LOOKUP_PATH = '/soap/overijssel';
/** Where the province's card service listens, under its base URL (the sandbox uses the same path). */
export const CARD_SERVICE_PATH = '/provinciale-pas';
