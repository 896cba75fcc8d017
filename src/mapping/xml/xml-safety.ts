import { GatewayError } from '../../errors/gateway-error';

export type UnsafeXmlReason = 'doctype' | 'entity' | 'processing-instruction' | 'too-deep' | 'too-large' | 'not-xml';

/** An XML document the gateway refuses to parse at all: a DTD, an entity, too deep, too large. */
export class UnsafeXml extends GatewayError {
  constructor(readonly reason: UnsafeXmlReason, message: string) {
    super('XML_REJECTED', message, 400, { reason });
    this.name = 'UnsafeXml';
  }
}

export interface XmlLimits {
  /** Largest document in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Deepest element nesting. */
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 1_048_576, maxDepth: 64 };

/**
 * Checks an XML text before any parser sees it. No DTD at all (so no external entities, no entity
 * expansion, no billion laughs), no entity declarations, no processing instructions other than the XML
 * declaration, and bounded size and depth. A single pass over the text, no allocation per element.
 */
export function assertSafeXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new UnsafeXml('too-large', `the XML document is larger than ${limits.maxBytes} bytes`);
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) throw new UnsafeXml('not-xml', 'the body is not an XML document');
  if (/<!DOCTYPE/i.test(text)) throw new UnsafeXml('doctype', 'XML with a document type declaration (DTD) is refused');
  if (/<!ENTITY/i.test(text)) throw new UnsafeXml('entity', 'XML with entity declarations is refused');
  const instructions = text.match(/<\?[^?]*\?>/g) ?? [];
  if (instructions.some((pi, index) => index > 0 || !/^<\?xml\s/i.test(pi))) {
    throw new UnsafeXml('processing-instruction', 'XML processing instructions other than the declaration are refused');
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 60 /* < */) continue;
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) continue;
    if (next === 47 /* / */) {
      depth -= 1;
      continue;
    }
    const close = text.indexOf('>', i);
    if (close > 0 && text.charCodeAt(close - 1) === 47 /* self-closing */) continue;
    depth += 1;
    if (depth > limits.maxDepth) throw new UnsafeXml('too-deep', `the XML document nests deeper than ${limits.maxDepth} elements`);
  }
}
