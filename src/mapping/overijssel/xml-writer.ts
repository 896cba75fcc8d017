/** Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u; // with /u a surrogate pair is one code point: only lone halves match

/** True when the text can be written as XML character data. */
export function isXmlText(value: string): boolean {
  return !NOT_XML.test(value);
}

/** Escapes text for element content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name>escaped text</name>`, or nothing when the value is absent. */
export function leaf(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

/** `<name>children</name>`, or nothing when every child is absent. */
export function branch(name: string, content: string): string {
  return content === '' ? '' : `<${name}>${content}</${name}>`;
}
