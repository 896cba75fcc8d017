import fc from 'fast-check';
import { UnsafeXml, UnsafeXmlReason } from './xml-safety';
import { assertSafeXml, readXmlTree, XmlElement, XmlNotWellFormed } from './xml-tree';

const LIMITS = { maxBytes: 1_048_576, maxDepth: 32 };

function refusal(text: string): UnsafeXmlReason | 'not-well-formed' | 'accepted' {
  try {
    readXmlTree(text, LIMITS);
    return 'accepted';
  } catch (error) {
    if (error instanceof UnsafeXml) return error.reason;
    if (error instanceof XmlNotWellFormed) return 'not-well-formed';
    throw error;
  }
}

const nested = (depth: number, inner = ''): string => '<a>'.repeat(depth) + inner + '</a>'.repeat(depth);

function depthOf(element: XmlElement): number {
  let deepest = 0;
  const stack: Array<[XmlElement, number]> = [[element, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    deepest = Math.max(deepest, item[1]);
    for (const child of item[0].children) stack.push([child, item[1] + 1]);
  }
  return deepest;
}

describe('readXmlTree: the one XML reader, checked on a tokenizer’s events', () => {
  it('reads namespaces, attributes, text and CDATA, without namespace declarations among the attributes', () => {
    const root = readXmlTree('<?xml version="1.0"?><p:r xmlns:p="urn:p" xmlns="urn:d" p:v="1" w="2"><c>a &amp; <![CDATA[<b>]]></c><c/></p:r>');
    expect(root).toMatchObject({ uri: 'urn:p', local: 'r', attributes: [{ uri: 'urn:p', local: 'v', value: '1' }, { uri: '', local: 'w', value: '2' }] });
    expect(root.children.map((child) => [child.uri, child.local, child.text])).toEqual([
      ['urn:d', 'c', 'a & <b>'],
      ['urn:d', 'c', ''],
    ]);
  });

  it('is not fooled by `</` in a comment, a quoted `>` or `/>` in an attribute, or a `?` inside a processing instruction', () => {
    // Each of these passed the text-counting check of before with a limit of 32.
    expect(refusal(nested(40, `<!--${'</a>'.repeat(40)}-->`))).toBe('too-deep');
    expect(refusal('<a b="/>">'.repeat(40) + '</a>'.repeat(40))).toBe('too-deep');
    expect(refusal('<r><?evil a="?"?></r>')).toBe('processing-instruction');
    expect(refusal('<?xml version="1.0"?><?xml-stylesheet href="x"?><r/>')).toBe('processing-instruction');
    expect(refusal(nested(2_000))).toBe('too-deep');
  });

  it('refuses DTDs and entities in every spelling, and what is no XML at all', () => {
    expect(refusal('<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>')).toBe('doctype');
    expect(refusal('<?xml version="1.0"?>\n<!doctype r SYSTEM "file:///etc/passwd"><r/>')).toBe('not-well-formed');
    expect(refusal('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>')).toBe('doctype');
    expect(refusal('<r>&ext;</r>')).toBe('not-well-formed');
    expect(refusal('<r><!ENTITY x "y"></r>')).toBe('not-well-formed');
    expect(refusal('hello')).toBe('not-xml');
    expect(refusal('<r>')).toBe('not-well-formed');
    expect(refusal('<r></s>')).toBe('not-well-formed');
    expect(refusal(`<r>${'x'.repeat(LIMITS.maxBytes)}</r>`)).toBe('too-large');
    expect(refusal('\uFEFF<r>&#233;&lt;</r>')).toBe('accepted');
  });

  it('never says which text it refused (the document can hold member data)', () => {
    for (const text of ['<r>Jansen</s>', '<r a="Jansen></r>', '<r>&Jansen;</r>']) {
      expect(() => readXmlTree(text)).toThrow(XmlNotWellFormed);
      try {
        readXmlTree(text);
      } catch (error) {
        expect(String((error as Error).message)).not.toContain('Jansen');
      }
    }
  });

  it('checks without building a tree (assertSafeXml) by the same rules', () => {
    expect(() => assertSafeXml(nested(33), LIMITS)).toThrow(UnsafeXml);
    expect(() => assertSafeXml(nested(32), LIMITS)).not.toThrow();
  });

  describe('fuzzed (fast-check)', () => {
    const chars = fc.constantFrom('<', '>', '/', '"', "'", '?', '!', '-', '[', ']', 'a', ' ', '=', '&', ';');
    const noise = fc.string({ unit: chars, maxLength: 12 });
    /** Content that hides markup-like text in places where it is not markup. */
    const hiding = fc.oneof(
      noise.filter((text) => !text.includes('--') && !text.endsWith('-')).map((text) => `<!--${text}-->`),
      noise.filter((text) => !text.includes(']]>')).map((text) => `<![CDATA[${text}]]>`),
      noise.map((text) => `<x v="${text.replace(/["<&]/g, '')}"/>`),
      noise.map((text) => `<x v='${text.replace(/['<&]/g, '')}'></x>`),
    );

    it('measures the true depth: a document nested deeper than the limit is refused whatever it hides', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 80 }), fc.array(hiding, { maxLength: 6 }), (depth, hidden) => {
          const text = nested(depth, hidden.join(''));
          const innermost = hidden.some((part) => part.startsWith('<x')) ? depth + 1 : depth;
          if (innermost > LIMITS.maxDepth) expect(refusal(text)).toBe('too-deep');
          else expect(depthOf(readXmlTree(text, LIMITS))).toBe(innermost);
        }),
      );
    });

    it('never lets a processing instruction or a DOCTYPE through, wherever it stands', () => {
      const forbidden = fc.constantFrom('<?pi data?>', '<?evil a="?"?>', '<!DOCTYPE r>', '<!DOCTYPE r [<!ENTITY e "x">]>');
      fc.assert(
        fc.property(fc.array(hiding, { maxLength: 4 }), forbidden, fc.nat(4), (hidden, bad, at) => {
          const parts = [...hidden];
          parts.splice(Math.min(at, parts.length), 0, bad);
          expect(['processing-instruction', 'doctype', 'not-well-formed']).toContain(refusal(`<r>${parts.join('')}</r>`));
        }),
      );
    });

    it('answers anything with a tree or a typed refusal, never another error', () => {
      fc.assert(
        fc.property(fc.string({ unit: chars, maxLength: 60 }), (text) => {
          expect(['accepted', 'not-well-formed', 'not-xml', 'doctype', 'processing-instruction', 'too-deep', 'entity']).toContain(refusal(`<${text}`));
        }),
      );
    });
  });
});
