import { MEMBER_MODEL, ModelNode } from '../domain/member.model';

function walk(nodes: readonly ModelNode[], value: unknown, out: Set<string>): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const record = value as Readonly<Record<string, unknown>>;
  for (const node of nodes) {
    if (!Object.prototype.hasOwnProperty.call(record, node.key)) continue;
    const child = record[node.key];
    if (child === undefined) continue;
    const items = node.repeated ? (Array.isArray(child) ? child : []) : [child];
    for (const item of items) {
      if (node.properties === undefined) out.add(node.path);
      else walk(node.properties, item, out);
    }
  }
}

/**
 * The catalog leaf paths that hold a value in a member-shaped object ('loans[].title' once, however
 * many loans have a title), in the model's order. Only keys the model defines are looked at.
 */
export function presentLeafPaths(value: unknown): string[] {
  const found = new Set<string>();
  walk(MEMBER_MODEL, value, found);
  return [...found];
}
