import { CARD_SERVICE_NS, ProvinceOperation } from './card-service.contract';
import { MalformedEnvelope, parseEnvelope, soapEnvelope } from './soap-envelope';
import { isFault, readFault, ReceivedFault } from './soap-fault';
import { childOf } from '../xml/xml-tree';
import { leaf } from './xml-writer';

export type ProvinceAnswer = { readonly kind: 'acknowledged'; readonly provincialReference: string } | ({ readonly kind: 'fault' } & ReceivedFault);

/**
 * The province's answer to an operation: its acknowledgement (`<Operation>Response` with a
 * ProvincialReference) or a SOAP fault. Throws UnsafeXml, XmlNotWellFormed or MalformedEnvelope for
 * anything else.
 */
export function readProvinceAnswer(xml: string, operation: ProvinceOperation): ProvinceAnswer {
  const { content } = parseEnvelope(xml);
  if (isFault(content)) return { kind: 'fault', ...readFault(content) };
  if (content.uri !== CARD_SERVICE_NS || content.local !== `${operation}Response`) throw new MalformedEnvelope(`the answer is not a ${operation}Response`);
  const reference = childOf(content, CARD_SERVICE_NS, 'ProvincialReference')?.text.trim();
  if (reference === undefined || reference === '') throw new MalformedEnvelope(`the ${operation}Response has no ProvincialReference`);
  return { kind: 'acknowledged', provincialReference: reference };
}

/** An acknowledgement envelope, as the province writes it (for tests and fixtures). */
export function acknowledgementEnvelope(operation: ProvinceOperation, provincialReference: string): string {
  return soapEnvelope(`<${operation}Response xmlns="${CARD_SERVICE_NS}">${leaf('ProvincialReference', provincialReference)}</${operation}Response>`);
}
