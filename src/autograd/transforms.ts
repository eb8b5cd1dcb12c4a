/**
 * Function transforms in the style of JAX and torch.func, built on the tape: vjp, jvp, jacobian,
 * hessian, hvp. Each traces f like grad() does, so they nest with grad and with each other
 * (hessian is jacobian of grad; a transform called inside another records its own backward).
 */
import { fromStorage, Tensor, type TensorLike } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { zeros } from '../tensor/create.js';
import { sameShape, shapeStr } from '../tensor/shape.js';
import { stack } from '../ops/index.js';
import { scalarLike } from '../tensor/create.js';
import { runBackward } from './tape/backward.js';
import { grad, traceCall } from './functional.js';
import { enableGrad } from './tape/state.js';

type Fn = (...args: any[]) => Tensor;

const checkOut = (op: string, out: unknown): Tensor => {
  if (!(out instanceof Tensor)) throw new TypeError(`${op}: f must return a Tensor, got ${typeof out}`);
  return out;
};
const zerosOf = (t: Tensor) => zeros(t.shape, { dtype: t.dtype });

/** Gradients of Σ seed·out with respect to inputs (zeros for an input out does not depend on). */
function pull(out: Tensor, seed: Tensor, inputs: readonly Tensor[], createGraph: boolean): Tensor[] {
  const found = out.requiresGrad ? runBackward(out, seed, inputs, { createGraph, retainGraph: true }) : new Map<Tensor, Tensor>();
  return inputs.map((x) => found.get(x) ?? zerosOf(x));
}

function cotangent(op: string, ct: TensorLike, out: Tensor): Tensor {
  const t = ct instanceof Tensor ? ct : scalarLike(ct, out.dtype).expand(out.shape);
  if (!sameShape(t.shape, out.shape)) throw new RangeError(`${op}: cotangent of shape ${shapeStr(t.shape)} does not match the output of shape ${shapeStr(out.shape)}`);
  return t;
}

/**
 * vjp(f, ...xs) → [f(...xs), pullback]: pullback(v) gives the vector-Jacobian products vᵀ·∂f/∂xᵢ,
 * one per argument (an array, also for one argument), for a cotangent v shaped like the output
 * (a number is broadcast). The pullback may be called any number of times.
 */
export function vjp(f: Fn, ...xs: Tensor[]): [Tensor, (v: TensorLike) => Tensor[]] {
  const { out: raw, inputs, createGraph } = traceCall('vjp', f, xs, xs.map((_, i) => i));
  const out = checkOut('vjp', raw);
  const pullback = (v: TensorLike) => {
    const seed = cotangent('vjp pullback', v, out);
    return pull(out, seed, inputs, createGraph || seed.requiresGrad);
  };
  return [createGraph ? out : out.detach(), pullback];
}

/**
 * jvp(f, primals, tangents) → [f(...primals), J·tangents], the directional derivative of f along
 * the tangents (forward mode). Computed in reverse mode by the double-VJP trick: u ↦ Jᵀu is linear
 * in u, so the VJP of that map at any u (u = 0 here), applied to the tangents v, is (Jᵀ)ᵀv = Jv.
 * It costs two backward passes, one of them through the recorded first.
 */
export function jvp(f: Fn, primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor, Tensor] {
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length) {
    throw new TypeError(`jvp: primals and tangents must be arrays of the same length, got ${describe(primals)} and ${describe(tangents)}`);
  }
  tangents.forEach((v, i) => {
    if (!(v instanceof Tensor) || !sameShape(v.shape, primals[i]?.shape ?? [])) {
      throw new RangeError(`jvp: tangent ${i} of shape ${v instanceof Tensor ? shapeStr(v.shape) : typeof v} does not match primal ${i} of shape ${primals[i] instanceof Tensor ? shapeStr(primals[i].shape) : typeof primals[i]}`);
    }
  });
  const { out: raw, inputs, createGraph } = traceCall('jvp', f, primals, primals.map((_, i) => i), tangents);
  const out = checkOut('jvp', raw);
  const value = createGraph ? out : out.detach();
  if (!out.requiresGrad) return [value, zerosOf(out)];
  const u = new Tensor(zerosOf(out).data, out.dtype, true);
  const pulled = runBackward(out, u, inputs, { createGraph: true, retainGraph: true });
  // s = Σᵢ ⟨Jᵢᵀu, vᵢ⟩ = ⟨u, Jv⟩, so ∂s/∂u = Jv.
  // Recorded also under noGrad: s is differentiated below.
  const s = enableGrad(() => {
    let acc: Tensor | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const g = pulled.get(inputs[i]);
      if (g) acc = acc ? acc.add(g.mul(tangents[i]).sum()) : g.mul(tangents[i]).sum();
    }
    return acc;
  });
  const jv = s?.requiresGrad ? pull(s, scalarLike(1, s.dtype), [u], createGraph)[0] : zerosOf(out);
  return [value, jv];
}

