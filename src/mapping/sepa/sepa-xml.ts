import { UnsafeXml, XmlLimits } from '../xml/xml-safety';
import { readXmlTree, XmlElement, XmlNotWellFormed } from '../xml/xml-tree';
import { SepaMessageUnreadable } from './sepa-errors';

/**
 * Writing and reading ISO 20022 documents for the SEPA codecs. Writing: a small element tree rendered with
 * two-space indentation, text escaped as src/mapping/overijssel/xml-writer.ts does (the codecs only write
 * SEPA Latin text, so escaping is a second line of defence). Reading: the project's hardened reader
 * (src/mapping/xml/xml-tree.ts) and plain helpers over its namespaced tree.
 */

/** An element to write: text or children (absent children are left out), and attributes. */
export interface XmlNode {
  readonly name: string;
  readonly text?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: ReadonlyArray<XmlNode | undefined>;
}

/** An element with children; absent ones are dropped when rendering. */
export function el(name: string, ...children: ReadonlyArray<XmlNode | undefined>): XmlNode {
  return { name, children };
}

/** A text element, or nothing when the value is absent. */
export function leaf(name: string, text: string | undefined, attributes?: Readonly<Record<string, string>>): XmlNode | undefined {
  return text === undefined ? undefined : { name, text, ...(attributes !== undefined ? { attributes } : {}) };
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

function escapeXml(value: string): string {
  if (NOT_XML.test(value)) throw new RangeError('a value holds characters that XML 1.0 cannot carry');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(node: XmlNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const children = (node.children ?? []).filter((child): child is XmlNode => child !== undefined);
  if (children.length === 0) {
    out.push(`${indent}<${node.name}${attributes}>${escapeXml(node.text ?? '')}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}${attributes}>`);
  for (const child of children) render(child, depth + 1, out);
  out.push(`${indent}</${node.name}>`);
}

/** `<?xml …?>` and `<Document xmlns="namespace">` around the message element, indented, ending in a newline. */
export function renderDocument(namespace: string, message: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render({ name: 'Document', attributes: { xmlns: namespace }, children: [message] }, 0, out);
  return `${out.join('\n')}\n`;
}

/** ISO 20022 messages can be large (a collection of thousands of members), but never deep. */
export const SEPA_XML_LIMITS: XmlLimits = { maxBytes: 32 * 1_048_576, maxDepth: 40 };

/**
 * Drops processing instructions that stand before the root element (the SWIFT test messages carry
 * `<?Standards …?>`, `<?valid true?>`): inert to this reader, and nothing reads them. The XML declaration,
 * comments and anything else stay, so a DTD in the prolog still reaches the hardened reader and is refused,
 * as is a processing instruction anywhere after the root element starts.
 */
export function withoutPrologInstructions(text: string): string {
  let position = text.startsWith('\uFEFF') ? 1 : 0;
  let kept = text.slice(0, position);
  for (;;) {
    const start = position;
    while (position < text.length && /\s/.test(text.charAt(position))) position += 1;
    if (text.startsWith('<?', position)) {
      const end = text.indexOf('?>', position + 2);
      if (end < 0) return text;
      const isDeclaration = /^<\?xml[\s?]/.test(text.slice(position, position + 6));
      if (isDeclaration) kept += text.slice(start, end + 2);
      position = end + 2;
      continue;
    }
    if (text.startsWith('<!--', position)) {
      const end = text.indexOf('-->', position + 4);
      if (end < 0) return text;
      kept += text.slice(start, end + 3);
      position = end + 3;
      continue;
    }
    return kept + text.slice(start);
  }
}

/** A parsed ISO 20022 document: the version from its namespace, the namespace and the message element. */
export interface Iso20022Document {
  readonly version: string;
  readonly namespace: string;
  readonly message: XmlElement;
}

/**
 * Reads an ISO 20022 message of one kind (`pain.008.001`, `camt.054.001`) in any version: the root is
 * `Document` in `urn:iso:std:iso:20022:tech:xsd:<kind>.NN`, its child is `messageElement` in the same namespace.
 * Throws UnsafeXml (DTD, entity, processing instruction in the body, too large or deep) and SepaMessageUnreadable.
 */
export function readIso20022(xml: string, kind: string, messageElement: string, limits: XmlLimits = SEPA_XML_LIMITS): Iso20022Document {
  if (Buffer.byteLength(xml, 'utf8') > limits.maxBytes) throw new UnsafeXml('too-large', `the XML document is larger than ${limits.maxBytes} bytes`);
  let root: XmlElement;
  try {
    root = readXmlTree(withoutPrologInstructions(xml), limits);
  } catch (error) {
    if (error instanceof XmlNotWellFormed) throw new SepaMessageUnreadable('the document is not well-formed XML');
    throw error;
  }
  const prefix = `urn:iso:std:iso:20022:tech:xsd:${kind}.`;
  const version = root.uri.startsWith(prefix) ? root.uri.slice(prefix.length) : '';
  if (root.local !== 'Document' || !/^\d{2}$/.test(version)) throw new SepaMessageUnreadable(`the root element is not a ${kind}.NN Document`);
  const message = root.children.find((child) => child.uri === root.uri && child.local === messageElement);
  if (message === undefined) throw new SepaMessageUnreadable(`Document holds no ${messageElement}`);
  return { version, namespace: root.uri, message };
}

/** Walks a path of child names in one namespace: the first match at each step. */
export function pathOf(element: XmlElement | undefined, namespace: string, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = current?.children.find((child) => child.uri === namespace && child.local === name);
  return current;
}

/** Every child with this name in the namespace. */
export function all(element: XmlElement | undefined, namespace: string, name: string): XmlElement[] {
  return element?.children.filter((child) => child.uri === namespace && child.local === name) ?? [];
}

/** The trimmed text at a path, or undefined when the element is absent or empty. */
export function textAt(element: XmlElement | undefined, namespace: string, ...names: string[]): string | undefined {
  const text = pathOf(element, namespace, ...names)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** The trimmed text at a path, or SepaMessageUnreadable naming `where` and the path. */
export function requiredText(element: XmlElement | undefined, namespace: string, where: string, ...names: string[]): string {
  const text = textAt(element, namespace, ...names);
  if (text === undefined) throw new SepaMessageUnreadable(`${where}/${names.join('/')} is missing`);
  return text;
}
