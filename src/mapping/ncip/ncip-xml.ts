import { Builder } from 'xml2js';
import { GatewayError } from '../../errors/gateway-error';
import { XmlLimits } from '../xml/xml-safety';
import { readXmlTree, XmlElement as XmlTreeElement, XmlNotWellFormed } from '../xml/xml-tree';

/** The NCIP 2.0x namespace (ncip_v2_02.xsd targetNamespace); its attributes are qualified too. */
export const NCIP_NAMESPACE = 'http://www.niso.org/2008/ncip';
/** What the gateway writes in NCIPMessage/@version: the 2.02 schema it validates against. */
export const NCIP_VERSION = 'http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd';

/** NCIP messages are small: a LookupUser is under 2 KB and 6 levels deep. Anything far beyond is refused. */
export const NCIP_XML_LIMITS: XmlLimits = { maxBytes: 65_536, maxDepth: 32 };

const PREFIX = 'ns1';

/** An element to write: its NCIP local name, text or children, and the Scheme of a scheme-value pair. */
export interface NcipNode {
  readonly name: string;
  readonly text?: string;
  readonly scheme?: string;
  readonly children?: readonly NcipNode[];
}

/** An element as read: local names only (prefixes dropped), trimmed text, children in document order. */
export interface XmlElement {
  readonly name: string;
  readonly namespace: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/** An NCIP message the gateway cannot read: not XML, not NCIP. The message never quotes the document. */
export class NcipMessageInvalid extends GatewayError {
  constructor(reason: string) {
    super('NCIP_MESSAGE_INVALID', `not a readable NCIP message: ${reason}`, 400);
    this.name = 'NcipMessageInvalid';
  }
}

/** A value cannot be written as XML 1.0 (a control character). Names no value. */
export class NcipWriteFailed extends Error {
  constructor() {
    super('a value holds characters that XML 1.0 cannot carry');
    this.name = 'NcipWriteFailed';
  }
}

/** A leaf node, or nothing when the value is absent: `leaf('Surname', name.lastName)`. */
export function leaf(name: string, text: string | undefined, scheme?: string): NcipNode | undefined {
  return text === undefined ? undefined : { name, text, ...(scheme !== undefined ? { scheme } : {}) };
}

/** A node with the given children, absent ones dropped. */
export function node(name: string, ...children: ReadonlyArray<NcipNode | undefined>): NcipNode {
  return { name, children: children.filter((child): child is NcipNode => child !== undefined) };
}

type XmlObject = { [key: string]: unknown };

function toObject(value: NcipNode): unknown {
  const attributes = value.scheme !== undefined ? { $: { [`${PREFIX}:Scheme`]: value.scheme } } : {};
  if (value.children === undefined || value.children.length === 0) {
    const text = value.text ?? '';
    return value.scheme !== undefined ? { ...attributes, _: text } : text;
  }
  const out: XmlObject = { ...attributes };
  let last: string | undefined;
  for (const child of value.children) {
    const key = `${PREFIX}:${child.name}`;
    const existing = out[key];
    if (existing === undefined) out[key] = [toObject(child)];
    else if (last === key && Array.isArray(existing)) existing.push(toObject(child));
    else throw new Error(`NCIP writer: <${child.name}> repeated apart from its siblings`);
    last = key;
  }
  return out;
}

const builder = new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts: { pretty: false } });

/** `<NCIPMessage version="…">` around one message element, as UTF-8 XML text (xml2js escapes). */
export function writeNcipMessage(body: NcipNode): string {
  const message = toObject(body);
  try {
    return builder.buildObject({
      [`${PREFIX}:NCIPMessage`]: { $: { [`xmlns:${PREFIX}`]: NCIP_NAMESPACE, [`${PREFIX}:version`]: NCIP_VERSION }, [`${PREFIX}:${body.name}`]: message },
    });
  } catch {
    // xmlbuilder's message quotes the offending value: it is not passed on.
    throw new NcipWriteFailed();
  }
}

/** NCIP's view of an element: local names, attributes by local name, trimmed text. */
function toElement(element: XmlTreeElement): XmlElement {
  const attributes: Record<string, string> = {};
  for (const attribute of element.attributes) attributes[attribute.local] = attribute.value;
  return { name: element.local, namespace: element.uri, attributes, text: element.text.trim(), children: element.children.map(toElement) };
}

/**
 * Parses an XML text synchronously into elements with the gateway's one XML reader (readXmlTree: no DTD,
 * no entity declarations, no processing instructions, bounded size and depth: throws UnsafeXml). Throws
 * NcipMessageInvalid for text that is not well-formed.
 */
export function readXml(text: string, limits: XmlLimits = NCIP_XML_LIMITS): XmlElement {
  try {
    return toElement(readXmlTree(text, limits));
  } catch (error) {
    if (error instanceof XmlNotWellFormed) throw new NcipMessageInvalid('the body is not well-formed XML');
    throw error;
  }
}

/** The first child of that local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** Every child of that local name. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

/** The text at a path of child names, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = child(current, name);
  return current === undefined || current.text === '' ? undefined : current.text;
}

/** 'Name Information', 'NameInformation' and 'name_information' read alike: liberal in what is accepted. */
export function normalizedValue(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}
