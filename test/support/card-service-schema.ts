import { validateXML } from 'xmllint-wasm';
import { cardServiceWsdl } from '../../src/connectors/overijssel/provincial-card-service.wsdl';
import { CARD_SERVICE_NS } from '../../src/mapping/overijssel/card-service.contract';

/** The XML Schema inside the provincial card service's WSDL, as a standalone XSD. */
export function cardServiceXsd(): string {
  const schema = /<xsd:schema[\s\S]*<\/xsd:schema>/.exec(cardServiceWsdl({}))?.[0];
  if (schema === undefined) throw new Error('the WSDL holds no xsd:schema');
  return schema.replace('<xsd:schema ', `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${CARD_SERVICE_NS}" `);
}

/** The one element inside soap:Body (or inside a fault's detail), as a document of its own. */
export function bodyContent(envelope: string): string {
  const detail = /<detail>([\s\S]*)<\/detail>/.exec(envelope)?.[1];
  const body = detail ?? /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(envelope)?.[1];
  if (body === undefined) throw new Error('no soap:Body in the envelope');
  return body;
}

/** Schema errors of each document against the WSDL's schema (libxml2 through xmllint-wasm): [] when valid. */
export async function cardServiceSchemaErrors(documents: readonly string[]): Promise<string[][]> {
  const names = documents.map((_document, index) => `message-${index}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: names[index] as string, contents })),
    schema: { fileName: 'card-service.xsd', contents: cardServiceXsd() },
  });
  return names.map((name) => result.errors.filter((error) => error.loc?.fileName === name || error.rawMessage.startsWith(`${name}:`)).map((error) => error.message));
}
