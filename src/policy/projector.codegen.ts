import { ModelNode, ValueKind } from '../domain/member.model';
import { Transform } from './policy.document';
import { PlanNode } from './projection-plan';
import { isTransformOf, TransformTable } from './transforms';

/** A compiled projection: member in, the allowed subset out. Reads only keys the model defines. */
export type Projection = (member: unknown, nowMs: number) => Record<string, unknown>;


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

/** Whether an assigned expression is a member value or a container the emitter built. */
type Kind = 'scalar' | 'container';
type Assign = (expr: string, kind: Kind) => string;

/**
 * Walks a purpose's plan and emits straight-line code. What the code builds is decided by the
 * container hooks: this class builds objects and arrays (the projection); JsonEmitter below builds the
 * same structure directly as JSON text (the serializer), so both always agree.
 */
class Emitter {
  private counter = 0;
  readonly lines: string[] = [];

  protected keyAssign(target: string, key: string): Assign {
    return (expr) => `${target}${prop(key)} = ${expr};`;
  }

  protected openObject(target: string): string {
    return `const ${target} = {};`;
  }

  protected closeObject(target: string, assign: Assign): string {
    // Frozen as it is made: nothing downstream can add to or change what the policy released.
    return `for (const _ in ${target}) { ${assign(`Object.freeze(${target})`, 'container')} break; }`;
  }

  protected openArray(list: string): string {
    return `const ${list} = [];`;
  }

  protected pushTo(list: string): Assign {
    return (expr) => `${list}.push(${expr});`;
  }

  protected closeArray(list: string, assign: Assign): string {
    return `if (${list}.length !== 0) ${assign(`Object.freeze(${list})`, 'container')}`;
  }

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  /** Code that sets target[key] from a scalar `source` expression through the transform. */
  protected scalar(source: string, transform: Transform, assign: Assign, _kind: ValueKind): void {
    if (transform === 'copy') {
      this.emit(`if (${isScalar(source)}) ${assign(source, 'scalar')}`);
      return;
    }
    const result = this.fresh('r');
    this.emit(`if (${isScalar(source)}) { const ${result} = T[${JSON.stringify(transform)}](${source}, now); if (${result} !== undefined) ${assign(result, 'scalar')} }`);
  }

  /** Copies the whole subtree of a model node (listed with `transform`) from `source` into `target`. */
  whole(model: ModelNode, source: string, target: string, transform: Transform): void {
    const value = this.fresh('v');
    this.emit(`const ${value} = ${source}${prop(model.key)};`);
    const assignTo = this.keyAssign(target, model.key);
    if (!model.repeated) {
      if (model.properties === undefined) this.scalar(value, transform, assignTo, model.kind);
      else this.object(model.properties, value, assignTo, (child, src, tgt) => this.whole(child, src, tgt, 'copy'));
      return;
    }
    this.array(value, assignTo, (element, push) => {
      if (model.properties === undefined) this.scalar(element, transform, push, model.kind);
      else this.object(model.properties, element, push, (child, src, tgt) => this.whole(child, src, tgt, 'copy'));
    });
  }

  /** Emits an object built from `source` by `fill` for each child, assigned only when not empty. */
  object(children: readonly ModelNode[], source: string, assign: Assign, fill: (child: ModelNode, source: string, target: string) => void): void;
  object<C extends { model: ModelNode }>(children: readonly C[], source: string, assign: Assign, fill: (child: C, source: string, target: string) => void): void;
  object(children: readonly (ModelNode | PlanNode)[], source: string, assign: Assign, fill: (child: never, source: string, target: string) => void): void {
    const target = this.fresh('o');
    this.emit(`if (${isRecord(source)}) { ${this.openObject(target)}`);
    for (const child of children) fill(child as never, source, target);
    this.emit(`${this.closeObject(target, assign)} }`);
  }

  /** Emits an array built element by element from `source`, assigned only when not empty. */
  array(source: string, assign: Assign, element: (element: string, push: Assign) => void): void {
    const list = this.fresh('a');
    const index = this.fresh('i');
    const item = this.fresh('e');
    this.emit(`if (Array.isArray(${source})) { ${this.openArray(list)} for (let ${index} = 0; ${index} < ${source}.length; ${index}++) { const ${item} = ${source}[${index}];`);
    element(item, this.pushTo(list));
    this.emit(`} ${this.closeArray(list, assign)} }`);
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
    const assignTo = this.keyAssign(target, node.model.key);
    const fillChildren = (src: string, push: Assign): void =>
      this.object(node.children, src, push, (child, childSource, childTarget) => this.plan([child], childSource, childTarget));
    if (node.model.repeated) this.array(value, assignTo, (element, push) => fillChildren(element, push));
    else fillChildren(value, assignTo);
  }
}

