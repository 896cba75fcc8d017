import { CARD_SERVICE_NS, SOAP11_ENVELOPE_NS, WSSE_NS } from './card-service.contract';
import { soapEnvelope } from './soap-envelope';
import { childOf, XmlElement } from '../xml/xml-tree';
import { escapeXml, leaf } from './xml-writer';

/**
 * SOAP 1.1 fault codes: Client (the message is wrong: do not repeat it), Server (try again later),
 * VersionMismatch (the envelope is not SOAP 1.1).
 */
export type SoapFaultCode = 'Client' | 'Server' | 'VersionMismatch';
/** WS-Security 1.0 fault codes (§12), qualified by the wsse namespace: an expired message, an unreadable header. */
export type WsSecurityFaultCode = 'wsse:MessageExpired' | 'wsse:InvalidSecurity';
export type FaultCode = SoapFaultCode | WsSecurityFaultCode;

/** A fault as the card service describes it: the SOAP code, a short reason, and a stable code in the detail. */
export interface ServiceFault<C extends FaultCode = FaultCode> {
  readonly faultCode: C;
  /** A stable code such as UNKNOWN_CARD, AUTHENTICATION_FAILED, XML_REJECTED. */
  readonly code: string;
  /** A fixed sentence; never member data or parts of the request. */
  readonly message: string;
}

/** The detail of a fault (the WSDL's ServiceFault in the card service's namespace), as the soap package writes objects. */
export function serviceFaultDetail(fault: ServiceFault): { readonly ServiceFault: Readonly<Record<string, unknown>> } {
  return { ServiceFault: { attributes: { xmlns: CARD_SERVICE_NS }, Code: fault.code, Message: fault.message } };
}

/** A whole SOAP 1.1 fault envelope, for faults raised before the soap server sees a request. */
export function soapFaultEnvelope(fault: ServiceFault): string {
  const wsSecurity = fault.faultCode.startsWith('wsse:');
  return soapEnvelope(
    (wsSecurity ? `<soap:Fault xmlns:wsse="${WSSE_NS}">` : '<soap:Fault>') +
      `<faultcode>${wsSecurity ? fault.faultCode : `soap:${fault.faultCode}`}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring>` +
      `<detail><ServiceFault xmlns="${CARD_SERVICE_NS}">${leaf('Code', fault.code)}${leaf('Message', fault.message)}</ServiceFault></detail>` +
      '</soap:Fault>',
  );
}

/** A fault as a partner sent it: the code's local part ('Client', 'Server', 'VersionMismatch', 'MessageExpired'…) and its detail code, if any. */
export interface ReceivedFault {
  readonly faultCode: string;
  readonly code?: string;
}

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Reads a soap:Fault element; the faultstring is not kept (it may echo the request). */
export function readFault(fault: XmlElement): ReceivedFault {
  const qname = (fault.children.find((c) => c.local === 'faultcode')?.text ?? '').trim();
  const local = qname.slice(qname.indexOf(':') + 1).split('.')[0] ?? '';
  const detail = fault.children.find((c) => c.local === 'detail');
  const code = childOf(childOf(detail, CARD_SERVICE_NS, 'ServiceFault'), CARD_SERVICE_NS, 'Code')?.text.trim();
  return { faultCode: local, ...(code !== undefined && CODE.test(code) ? { code } : {}) };
}

/** True for the soap:Fault element. */
export function isFault(element: XmlElement): boolean {
  return element.uri === SOAP11_ENVELOPE_NS && element.local === 'Fault';
}
