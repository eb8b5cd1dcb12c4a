import { promote, toFloat, type DType } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Arr } from '../../tensor/elementwise.js';
import { broadcastShapes, sameShape } from '../../tensor/shape.js';
import { Node, type OpDef } from './node.js';
import { currentScope, state } from './state.js';
import { assertFinite } from './anomaly.js';

/**
 * Every primitive by name, filled by `defineOp` as the op modules load (the tape sits below the
 * ops and imports none of them). A Map: a keyed load from one site with ~70 different names goes
 * megamorphic and was the single most expensive line of a small op; Map.get on an interned string
 * is a hash probe.
 */
const registry = new Map<string, OpDef<any>>();

/** Adds a primitive to the registry (ops/define.ts does, once per op); a name is taken once. */
export function register(name: string, def: OpDef<any>): void {
  if (registry.has(name)) throw new Error(`register: a primitive named '${name}' is already defined`);
  registry.set(name, def);
}

/** Whether a primitive of this name is registered (customOp refuses built-in names). */
export const isRegistered = (name: string): boolean => registry.has(name);

/**
 * Runs the registered primitive `name` on `inputs`: how a VJP calls another primitive by name
 * (ops/define.ts gives it the table's types as `applyOp`). A public op function calls `record`
 * with its own definition and skips the lookup.
 */
export function apply(name: string, inputs: Tensor[], params: unknown): Tensor {
  const def = registry.get(name);
  if (def === undefined) throw new Error(`apply: no primitive named '${name}'`);
  return record(name, def, inputs, params);
}

/**
 * Runs primitive `def` on `inputs` and, when grad mode is on and an input requires a gradient,
 * records a Node so backward() can call the primitive's VJP. This is the only place ops are
 * recorded (built-ins through defineOp, user primitives through customOp); it stays small because
 * it runs once per op.
 */
export function record<P>(name: string, def: OpDef<P>, inputs: Tensor[], params: P): Tensor {
  if (def.check !== undefined) def.check(inputs, params);
  const given = inputs;
  if (def.broadcast === true && inputs.length > 1) inputs = broadcastInputs(name, inputs);
  const n = inputs.length;

  let dtype: DType;
  const rule = def.dtype;
  if (rule === 'promote' || rule === 'float') {
    dtype = inputs[0].dtype;
    for (let i = 1; i < n; i++) dtype = promote(dtype, inputs[i].dtype);
    if (rule === 'float') dtype = toFloat(dtype);
  } else {
    dtype = typeof rule === 'function' ? rule(inputs, params) : rule;
  }

  // Plain loops, no closures: this runs once per op, and tiny ops are dominated by it.
  let node: Node<P> | null = null;
  // An op with an int32 result (a cast to int32) is not differentiable: its output is a constant.
  if (state.gradEnabled && def.vjp !== undefined && dtype !== 'int32') {
    let any = false;
    for (let i = 0; i < n && !any; i++) any = inputs[i].requiresGrad;
    if (any) {
      const needs = new Array<boolean>(n);
      for (let i = 0; i < n; i++) needs[i] = inputs[i].requiresGrad;
      node = new Node(name, def, inputs, params, needs, currentScope(), state.nextNodeId++);
    }
  }
  const xs = new Array<Arr>(n);
  for (let i = 0; i < n; i++) xs[i] = inputs[i].data;
  const out = new Tensor(def.forward(xs, params, dtype, node), dtype);
  if (node !== null) {
    out.requiresGrad = true;
    out.node = node;
    node.out = out;
  }
  // exportOnnx's trace sees the inputs before broadcasting: ONNX operators broadcast as NumPy does.
  if (state.trace) state.trace(name, given, params, out, state.scopeFrames.slice());
  if (state.anomaly) assertFinite(out, `'${name}'${node?.scope ? ` (in ${node.scope})` : ''} produced`, 'in its forward output');
  return out;
}

/**
 * Expands every input to the common broadcast shape: a recorded `expand` node for an input that
 * needs a gradient (its VJP sums the gradient back), a bare stride-0 view for a constant.
 */
function broadcastInputs(name: string, inputs: Tensor[]): Tensor[] {
  let same = true;
  for (let i = 1; i < inputs.length && same; i++) same = sameShape(inputs[0].shape, inputs[i].shape);
  if (same) return inputs;
  let shape: number[] = inputs[0].shape;
  for (let i = 1; i < inputs.length; i++) shape = broadcastShapes(name, shape, inputs[i].shape);
  return inputs.map((t) => {
    if (sameShape(t.shape, shape)) return t;
    if (t.requiresGrad && state.gradEnabled) return apply('expand', [t], { shape });
    return new Tensor(registry.get('expand')!.forward([t.data], { shape }, t.dtype, null), t.dtype);
  });
}
