import { SaxesParser, SaxesTagNS } from 'saxes';
import { DEFAULT_XML_LIMITS, UnsafeXml, XmlLimits } from './xml-safety';

/** One attribute of an element, by namespace URI and local name (namespace declarations are left out). */
export interface XmlAttribute {
  readonly uri: string;
  readonly local: string;
  readonly value: string;
}

/** One element of a parsed document, by namespace URI and local name; text is the element's own text. */
export interface XmlElement {
  readonly uri: string;
  readonly local: string;
  /** The element's own character data (text and CDATA), untrimmed; its children's text is theirs. */
  readonly text: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
}

/** The text is not well-formed XML. Carries no part of the document (it can hold member data). */
export class XmlNotWellFormed extends Error {
  constructor() {
    super('the document is not well-formed XML');
    this.name = 'XmlNotWellFormed';
  }
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

interface OpenElement {
  readonly uri: string;
  readonly local: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
  text: string;
}

/**
 * Reads an XML text with a real tokenizer (saxes) and checks it on the tokenizer's events, in the same
 * single pass: no document type declaration (so no DTD, no entity declarations, no external entities),
 * no processing instruction (the XML declaration is not one), no entity beyond XML's five and character
 * references, at most `maxDepth` nested elements and `maxBytes` bytes. Comments, CDATA and quoted
 * attribute values are what the tokenizer says they are, so no `</` in a comment or `>` in an attribute
 * can fool the depth count. Throws UnsafeXml (refused) or XmlNotWellFormed; builds no recursion, so a deep
 * document cannot overflow the stack. With `keep: false` the tree is not built (a check only).
 */
function scan(text: string, limits: XmlLimits, keep: boolean): XmlElement | undefined {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw new UnsafeXml('too-large', `the XML document is larger than ${limits.maxBytes} bytes`);
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trimStart().startsWith('<')) throw new UnsafeXml('not-xml', 'the body is not an XML document');
  const parser = new SaxesParser({ xmlns: true, position: false });
  const open: OpenElement[] = [];
  let root: XmlElement | undefined;
  parser.on('doctype', () => {
    throw new UnsafeXml('doctype', 'XML with a document type declaration (DTD) is refused');
  });
  parser.on('processinginstruction', () => {
    throw new UnsafeXml('processing-instruction', 'XML processing instructions other than the declaration are refused');
  });
  parser.on('opentag', (tag) => {
    if (open.length >= limits.maxDepth) throw new UnsafeXml('too-deep', `the XML document nests deeper than ${limits.maxDepth} elements`);
    open.push({ uri: tag.uri, local: tag.local, attributes: keep ? attributesOf(tag) : [], children: [], text: '' });
  });
  parser.on('closetag', () => {
    const element = open.pop();
    if (element === undefined || !keep) return;
    const done: XmlElement = { uri: element.uri, local: element.local, text: element.text, attributes: element.attributes, children: element.children };
    const parent = open.at(-1);
    if (parent === undefined) root = done;
    else parent.children.push(done);
  });
  const characters = (data: string): void => {
    const current = open.at(-1);
    if (keep && current !== undefined) current.text += data;
  };
  parser.on('text', characters);
  parser.on('cdata', characters);
  try {
    parser.write(body).close();
  } catch (error) {
    if (error instanceof UnsafeXml) throw error;
    // saxes' message quotes the document's position and sometimes its text: it is not passed on.
    throw new XmlNotWellFormed();
  }
  return root;
}

function attributesOf(tag: SaxesTagNS): XmlAttribute[] {
  return Object.values(tag.attributes).flatMap((attribute) =>
    attribute.uri === XMLNS_URI || attribute.prefix === 'xmlns' || attribute.name === 'xmlns' ? [] : [{ uri: attribute.uri, local: attribute.local, value: attribute.value }],
  );
}

/** Parses an XML text into a namespaced element tree (see `scan` for what is refused). Synchronous. */
export function readXmlTree(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const root = scan(text, limits, true);
  if (root === undefined) throw new XmlNotWellFormed();
  return root;
}

/**
 * Checks an XML text before a parser of another library sees it (the soap package's): throws UnsafeXml
 * for what the gateway refuses and XmlNotWellFormed for what is no XML at all.
 */
export function assertSafeXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  scan(text, limits, false);
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
