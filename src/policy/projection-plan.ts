import { MEMBER_MODEL, ModelNode } from '../domain/member.model';
import { FieldRule, Transform } from './policy.document';

/**
 * The fields of one purpose laid over the member model: a tree with one node per model node on the
 * way to a listed path. A node with a `rule` is listed itself (its whole subtree leaves); a node
 * without one only leads to listed descendants.
 */
export interface PlanNode {
  readonly model: ModelNode;
  readonly rule?: { readonly transform: Transform; readonly when?: Readonly<Record<string, string | boolean | number>> };
  readonly children: readonly PlanNode[];
}

interface MutablePlanNode {
  model: ModelNode;
  rule?: PlanNode['rule'];
  children: Map<string, MutablePlanNode>;
}

function segmentsOf(path: string): string[] {
  return path.split('.').map((segment) => segment.replace('[]', ''));
}

function freeze(nodes: Map<string, MutablePlanNode>, order: readonly ModelNode[]): PlanNode[] {
  // Model order, not policy order: the same policy content always yields the same output shape.
  return order
    .filter((model) => nodes.has(model.key))
    .map((model) => {
      const node = nodes.get(model.key) as MutablePlanNode;
      return {
        model,
        ...(node.rule !== undefined ? { rule: node.rule } : {}),
        children: freeze(node.children, model.properties ?? []),
      };
    });
}

/** Builds the plan of one purpose. Paths must already be checked against the catalog. */
export function planFor(fields: readonly FieldRule[]): readonly PlanNode[] {
  const roots = new Map<string, MutablePlanNode>();
  for (const field of fields) {
    let level = roots;
    let models: readonly ModelNode[] = MEMBER_MODEL;
    const segments = segmentsOf(field.path);
    segments.forEach((key, index) => {
      const model = models.find((m) => m.key === key);
      if (model === undefined) throw new Error(`policy plan: '${field.path}' is not a path of the member model`);
      let node = level.get(key);
      if (node === undefined) {
        node = { model, children: new Map() };
        level.set(key, node);
      }
      // One rule per branch: a path listed under another listed path (`name` and `name.lastName`) would
      // let the whole of one out while the ledger names the other's transform.
      if (node.rule !== undefined) throw new Error(`policy plan: '${field.path}' overlaps a path listed before it`);
      if (index === segments.length - 1) {
        if (node.children.size > 0) throw new Error(`policy plan: '${field.path}' overlaps a path listed before it`);
        node.rule = { transform: field.transform ?? 'copy', ...(field.when !== undefined ? { when: field.when } : {}) };
      }
      level = node.children;
      models = model.properties ?? [];
    });
  }
  return freeze(roots, MEMBER_MODEL);
}
