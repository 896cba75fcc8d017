import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { noteNotRun } from './databases';
import { sharedPath } from './shared-dir';

/**
 * The ISO 20022 schemas and example messages for SEPA direct debit (pain.008 .02/.08, camt.054 .02/.04) live
 * outside the project (their licences are their repositories'; see ../shared/reference/SOURCES.md). Tests read
 * them in place.
 */
export const SEPA_REFERENCE_DIR = process.env.SEPA_REFERENCE_DIR ?? sharedPath('reference', 'sepa');

export const SEPA_SCHEMAS = ['pain.008.001.02', 'pain.008.001.08', 'camt.054.001.02', 'camt.054.001.04'] as const;
export type SepaSchema = (typeof SEPA_SCHEMAS)[number];

export interface SepaReference {
  /** The XSD text per schema. */
  readonly xsd: ReadonlyMap<SepaSchema, string>;
  /** The example message per schema (`<schema>.xml`). */
  readonly example: ReadonlyMap<SepaSchema, string>;
}

/** The reference files, or undefined — and a NOT RUN note naming what is skipped — when they are absent. */
export function sepaReference(whatIsSkipped: string): SepaReference | undefined {
  const missing = SEPA_SCHEMAS.flatMap((schema) => [`${schema}.xsd`, `${schema}.xml`]).filter((file) => !existsSync(join(SEPA_REFERENCE_DIR, file)));
  if (missing.length > 0) {
    noteNotRun(`${whatIsSkipped}: the SEPA reference files are not at ${SEPA_REFERENCE_DIR} (set SEPA_REFERENCE_DIR)`);
    return undefined;
  }
  const read = (file: string): string => readFileSync(join(SEPA_REFERENCE_DIR, file), 'utf8');
  return {
    xsd: new Map(SEPA_SCHEMAS.map((schema) => [schema, read(`${schema}.xsd`)] as const)),
    example: new Map(SEPA_SCHEMAS.map((schema) => [schema, read(`${schema}.xml`)] as const)),
  };
}

/**
 * Validates each document against one SEPA schema with libxml2 (xmllint-wasm), in one run. Returns the schema
 * errors per document, in order: an empty list for a valid one.
 */
export async function sepaSchemaErrors(reference: SepaReference, schema: SepaSchema, documents: readonly string[]): Promise<string[][]> {
  if (documents.length === 0) return [];
  const xsd = reference.xsd.get(schema);
  if (xsd === undefined) throw new Error(`no XSD for ${schema}`);
  const names = documents.map((_document, index) => `document-${index}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: names[index] as string, contents })),
    schema: { fileName: `${schema}.xsd`, contents: xsd },
  });
  const perDocument = names.map((name) => result.errors.filter((error) => error.loc?.fileName === name || error.rawMessage.startsWith(`${name}:`)).map((error) => error.message));
  if (!result.valid && perDocument.every((errors) => errors.length === 0)) throw new Error(`xmllint failed without a per-document error: ${result.rawOutput}`);
  return perDocument;
}
