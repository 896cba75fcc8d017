import { Parser } from 'xml2js';
import { assertSafeXml, XmlLimits } from '../xml/xml-safety';

/** One element of a parsed document, by namespace URI and local name; text is the element's own text. */
export interface XmlElement {
  readonly uri: string;
  readonly local: string;
  readonly text: string;
  readonly attributes: ReadonlyArray<{ readonly uri: string; readonly local: string; readonly value: string }>;
  readonly children: readonly XmlElement[];
}

/** The text is not well-formed XML. Carries no part of the document (it can hold member data). */
export class XmlNotWellFormed extends Error {
  constructor() {
    super('the document is not well-formed XML');
    this.name = 'XmlNotWellFormed';
  }
}

/** Envelopes of the card service are small: a lookup is a few hundred bytes, a registration a few KB. */
export const ENVELOPE_LIMITS: XmlLimits = { maxBytes: 65_536, maxDepth: 24 };

type Node = Record<string, unknown>;

function record(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toElement(node: Node): XmlElement {
  const ns = record(node.$ns);
  const attributes = Object.values(record(node.$) ?? {}).flatMap((attribute) => {
    const a = record(attribute);
    return a === undefined || a.uri === 'http://www.w3.org/2000/xmlns/' ? [] : [{ uri: text(a.uri), local: text(a.local), value: text(a.value) }];
  });
  const children = Array.isArray(node.$$) ? node.$$.flatMap((child) => (record(child) === undefined ? [] : [toElement(record(child) as Node)])) : [];
  return { uri: text(ns?.uri), local: text(ns?.local), text: text(node._), attributes, children };
}

/**
 * Parses an XML text into a namespaced element tree, after assertSafeXml (no DTD, no entities, bounded
 * size and depth) — the parser never sees a document the safety check refused. Synchronous.
 */
export function parseXmlTree(xml: string, limits: XmlLimits = ENVELOPE_LIMITS): XmlElement {
  assertSafeXml(xml, limits);
  const parser = new Parser({ xmlns: true, explicitChildren: true, preserveChildrenOrder: true, explicitCharkey: true, explicitRoot: true, async: false });
  let root: XmlElement | undefined;
  let failed = false;
  try {
    parser.parseString(xml, (error: Error | null, result: unknown) => {
      if (error !== null) failed = true;
      const top = record(result);
      const element = top === undefined ? undefined : record(Object.values(top)[0]);
      if (element !== undefined) root = toElement(element);
    });
  } catch {
    failed = true;
  }
  if (failed || root === undefined) throw new XmlNotWellFormed();
  return root;
}

/** The first child element with this namespace and local name. */
export function childOf(element: XmlElement | undefined, uri: string, local: string): XmlElement | undefined {
  return element?.children.find((child) => child.uri === uri && child.local === local);
}

/** Every child element with this namespace and local name. */
export function childrenOf(element: XmlElement | undefined, uri: string, local: string): XmlElement[] {
  return element?.children.filter((child) => child.uri === uri && child.local === local) ?? [];
}

/** An attribute by local name (and, when given, namespace). */
export function attributeOf(element: XmlElement | undefined, local: string, uri?: string): string | undefined {
  return element?.attributes.find((a) => a.local === local && (uri === undefined || a.uri === uri))?.value;
}
