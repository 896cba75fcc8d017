import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { noteNotRun } from './databases';
import { sharedPath } from './shared-dir';

/**
 * The ISO 18626 schemas (v1.2 and 2021-2) and real messages from public implementations (ReShare mod-rs,
 * Index Data crosslink) live outside the project (their licences are their repositories'; see
 * ../shared/reference/SOURCES.md). Tests read them in place.
 */
export const ISO18626_REFERENCE_DIR = process.env.ISO18626_REFERENCE_DIR ?? sharedPath('reference', 'iso18626');

export type Iso18626Schema = '1.2' | '2021-2';
const XSD: Record<Iso18626Schema, string> = { '1.2': 'ISO-18626-v1_2.xsd', '2021-2': 'ISO-18626-2021-2.xsd' };

export interface Iso18626Reference {
  readonly xsd: Readonly<Record<Iso18626Schema, string>>;
  /** The reference messages by file name. */
  readonly messages: ReadonlyMap<string, string>;
}

/** The reference files, or undefined — and a NOT RUN note naming what is skipped — when they are absent. */
export function iso18626Reference(whatIsSkipped: string): Iso18626Reference | undefined {
  if (!existsSync(join(ISO18626_REFERENCE_DIR, XSD['1.2'])) || !existsSync(join(ISO18626_REFERENCE_DIR, XSD['2021-2']))) {
    noteNotRun(`${whatIsSkipped}: the ISO 18626 reference files are not at ${ISO18626_REFERENCE_DIR} (set ISO18626_REFERENCE_DIR)`);
    return undefined;
  }
  const messages = new Map<string, string>();
  for (const file of readdirSync(ISO18626_REFERENCE_DIR).filter((name) => name.endsWith('.xml')).sort()) {
    messages.set(file, readFileSync(join(ISO18626_REFERENCE_DIR, file), 'utf8'));
  }
  return {
    xsd: { '1.2': readFileSync(join(ISO18626_REFERENCE_DIR, XSD['1.2']), 'utf8'), '2021-2': readFileSync(join(ISO18626_REFERENCE_DIR, XSD['2021-2']), 'utf8') },
    messages,
  };
}

/**
 * Validates each document against one of the ISO 18626 schemas with libxml2 (xmllint-wasm), in one run.
 * Returns the schema errors per document, in order: an empty list for a valid one.
 */
export async function iso18626SchemaErrors(reference: Iso18626Reference, schema: Iso18626Schema, documents: readonly string[]): Promise<string[][]> {
  if (documents.length === 0) return [];
  const names = documents.map((_document, index) => `document-${index}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: names[index] as string, contents })),
    schema: { fileName: XSD[schema], contents: reference.xsd[schema] },
  });
  const perDocument = names.map((name) => result.errors.filter((error) => error.loc?.fileName === name || error.rawMessage.startsWith(`${name}:`)).map((error) => error.message));
  if (!result.valid && perDocument.every((errors) => errors.length === 0)) throw new Error(`xmllint failed without a per-document error: ${result.rawOutput}`);
  return perDocument;
}
