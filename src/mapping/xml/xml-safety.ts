import { GatewayError } from '../../errors/gateway-error';

export type UnsafeXmlReason = 'doctype' | 'entity' | 'processing-instruction' | 'too-deep' | 'too-large' | 'not-xml';

/** An XML document the gateway refuses to parse at all: a DTD, an entity, too deep, too large (see xml-tree.ts). */
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
