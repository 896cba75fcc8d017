import { SOAP11_ENVELOPE_NS } from './card-service.contract';
import { XmlLimits } from '../xml/xml-safety';
import { childOf, readXmlTree, XmlElement } from '../xml/xml-tree';

/** Envelopes of the card service are small: a lookup is a few hundred bytes, a registration a few KB. */
export const ENVELOPE_LIMITS: XmlLimits = { maxBytes: 65_536, maxDepth: 24 };

/** The SOAP 1.1 envelope around a body (and, when given, a header), as the gateway writes it. */
export function soapEnvelope(body: string, header = ''): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<soap:Envelope xmlns:soap="${SOAP11_ENVELOPE_NS}">` +
    (header === '' ? '' : `<soap:Header>${header}</soap:Header>`) +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/** Not a SOAP 1.1 envelope with a body holding exactly one element. Carries nothing of the document. */
export class MalformedEnvelope extends Error {
  constructor(readonly reason: string) {
    super(`malformed SOAP envelope: ${reason}`);
    this.name = 'MalformedEnvelope';
  }
}

/**
 * The root is an Envelope of another SOAP version (SOAP 1.2's http://www.w3.org/2003/05/soap-envelope, or
 * any other namespace): SOAP 1.1 §4.1.2 answers it with a VersionMismatch fault, not a Client fault.
 */
export class EnvelopeVersionMismatch extends MalformedEnvelope {
  constructor() {
    super('the root is an Envelope of another SOAP version than 1.1');
    this.name = 'EnvelopeVersionMismatch';
  }
}

export interface ParsedEnvelope {
  readonly header: XmlElement | undefined;
  /** The one element inside soap:Body. */
  readonly content: XmlElement;
}

/**
 * A SOAP 1.1 envelope from text, after assertSafeXml (throws UnsafeXml), well-formedness (throws
 * XmlNotWellFormed) and shape (throws MalformedEnvelope): soap:Envelope, optional soap:Header,
 * soap:Body with exactly one element. An Envelope in another namespace throws EnvelopeVersionMismatch.
 */
export function parseEnvelope(xml: string): ParsedEnvelope {
  const root = readXmlTree(xml, ENVELOPE_LIMITS);
  if (root.local === 'Envelope' && root.uri !== SOAP11_ENVELOPE_NS) throw new EnvelopeVersionMismatch();
  if (root.uri !== SOAP11_ENVELOPE_NS || root.local !== 'Envelope') throw new MalformedEnvelope('the root is not a SOAP 1.1 Envelope');
  const body = childOf(root, SOAP11_ENVELOPE_NS, 'Body');
  if (body === undefined) throw new MalformedEnvelope('the envelope has no Body');
  const [content, ...more] = body.children;
  if (content === undefined || more.length > 0) throw new MalformedEnvelope('the Body must hold exactly one element');
  return { header: childOf(root, SOAP11_ENVELOPE_NS, 'Header'), content };
}