const describe = (v: unknown) => (Array.isArray(v) ? `${v.length} entries` : typeof v);

/**
 * jacobian(f, argnums)(...args): ∂f/∂x for the argument at argnums (default 0), shaped
 * [...f's output shape, ...x's shape], by reverse mode one output element at a time; an array of
 * them when argnums is an array.
 */
export function jacobian<A extends number | readonly number[] = 0>(f: Fn, argnums?: A) {
  const nums: readonly number[] = argnums === undefined ? [0] : typeof argnums === 'number' ? [argnums] : (argnums as readonly number[]);
  return (...args: any[]): A extends number ? Tensor : Tensor[] => {
    const { out: raw, inputs, createGraph } = traceCall('jacobian', f, args, nums);
    const out = checkOut('jacobian', raw);
    const rows: Tensor[][] = inputs.map(() => []);
    for (let r = 0; r < out.size; r++) {
      const e = allocate(out.dtype, out.size);
      e[r] = 1;
      pull(out, fromStorage(e, out.shape, out.dtype), inputs, createGraph).forEach((g, i) => rows[i].push(g.reshape(-1)));
    }
    const jac = inputs.map((x, i) => (rows[i].length ? stack(rows[i], 0).reshape([...out.shape, ...x.shape]) : zeros([...out.shape, ...x.shape], { dtype: x.dtype })));
    return (typeof argnums === 'object' ? jac : jac[0]) as A extends number ? Tensor : Tensor[];
  };
}

/** hessian(f, argnum)(...args): the matrix of second derivatives of the scalar f, shaped [...x.shape, ...x.shape] (jacobian of grad). */
export function hessian(f: Fn, argnum = 0) {
  return (...args: any[]): Tensor => jacobian(grad(f, argnum), argnum)(...args);
}

/**
 * hvp(f, x, v): the Hessian of the scalar f at x times v, ∇ₓ⟨∇f(x), v⟩, without forming the
 * Hessian: two backward passes, one through the other (reverse over reverse). With arrays,
 * hvp(f, [x₁, x₂, ...], [v₁, v₂, ...]) treats f(x₁, x₂, ...) as a function of all its arguments
 * (e.g. every parameter of a model) and returns one product per argument.
 */
export function hvp(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor;
export function hvp(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], vs: readonly Tensor[]): Tensor[];
export function hvp(f: Fn, x: Tensor | readonly Tensor[], v: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  const single = !Array.isArray(x);
  const xs = (single ? [x] : x) as readonly Tensor[], vs = (Array.isArray(v) ? v : [v]) as readonly Tensor[];
  if (xs.length !== vs.length) throw new RangeError(`hvp: ${xs.length} arguments but ${vs.length} vectors`);
  xs.forEach((xi, i) => {
    const vi = vs[i];
    if (!(vi instanceof Tensor) || !(xi instanceof Tensor) || !sameShape(xi.shape, vi.shape)) {
      const at = single ? '' : ` ${i}`;
      throw new RangeError(`hvp: v${at} of shape ${vi instanceof Tensor ? shapeStr(vi.shape) : typeof vi} does not match x${at} of shape ${xi instanceof Tensor ? shapeStr(xi.shape) : typeof xi}`);
    }
  });
  const all = xs.map((_, i) => i);
  const inner = (...ys: Tensor[]) => grad(f, all)(...ys).reduce<Tensor | null>((acc, g, i) => {
    const term = g.mul(vs[i]).sum();
    return acc ? acc.add(term) : term;
  }, null)!;
  const out = grad(inner, all)(...xs);
  return single ? out[0] : out;
}