/**
 * The same walk, emitting JSON text: each object and array is a string of members, comma-separated,
 * wrapped only when not empty — exactly JSON.stringify(projection). (No slicing: slicing a concatenated
 * string flattens it, which costs a copy per nesting level.)
 */
class JsonEmitter extends Emitter {
  /** A copied value of a known kind is written by the kind's own writer first (monomorphic), any other scalar as JSON.stringify would. */
  protected override scalar(source: string, transform: Transform, assign: Assign, kind: ValueKind): void {
    if (transform !== 'copy' || kind === 'boolean') {
      super.scalar(source, transform, assign, kind);
      return;
    }
    const typed = kind === 'integer' ? `typeof ${source} === 'number' && Number.isFinite(${source})` : `typeof ${source} === 'string'`;
    const writer = kind === 'integer' ? `('' + ${source})` : `S(${source})`;
    this.emit(`if (${typed}) ${assign(writer, 'container')} else if (${isScalar(source)}) ${assign(source, 'scalar')}`);
  }

  protected override keyAssign(target: string, key: string): Assign {
    const name = JSON.stringify(`${JSON.stringify(prop(key).slice(1))}:`);
    const next = JSON.stringify(`,${JSON.stringify(prop(key).slice(1))}:`);
    return (expr, kind) => `${target} += (${target} === '' ? ${name} : ${next}) + ${kind === 'scalar' ? `J(${expr})` : expr};`;
  }

  protected override openObject(target: string): string {
    return `let ${target} = '';`;
  }

  protected override closeObject(target: string, assign: Assign): string {
    return `if (${target} !== '') { ${assign(`('{' + ${target} + '}')`, 'container')} }`;
  }

  protected override openArray(list: string): string {
    return `let ${list} = '';`;
  }

  protected override pushTo(list: string): Assign {
    return (expr, kind) => `${list} += (${list} === '' ? '' : ',') + ${kind === 'scalar' ? `J(${expr})` : expr};`;
  }

  protected override closeArray(list: string, assign: Assign): string {
    return `if (${list} !== '') { ${assign(`('[' + ${list} + ']')`, 'container')} }`;
  }
}

/** Every transform a plan names is the table's own (not 'constructor', not anything inherited): else no code is generated. */
function assertKnownTransforms(plan: readonly PlanNode[], transforms: TransformTable): void {
  for (const node of plan) {
    const transform = node.rule?.transform;
    if (transform !== undefined && transform !== 'copy' && !isTransformOf(transforms, transform)) {
      throw new Error(`projector: refusing to generate code for transform ${JSON.stringify(transform)}`);
    }
    assertKnownTransforms(node.children, transforms);
  }
}

/** A compiled serializer: member in, the JSON text of the allowed subset out. */
export type Serialization = (member: unknown, nowMs: number) => string;

// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A string as JSON text: most member values need no escaping, which a scan of short ones shows fastest. */
function jsonString(value: string): string {
  if (value.length < 48) {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(value);
    }
    return `"${value}"`;
  }
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** One scalar as JSON text, exactly as JSON.stringify writes it. */
function jsonScalar(value: string | number | boolean): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return value ? 'true' : 'false';
}

/**
 * Generates the serializer of one purpose: the projection and JSON.stringify of its result in one
 * pass, without building the intermediate objects. Same plan, same keys, same order, same text.
 */
export function generateSerialization(plan: readonly PlanNode[], transforms: TransformTable): Serialization {
  assertKnownTransforms(plan, transforms);
  const emitter = new JsonEmitter();
  emitter.plan(plan, 'm', 'out');
  const body = `'use strict';\nlet out = '';\n${emitter.lines.join('\n')}\nreturn '{' + out + '}';`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the model's own keys, see prop()
  const factory = new Function('T', 'J', 'S', `return function serialize(m, now) {\n${body}\n};`) as (
    t: TransformTable,
    j: typeof jsonScalar,
    s: typeof jsonString,
  ) => Serialization;
  return factory(transforms, jsonScalar, jsonString);
}

/**
 * Generates the projection of one purpose as straight-line JavaScript: one property read per
 * allowed field, no lookups at run time. Keys come from the member model only, so nothing the
 * model does not define (including '__proto__' or 'constructor') can be read or written.
 */
export function generateProjection(plan: readonly PlanNode[], transforms: TransformTable): Projection {
  assertKnownTransforms(plan, transforms);
  const emitter = new Emitter();
  emitter.plan(plan, 'm', 'out');
  const body = `'use strict';\nconst out = {};\n${emitter.lines.join('\n')}\nreturn Object.freeze(out);`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the model's own keys, see prop()
  const factory = new Function('T', `return function project(m, now) {\n${body}\n};`) as (t: TransformTable) => Projection;
  return factory(transforms);
}
