import { DataCategory, TOP_LEVEL_CATEGORY } from './data-category';
import { memberSchema } from './member.schema';

/** The kind of value at one place of the canonical member. */
export type ValueKind = 'string' | 'date' | 'date-time' | 'integer' | 'boolean' | 'object';

/**
 * One node of the canonical member's model tree, derived from the member schema.
 * An array property is a node with `repeated: true`; its `kind` and `properties` describe each element.
 */
export interface ModelNode {
  readonly key: string;
  /** Catalog path: dot-separated, '[]' after a repeated property, e.g. 'addresses[].postalCode'. */
  readonly path: string;
  readonly kind: ValueKind;
  readonly repeated: boolean;
  readonly required: boolean;
  readonly category: DataCategory;
  readonly enumValues?: readonly string[];
  readonly description?: string;
  /** The schema's format of a text value ('email', 'date', …). */
  readonly format?: string;
  /** Child nodes of an object (or of each element of an array of objects), in schema order. */
  readonly properties?: readonly ModelNode[];
}

interface SchemaNode {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly string[];
  readonly $ref?: string;
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const definitions = memberSchema.$defs as unknown as Readonly<Record<string, SchemaNode>>;

function resolve(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace('#/$defs/', '');
  const target = definitions[name];
  if (target === undefined) throw new Error(`member schema: unresolved reference ${node.$ref}`);
  return target;
}

function kindOf(node: SchemaNode, path: string): ValueKind {
  if (node.enum !== undefined) return 'string';
  switch (node.type) {
    case 'object':
      return 'object';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'string':
      if (node.format === 'date') return 'date';
      if (node.format === 'date-time') return 'date-time';
      return 'string';
    default:
      throw new Error(`member schema: unsupported type '${String(node.type)}' at ${path}`);
  }
}

function build(key: string, raw: SchemaNode, parentPath: string, required: boolean, category: DataCategory): ModelNode {
  const node = resolve(raw);
  const repeated = node.type === 'array';
  const element = repeated ? resolve(node.items ?? {}) : node;
  const path = (parentPath === '' ? key : `${parentPath}.${key}`) + (repeated ? '[]' : '');
  const kind = kindOf(element, path);
  const requiredKeys = new Set(element.required ?? []);
  const properties =
    kind === 'object'
      ? Object.entries(element.properties ?? {}).map(([childKey, child]) =>
          build(childKey, child, path, requiredKeys.has(childKey), category),
        )
      : undefined;
  return {
    key,
    path,
    kind,
    repeated,
    required,
    category,
    ...(element.enum !== undefined ? { enumValues: element.enum } : {}),
    ...(element.format !== undefined ? { format: element.format } : {}),
    ...(node.description !== undefined ? { description: node.description } : {}),
    ...(properties !== undefined ? { properties } : {}),
  };
}

function buildRoot(): readonly ModelNode[] {
  const schema = memberSchema as unknown as SchemaNode;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, child]) => {
    const category = TOP_LEVEL_CATEGORY[key];
    if (category === undefined) throw new Error(`member model: no data category for top-level field '${key}'`);
    return build(key, child, '', required.has(key), category);
  });
}

/** The top-level fields of the canonical member, each with its subtree. */
export const MEMBER_MODEL: readonly ModelNode[] = buildRoot();
