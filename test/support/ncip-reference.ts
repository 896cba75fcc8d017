import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { noteNotRun } from './databases';
import { sharedPath } from './shared-dir';

/**
 * The official NCIP 2.02 schema and real messages from other implementations live outside the project
 * (their licences are their repositories'; see ../shared/reference/SOURCES.md). Tests read them in place.
 */
export const NCIP_REFERENCE_DIR = process.env.NCIP_REFERENCE_DIR ?? sharedPath('reference', 'ncip');
const XSD = 'ncip_v2_02.xsd';

export interface NcipReference {
  readonly xsd: string;
  /** The reference messages by file name. */
  readonly messages: ReadonlyMap<string, string>;
}

/** The reference files, or undefined — and a NOT RUN note naming what is skipped — when they are absent. */
export function ncipReference(whatIsSkipped: string): NcipReference | undefined {
  if (!existsSync(join(NCIP_REFERENCE_DIR, XSD))) {
    noteNotRun(`${whatIsSkipped}: the NCIP reference files are not at ${NCIP_REFERENCE_DIR} (set NCIP_REFERENCE_DIR)`);
    return undefined;
  }
  const messages = new Map<string, string>();
  for (const file of readdirSync(NCIP_REFERENCE_DIR).filter((name) => name.endsWith('.xml')).sort()) {
    messages.set(file, readFileSync(join(NCIP_REFERENCE_DIR, file), 'utf8'));
  }
  return { xsd: readFileSync(join(NCIP_REFERENCE_DIR, XSD), 'utf8'), messages };
}

/**
 * Validates each document against ncip_v2_02.xsd with libxml2 (xmllint-wasm), in one run. Returns the
 * schema errors per document, in order: an empty list for a valid one.
 */
export async function ncipSchemaErrors(reference: NcipReference, documents: readonly string[]): Promise<string[][]> {
  if (documents.length === 0) return [];
  const names = documents.map((_document, index) => `document-${index}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: names[index] as string, contents })),
    schema: { fileName: XSD, contents: reference.xsd },
  });
  const perDocument = names.map((name) => result.errors.filter((error) => error.loc?.fileName === name || error.rawMessage.startsWith(`${name}:`)).map((error) => error.message));
  if (!result.valid && perDocument.every((errors) => errors.length === 0)) throw new Error(`xmllint failed without a per-document error: ${result.rawOutput}`);
  return perDocument;
}
