import { ModelNode } from '../domain/member.model';
import { Transform } from './policy.document';
import { PlanNode } from './projection-plan';
import { ValueTransform } from './transforms';

/** A compiled projection: member in, the allowed subset out. Reads only keys the model defines. */
export type Projection = (member: unknown, nowMs: number) => Record<string, unknown>;

type TransformTable = Readonly<Record<Exclude<Transform, 'copy'>, ValueTransform>>;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** Property access for a key of the model; the model's keys are plain identifiers, checked again here. */
function prop(key: string): string {
  if (!IDENTIFIER.test(key)) throw new Error(`projector: refusing to generate code for key ${JSON.stringify(key)}`);
  return `.${key}`;
}

function isScalar(expr: string): string {
  return `(typeof ${expr} === 'string' || typeof ${expr} === 'number' || typeof ${expr} === 'boolean')`;
}

function isRecord(expr: string): string {
  return `(${expr} !== null && typeof ${expr} === 'object' && !Array.isArray(${expr}))`;
}

/** A `when` condition as an expression over the member `m`. */
function condition(when: Readonly<Record<string, string | boolean | number>>): string {
  return Object.entries(when)
    .map(([path, value]) => `(m${path.split('.').map((key) => `?.${prop(key).slice(1)}`).join('')} === ${JSON.stringify(value)})`)
    .join(' && ');
}

class Emitter {
  private counter = 0;
  readonly lines: string[] = [];

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  /** Code that sets target[key] from a scalar `source` expression through the transform. */
  private scalar(source: string, transform: Transform, assign: (expr: string) => string): void {
    if (transform === 'copy') {
      this.emit(`if (${isScalar(source)}) ${assign(source)}`);
      return;
    }
    const result = this.fresh('r');
    this.emit(`if (${isScalar(source)}) { const ${result} = T[${JSON.stringify(transform)}](${source}, now); if (${result} !== undefined) ${assign(result)} }`);
  }

  /** Copies the whole subtree of a model node (listed with `transform`) from `source` into `target`. */
  whole(model: ModelNode, source: string, target: string, transform: Transform): void {
    const value = this.fresh('v');
    this.emit(`const ${value} = ${source}${prop(model.key)};`);
    const assignTo = (expr: string): string => `${target}${prop(model.key)} = ${expr};`;
    if (!model.repeated) {
      if (model.properties === undefined) this.scalar(value, transform, assignTo);
      else this.object(model.properties, value, assignTo, (child, src, tgt) => this.whole(child, src, tgt, 'copy'));
      return;
    }
    this.array(value, assignTo, (element, push) => {
      if (model.properties === undefined) this.scalar(element, transform, push);
      else this.object(model.properties, element, push, (child, src, tgt) => this.whole(child, src, tgt, 'copy'));
    });
  }

  /** Emits an object built from `source` by `fill` for each child, assigned only when not empty. */
  object(children: readonly ModelNode[], source: string, assign: (expr: string) => string, fill: (child: ModelNode, source: string, target: string) => void): void;
  object<C extends { model: ModelNode }>(children: readonly C[], source: string, assign: (expr: string) => string, fill: (child: C, source: string, target: string) => void): void;
  object(children: readonly (ModelNode | PlanNode)[], source: string, assign: (expr: string) => string, fill: (child: never, source: string, target: string) => void): void {
    const target = this.fresh('o');
    this.emit(`if (${isRecord(source)}) { const ${target} = {};`);
    for (const child of children) fill(child as never, source, target);
    this.emit(`for (const _ in ${target}) { ${assign(target)} break; } }`);
  }

  /** Emits an array built element by element from `source`, assigned only when not empty. */
  array(source: string, assign: (expr: string) => string, element: (element: string, push: (expr: string) => string) => void): void {
    const list = this.fresh('a');
    const index = this.fresh('i');
    const item = this.fresh('e');
    this.emit(`if (Array.isArray(${source})) { const ${list} = []; for (let ${index} = 0; ${index} < ${source}.length; ${index}++) { const ${item} = ${source}[${index}];`);
    element(item, (expr) => `${list}.push(${expr});`);
    this.emit(`} if (${list}.length !== 0) ${assign(list)} }`);
  }

  /** Emits the plan nodes under `source` into `target`. */
  plan(nodes: readonly PlanNode[], source: string, target: string): void {
    for (const node of nodes) {
      // `when: {}` is valid under the contract and holds always (an empty condition would be `if ()`)
      const guarded = node.rule?.when !== undefined && Object.keys(node.rule.when).length > 0;
      if (guarded) this.emit(`if (${condition(node.rule?.when ?? {})}) {`);
      if (node.rule !== undefined) this.whole(node.model, source, target, node.rule.transform);
      else this.partial(node, source, target);
      if (guarded) this.emit('}');
    }
  }

  /** A node that is not listed itself: only its listed descendants leave. */
  private partial(node: PlanNode, source: string, target: string): void {
    const value = this.fresh('v');
    this.emit(`const ${value} = ${source}${prop(node.model.key)};`);
    const assignTo = (expr: string): string => `${target}${prop(node.model.key)} = ${expr};`;
    const fillChildren = (src: string, push: (expr: string) => string): void =>
      this.object(node.children, src, push, (child, childSource, childTarget) => this.plan([child], childSource, childTarget));
    if (node.model.repeated) this.array(value, assignTo, (element, push) => fillChildren(element, push));
    else fillChildren(value, assignTo);
  }
}

/**
 * Generates the projection of one purpose as straight-line JavaScript: one property read per
 * allowed field, no lookups at run time. Keys come from the member model only, so nothing the
 * model does not define (including '__proto__' or 'constructor') can be read or written.
 */
export function generateProjection(plan: readonly PlanNode[], transforms: TransformTable): Projection {
  const emitter = new Emitter();
  emitter.plan(plan, 'm', 'out');
  const body = `'use strict';\nconst out = {};\n${emitter.lines.join('\n')}\nreturn out;`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the model's own keys, see prop()
  const factory = new Function('T', `return function project(m, now) {\n${body}\n};`) as (t: TransformTable) => Projection;
  return factory(transforms);
}
