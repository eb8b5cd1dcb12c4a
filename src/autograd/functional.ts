import { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/create.js';
import { ones } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import { apply } from './tape/apply.js';
import { runBackward } from './tape/backward.js';
import { state, withGradMode } from './tape/state.js';

type Grads<A> = A extends number ? Tensor : Tensor[];

/**
 * grad(f, argnums)(...args): the gradient of the scalar f(...args) with respect to the arguments
 * at argnums (default 0), each with its argument's shape (zeros for an argument f does not use).
 * Users' tensors and their `.grad` are left alone. Nests: grad(grad(f)) differentiates the
 * gradient, because inside a traced function the backward pass is itself recorded. The same
 * happens when an argument requires grad: the value and gradients then stay linked to the
 * caller's graph (differentiable w.r.t. it); pass detached tensors for a plain evaluation.
 */
export function grad<A extends number | readonly number[] = 0>(f: (...args: any[]) => Tensor, argnums?: A) {
  const vg = valueAndGrad(f, argnums);
  return (...args: any[]): Grads<A> => vg(...args)[1];
}

/** valueAndGrad(f, argnums)(...args) → [f(...args), its gradients as grad() returns them]. */
export function valueAndGrad<A extends number | readonly number[] = 0>(f: (...args: any[]) => Tensor, argnums?: A) {
  const nums: readonly number[] = argnums === undefined ? [0] : typeof argnums === 'number' ? [argnums] : (argnums as readonly number[]);
  return (...args: any[]): [Tensor, Grads<A>] => {
    const { out, inputs, createGraph } = traceCall('grad', f, args, nums);
    if (!(out instanceof Tensor) || out.size !== 1) {
      throw new TypeError(`grad: f must return a one-element Tensor, got ${out instanceof Tensor ? `shape ${shapeStr(out.shape)}` : typeof out}`);
    }
    const found = out.requiresGrad ? runBackward(out, ones(out.shape, { dtype: out.dtype }), inputs, { createGraph }) : new Map();
    const grads = inputs.map((x) => found.get(x) ?? zeros(x.shape, { dtype: x.dtype }));
    const value = createGraph ? out : out.detach();
    return [value, (typeof argnums === 'object' ? grads : grads[0]) as Grads<A>];
  };
}

/** What a transform needs from one call of f: its output, the differentiable handles it was called with, and whether to record the backward. */
export interface Traced {
  out: Tensor;
  inputs: Tensor[];
  /** True when the result must stay differentiable: inside another transform, or when an argument requires grad. */
  createGraph: boolean;
}

/**
 * Calls f(...args) with the arguments at `nums` replaced by fresh differentiable handles (linked
 * to the caller's graph when the caller traces them), with recording on: the common start of grad,
 * vjp, jvp and jacobian. `extra` (e.g. jvp's tangents) also makes the result differentiable when
 * one of them requires grad.
 */
export function traceCall(op: string, f: (...args: any[]) => unknown, args: readonly any[], nums: readonly number[], extra: readonly Tensor[] = []): Traced {
  const twice = nums.find((n, k) => nums.indexOf(n) !== k);
  // JAX refuses it too; the second handle would shadow the first, whose gradient came back as zeros
  if (twice !== undefined) throw new RangeError(`${op}: argnums [${nums.join(', ')}] lists argument ${twice} twice`);
  const linked = (t: unknown) => t instanceof Tensor && t.requiresGrad;
  const createGraph = state.gradEnabled && (state.tracing > 0 || nums.some((i) => linked(args[i])) || extra.some(linked));
  const inputs = nums.map((i) => {
    const a = args[i];
    if (!(a instanceof Tensor)) throw new TypeError(`${op}: argument ${i} must be a Tensor, got ${typeof a}`);
    if (a.dtype === 'int32') throw new TypeError(`${op}: argument ${i} is int32; only float32/float64 arguments have gradients`);
    // A fresh differentiable handle: linked to the caller's graph when the caller traces a.
    return createGraph && a.requiresGrad ? apply('reshape', [a], { shape: a.shape }) : new Tensor(a.data, a.dtype, true);
  });
  const call = args.slice();
  nums.forEach((i, k) => (call[i] = inputs[k]));
  // f is always traced, also under noGrad: a transform of f is not a recording mode.
  state.tracing++;
  try {
    return { out: withGradMode(true, () => f(...call)) as Tensor, inputs, createGraph };
  } finally {
    state.tracing--;
  }
}
