import { DataCategory } from './data-category';
import { MEMBER_MODEL, ModelNode, ValueKind } from './member.model';

/**
 * What a text value is, where a transform depends on it: a person's name (initials), a postal code
 * (postcode4), an identifier or number (last4), an e-mail address (none of those). Undefined: other text.
 */
export type TextRole = 'name' | 'postal-code' | 'identifier' | 'email';

/** Names of persons in the member: the member's own, an account holder's, an author's. */
const NAME_PATHS = new Set(['name.firstNames', 'name.initials', 'name.prefix', 'name.lastName', 'bankAccount.holder', 'loans[].author']);
/** Keys of identifiers and numbers: whose last characters say something without saying all. */
const IDENTIFIER_KEY = /(Id|Number)$|^(iban|bic|phone)$/;

function textRoleOf(node: ModelNode): TextRole | undefined {
  if (node.kind !== 'string' || node.enumValues !== undefined) return undefined;
  if (node.format === 'email') return 'email';
  if (node.key === 'postalCode') return 'postal-code';
  if (NAME_PATHS.has(node.path)) return 'name';
  if (IDENTIFIER_KEY.test(node.key)) return 'identifier';
  return undefined;
}

/** One entry of the field catalog: a path that policies, the console and reports may name. */
export interface CatalogField {
  readonly path: string;
  readonly kind: ValueKind;
  readonly category: DataCategory;
  /** A leaf holds a value (or, when repeated, a list of values); a non-leaf holds an object. */
  readonly leaf: boolean;
  readonly repeated: boolean;
  /** True when the path lies inside an array ('loans[].title') or is one ('interests[]'). */
  readonly inArray: boolean;
  readonly required: boolean;
  readonly enumValues?: readonly string[];
  readonly description?: string;
  /** What the text is, where transforms depend on it (see TextRole). */
  readonly role?: TextRole;
}

function flatten(nodes: readonly ModelNode[], inArray: boolean, into: Map<string, CatalogField>, byPath: Map<string, ModelNode>): void {
  for (const node of nodes) {
    const nodeInArray = inArray || node.repeated;
    into.set(node.path, {
      path: node.path,
      kind: node.kind,
      category: node.category,
      leaf: node.kind !== 'object',
      repeated: node.repeated,
      inArray: nodeInArray,
      required: node.required,
      ...(node.enumValues !== undefined ? { enumValues: node.enumValues } : {}),
      ...(node.description !== undefined ? { description: node.description } : {}),
      ...(textRoleOf(node) !== undefined ? { role: textRoleOf(node) } : {}),
    });
    byPath.set(node.path, node);
    if (node.properties !== undefined) flatten(node.properties, nodeInArray, into, byPath);
  }
}

const fields = new Map<string, CatalogField>();
const nodes = new Map<string, ModelNode>();
flatten(MEMBER_MODEL, false, fields, nodes);

/** Every path of the canonical member, with its data category, in schema order. */
export const FIELD_CATALOG: readonly CatalogField[] = [...fields.values()];

const ORDER = new Map(FIELD_CATALOG.map((field, index) => [field.path, index]));

/** Sorts paths in the catalog's order (the member schema's): the stable, meaningful order of reports. */
export function byCatalogOrder<T>(items: readonly T[], pathOf: (item: T) => string): T[] {
  const at = (item: T): number => ORDER.get(pathOf(item)) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => at(a) - at(b) || pathOf(a).localeCompare(pathOf(b)));
}

export function catalogField(path: string): CatalogField | undefined {
  return fields.get(path);
}

export function modelNode(path: string): ModelNode | undefined {
  return nodes.get(path);
}

/** The leaf paths at or below a catalog path ('name' → 'name.firstNames', ...; a leaf → itself). */
export function leafPathsUnder(path: string): string[] {
  const node = nodes.get(path);
  if (node === undefined) return [];
  const out: string[] = [];
  const walk = (n: ModelNode): void => {
    if (n.properties === undefined) out.push(n.path);
    else n.properties.forEach(walk);
  };
  walk(node);
  return out;
}

/** A near miss for an unknown path, to name in the error ('addresses' → 'addresses[]'). */
export function suggestPath(path: string): string | undefined {
  const bracketed = path.replace(/(\[\])?(\.|$)/, '[]$2');
  if (fields.has(bracketed)) return bracketed;
  const lower = path.toLowerCase();
  return FIELD_CATALOG.find((f) => f.path.toLowerCase() === lower || f.path.replace(/\[\]/g, '') === path)?.path;
}
