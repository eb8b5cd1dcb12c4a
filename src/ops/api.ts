/**
 * The public functions behind every Tensor method. Primitives go through apply(); the rest
 * (mean, transpose, stack, ...) are compositions of primitives and so need no VJP of their own.
 */
import { makeView } from '../tensor/view.js';
import { apply } from '../autograd/apply.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { normalizeDim, normalizeDims, shapeStr, sizeOf } from '../tensor/shape.js';
import { checkDType, checkFinite, checkInteger, checkShape, describe, fitsInt32 } from '../tensor/validate.js';
import { tensorArg } from '../tensor/create.js';
import { checkFlag, checkOptions, oneOf } from '../tensor/options.js';

type Dims = number | readonly number[];

/** A positional boolean flag (keepdim), checked: an object or a number is not silently truthy. */
export const flag = (op: string, name: string, v: boolean): boolean => (checkFlag(op, name, v), v);

/**
 * A JS number becomes a 0-d tensor of `like`'s dtype; with an int32 tensor, a number int32 cannot
 * hold (a fraction, NaN, ±Infinity, beyond ±2³¹) gives float32 instead of a wrapped value.
 */
export function scalarLike(n: number, like: DType): Tensor {
  const dtype: DType = like === 'int32' && !(Number.isInteger(n) && fitsInt32(n)) ? 'float32' : like;
  const Ctor = dtype === 'float64' ? Float64Array : dtype === 'int32' ? Int32Array : Float32Array;
  const data = new Ctor(1);
  data[0] = n;
  return new Tensor(makeView(data, [], [], 0), dtype);
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, b instanceof Tensor ? b : scalarLike(toNumber(op, b), a.dtype)];
  if (b instanceof Tensor) return [scalarLike(toNumber(op, a), b.dtype), b];
  return [scalarLike(toNumber(op, a), 'float32'), scalarLike(toNumber(op, b), 'float32')];
}
function toNumber(op: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: expected a Tensor or a number, got ${describe(v)}`);
  return v;
}
function asTensor(op: string, v: TensorLike): Tensor {
  return v instanceof Tensor ? v : scalarLike(toNumber(op, v), 'float32');
}

// ----- elementwise -----
/** A binary op that takes a JS number for either operand without making a tensor of it (ops/scalar.ts). */
const withScalars = <K extends 'add' | 'sub' | 'mul' | 'div' | 'pow'>(op: K) =>
  (a: TensorLike, b: TensorLike): Tensor => {
    // The five share one params type (ScalarParams); `as 'add'` names it for the compiler.
    if (typeof b === 'number' && a instanceof Tensor) return apply(op as 'add', [a], { scalar: b, scalarFirst: false });
    if (typeof a === 'number' && b instanceof Tensor) return apply(op as 'add', [b], { scalar: a, scalarFirst: true });
    return apply(op as 'add', pair(op, a, b), undefined);
  };
/**
 * a + b, broadcast (torch.add). Tensors promote float64 > float32 > int32; a JS number takes the
 * tensor's dtype, except that a number int32 cannot hold turns an int32 tensor float32. d = da + db.
 */
export const add = withScalars('add');
/** a − b, broadcast, with add's dtype rule. d = da − db. */
export const sub = withScalars('sub');
/** a · b elementwise, broadcast, with add's dtype rule. d = b·da + a·db. */
export const mul = withScalars('mul');
/**
 * a / b elementwise, broadcast; always a float result (int32 / int32 gives float32, true division).
 * d = da/b − (a/b²)·db.
 */
export const div = withScalars('div');
/**
 * aᵇ elementwise, broadcast; a float result. d = b·aᵇ⁻¹·da + aᵇ·log(a)·db, with the base's gradient
 * exactly 0 where b = 0 and the exponent's 0 where a = 0 (NaN for a < 0, as PyTorch).
 */
export const pow = withScalars('pow');
/** Elementwise max(a, b), broadcast (torch.maximum); at a tie the gradient is split evenly. */
export const maximum = (a: TensorLike, b: TensorLike) => apply('maximum', pair('maximum', a, b), undefined);
/** Elementwise min(a, b), broadcast (torch.minimum); at a tie the gradient is split evenly. */
export const minimum = (a: TensorLike, b: TensorLike) => apply('minimum', pair('minimum', a, b), undefined);
/** x·log(y), with 0 wherever x = 0 (even for y = 0). */
export const xlogy = (x: TensorLike, y: TensorLike) => apply('xlogy', pair('xlogy', x, y), undefined);
/** a < b as a 0/1 mask of the promoted dtype (not a boolean tensor); never differentiable. */
export const lt = (a: TensorLike, b: TensorLike) => apply('lt', pair('lt', a, b), undefined);
/** a ≤ b as a 0/1 mask of the promoted dtype; never differentiable. */
export const le = (a: TensorLike, b: TensorLike) => apply('le', pair('le', a, b), undefined);
/** a > b as a 0/1 mask of the promoted dtype; never differentiable. */
export const gt = (a: TensorLike, b: TensorLike) => apply('gt', pair('gt', a, b), undefined);
/** a ≥ b as a 0/1 mask of the promoted dtype; never differentiable. */
export const ge = (a: TensorLike, b: TensorLike) => apply('ge', pair('ge', a, b), undefined);
/** a = b (exact equality) as a 0/1 mask of the promoted dtype; never differentiable. See isclose for floats. */
export const eq = (a: TensorLike, b: TensorLike) => apply('eq', pair('eq', a, b), undefined);

/** Picks a where cond ≠ 0, else b; the gradient flows only into the picked branch. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = asTensor('where', cond);
  const [x, y] = pair('where', a, b);
  return apply('where', [c, x, y], undefined);
}

const unary = <K extends 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'abs' | 'square' | 'sign' | 'sigmoid' | 'logSigmoid' | 'tanh' | 'relu' | 'softplus' | 'gelu' | 'erf'>(name: K) =>
  (x: TensorLike): Tensor => apply(name, [asTensor(name, x)], undefined as never);
/** −x; keeps the dtype. */
export const neg = unary('neg');
/** eˣ (int32 input gives float32); d = eˣ·dx. */
export const exp = unary('exp');
/** Natural log: −∞ at 0, NaN below 0; d = dx/x. */
export const log = unary('log');
/** log(1 + x), accurate for small x; d = dx/(1 + x). */
export const log1p = unary('log1p');
/** eˣ − 1, accurate for small x; d = eˣ·dx. */
export const expm1 = unary('expm1');
/** √x; d = dx/(2√x), infinite at 0 (add an eps inside the root of a norm that can be 0). */
export const sqrt = unary('sqrt');
/** |x|; d = sign(x)·dx with abs'(0) = 0, as in PyTorch. */
export const abs = unary('abs');
/** x²; keeps the dtype. d = 2x·dx. */
export const square = unary('square');
/** sign(x) ∈ {−1, 0, 1} (NaN stays NaN); gradient 0 everywhere. */
export const sign = unary('sign');
/** σ(x) = 1/(1 + e⁻ˣ); d = σ(x)(1 − σ(x))·dx. */
export const sigmoid = unary('sigmoid');
/** log σ(x) = −softplus(−x), without overflow for large |x|; d = σ(−x)·dx. */
export const logSigmoid = unary('logSigmoid');
/** tanh(x); d = (1 − tanh²x)·dx. */
export const tanh = unary('tanh');
/** max(x, 0); relu'(0) = 0, as in PyTorch. */
export const relu = unary('relu');
/** log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows; d = σ(x)·dx. */
export const softplus = unary('softplus');
/** The exact GELU x·Φ(x) (erf form, PyTorch's default, not the tanh approximation). */
export const gelu = unary('gelu');
/** The error function erf(x); d = (2/√π)·e^(−x²)·dx. */
export const erf = unary('erf');
/** x for x > 0, slope·x otherwise (torch leaky_relu); the derivative at 0 is the slope. */
export const leakyRelu = (x: Tensor, slope = 0.01) =>
  apply('leakyRelu', [tensorArg('leakyRelu', x)], { slope: checkFinite('leakyRelu', 'slope', slope) });
/** x for x > 0, α(eˣ − 1) otherwise; the derivative at 0 is α, as in PyTorch. */
export const elu = (x: Tensor, alpha = 1) => apply('elu', [tensorArg('elu', x)], { alpha: checkFinite('elu', 'alpha', alpha) });
/**
 * x limited to [min, max] (null/undefined: unbounded on that side). The gradient passes where
 * min ≤ x ≤ max, bounds included, as in PyTorch. int32 stays int32 only with integer bounds.
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  return apply('clamp', [tensorArg('clamp', x)], { min: min ?? -Infinity, max: max ?? Infinity });
}
/**
 * x converted to dtype (Tensor.to); x itself when it already has that dtype, unless `copy`.
 * float → int32 truncates toward zero and throws on NaN, ±Infinity or out-of-range values; the
 * result of a cast to int32 is a constant for autograd.
 */
export function cast(x: Tensor, dtype: DType, copy = false): Tensor {
  checkDType('to', dtype);
  return x.dtype === dtype && !copy ? x : apply('cast', [x], { dtype });
}

// ----- reductions -----
/**
 * Σx over dim (one or several; all when omitted), keeping reduced dims as size 1 with keepdim.
 * int32 stays int32. d = dx broadcast back over the reduced dims.
 */
export const sum = (x: Tensor, dim?: Dims, keepdim = false) =>
  apply('sum', [tensorArg('sum', x)], { dims: normalizeDims('sum', dim, x.ndim), keepdim: flag('sum', 'keepdim', keepdim) });
/**
 * The largest value over dim (all when omitted), values only (see argmax for indices). Ties
 * split the gradient evenly; NaN propagates; an empty reduced dim is an error, as in PyTorch.
 */
export const max = (x: Tensor, dim?: Dims, keepdim = false) =>
  apply('max', [tensorArg('max', x)], { dims: normalizeDims('max', dim, x.ndim), keepdim: flag('max', 'keepdim', keepdim) });
/**
 * The smallest value over dim (all when omitted); ties split the gradient evenly, NaN
 * propagates, an empty reduced dim is an error.
 */
export const min = (x: Tensor, dim?: Dims, keepdim = false) =>
  apply('min', [tensorArg('min', x)], { dims: normalizeDims('min', dim, x.ndim), keepdim: flag('min', 'keepdim', keepdim) });
/** Πx over dim (all when omitted); the gradient is exact with zeros in the input (no division by x). */
export const prod = (x: Tensor, dim?: Dims, keepdim = false) =>
  apply('prod', [tensorArg('prod', x)], { dims: normalizeDims('prod', dim, x.ndim), keepdim: flag('prod', 'keepdim', keepdim) });
/** log Σ exp(x) over dims, shifted by the (detached) max so it never overflows. */
export const logsumexp = (x: Tensor, dim?: Dims, keepdim = false) =>
  apply('logsumexp', [tensorArg('logsumexp', x)], { dims: normalizeDims('logsumexp', dim, x.ndim), keepdim: flag('logsumexp', 'keepdim', keepdim) });
/** Σx / count over dims: NaN over an empty dim (0/0), as in PyTorch. An int32 x gives float32 (summed in float64). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims('mean', dim, tensorArg('mean', x).ndim);
  checkFlag('mean', 'keepdim', keepdim);
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  if (x.dtype === 'int32') return sum(cast(x, 'float64'), dims, keepdim).mul(1 / count).to('float32');
  return sum(x, dims, keepdim).mul(1 / count);
}
/** exp(x − max) / Σ exp(x − max) along dim (default last). d = y ⊙ (dy − Σ dy ⊙ y). */
export const softmax = (x: Tensor, dim = -1) => apply('softmax', [tensorArg('softmax', x)], { dim: normalizeDim('softmax', dim, x.ndim) });
/** x − logsumexp(x) along dim (default last): stable for any logits, unlike log(softmax(x)). */
export const logSoftmax = (x: Tensor, dim = -1) => apply('logSoftmax', [tensorArg('logSoftmax', x)], { dim: normalizeDim('logSoftmax', dim, x.ndim) });

export interface SoftmaxCrossEntropyOptions {
  /** The class dim: default 1 for rank ≥ 2, 0 for rank 1. */
  dim?: number;
  /** Per-class weights [C] (class-index targets). */
  weight?: Tensor;
  /** Class-index targets equal to this count nowhere (default −100). */
  ignoreIndex?: number;
  /** PyTorch's label smoothing α ∈ [0, 1) (class-index targets). */
  labelSmoothing?: number;
  /** 'mean' (default; over class-index targets, divided by Σ m·w_y as PyTorch), 'sum' or 'none'. */
  reduction?: 'mean' | 'sum' | 'none';
  /** The name errors start with (default 'softmaxCrossEntropy'). */
  caller?: string;
}

const softmaxCrossEntropyOptions = {
  dim: 'dim', weight: 'tensor', ignoreIndex: 'integer', labelSmoothing: 'smoothing', reduction: oneOf('mean', 'sum', 'none'), caller: 'string',
} as const;

/**
 * PyTorch's `cross_entropy` on logits x, as one fused primitive (ops/softmaxCrossEntropy.ts):
 * int32 class indices (x's shape without dim) with weight, ignoreIndex and labelSmoothing, or
 * float target distributions of x's shape. 'none' gives the per-sample losses (0 where ignored).
 */
export function softmaxCrossEntropy(x: Tensor, target: Tensor, opts: SoftmaxCrossEntropyOptions = {}): Tensor {
  const caller = opts.caller ?? 'softmaxCrossEntropy';
  checkOptions(caller, opts, softmaxCrossEntropyOptions);
  tensorArg(caller, x);
  tensorArg(caller, target, 'target');
  const { weight, ignoreIndex = -100, labelSmoothing = 0, reduction = 'mean' } = opts;
  const dim = normalizeDim(caller, opts.dim ?? (x.ndim >= 2 ? 1 : 0), x.ndim);
  const l = apply('softmaxCrossEntropy', weight ? [x, target, weight] : [x, target], { dim, ignoreIndex, labelSmoothing, caller });
  if (reduction === 'none') return l;
  if (reduction === 'sum') return l.sum();
  if (target.dtype !== 'int32') return l.mean();
  const keep = target.eq(ignoreIndex).lt(1);
  const counted = weight ? where(keep, weight.gather(0, where(keep, target, 0).flatten()).reshape(target.shape), 0) : keep.to(l.dtype);
  return l.sum().div(counted.sum());
}

// ----- linear algebra -----
/**
 * Matrix product with PyTorch's rules: 1-D operands are promoted to a row/column and the added dim
 * removed afterwards; batch dims broadcast (through expand nodes, whose VJP sums them back).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  tensorArg('matmul', a, 'first argument');
  tensorArg('matmul', b, 'second argument');
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`matmul: both arguments need at least 1 dim, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
  const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? b.reshape([b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2), [k2, n] = b2.shape.slice(-2);
  if (k !== k2) throw new RangeError(`matmul: inner dims differ: ${shapeStr(a.shape)} @ ${shapeStr(b.shape)}`);
  // A stack of matrices times one matrix (a Linear layer on [B, T, in]) is one matmul with the
  // batch folded into the rows: B is packed once, and its gradient is one product, not a sum.
  // (The row count is explicit: reshape's −1 is ambiguous when k = 0.)
  if (b.ndim === 2 && a.ndim > 2) return matmul(a.reshape([sizeOf(a.shape.slice(0, -1)), k]), b).reshape([...a.shape.slice(0, -1), n]);
  const batchA = a2.shape.slice(0, -2), batchB = b2.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastBatch(batchA, batchB);
  } catch {
    throw new RangeError(`matmul: cannot broadcast batch dims of ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
  }
  const ea = batchA.length === batch.length && batchA.every((x, i) => x === batch[i]) ? a2 : a2.expand([...batch, m, k]);
  const eb = batchB.length === batch.length && batchB.every((x, i) => x === batch[i]) ? b2 : b2.expand([...batch, k, n]);
  let out = apply('matmul', [ea, eb], undefined);
  if (a.ndim === 1) out = out.squeeze(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  return out;
}
function broadcastBatch(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error();
    return Math.max(x, y);
  });
}

// ----- shape -----
/**
 * The same elements in a new shape (one −1 is inferred), row-major order as torch.reshape; x
 * itself when the shape is unchanged.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  tensorArg('reshape', x);
  if (!Array.isArray(shape)) throw new TypeError(`reshape: shape must be an array of integers, got ${describe(shape)}`);
  const holes = shape.filter((n) => n === -1).length;
  const known = shape.reduce((p, n) => (n === -1 ? p : p * n), 1);
  const resolved = shape.map((n) => (n === -1 ? x.size / known : n));
  if (holes > 1 || resolved.some((n) => !Number.isInteger(n) || n < 0) || sizeOf(resolved) !== x.size) {
    throw new RangeError(`reshape: cannot view ${shapeStr(x.shape)} (${x.size} elements) as ${shapeStr(shape)}`);
  }
  if (resolved.length === x.ndim && resolved.every((n, i) => n === x.shape[i])) return x;
  return apply('reshape', [x], { shape: resolved });
}
/**
 * x broadcast to `shape` as a view. −1 keeps the size of the matching dim of x (counted from the
 * right), as in PyTorch; new leading dims cannot be −1.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  tensorArg('expand', x);
  if (!Array.isArray(shape)) throw new TypeError(`expand: shape must be an array of integers, got ${describe(shape)}`);
  const lead = shape.length - x.ndim;
  const resolved = shape.map((n, i) => {
    if (n !== -1) return n;
    if (i < lead) throw new RangeError(`expand: -1 is not allowed for the new leading dim ${i} of ${shapeStr(shape)} (input shape ${shapeStr(x.shape)})`);
    return x.shape[i - lead];
  });
  return apply('expand', [x], { shape: checkShape('expand', resolved) });
}
/** The dims of x reordered: result dim i is dim dims[i] of x (torch.permute); negative dims count from the end. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  tensorArg('permute', x);
  if (!Array.isArray(dims)) throw new TypeError(`permute: dims must be an array of integers, got ${describe(dims)}`);
  const perm = dims.map((d) => normalizeDim('permute', d, x.ndim));
  if (perm.length !== x.ndim || new Set(perm).size !== perm.length) {
    throw new RangeError(`permute: [${dims.join(',')}] is not a permutation of the ${x.ndim} dims of ${shapeStr(x.shape)}`);
  }
  return apply('permute', [x], { dims: perm });
}
/** Swaps dims d0 and d1 (default the last two); a tensor of fewer than 2 dims is returned as is. */
export function transpose(x: Tensor, d0 = -2, d1 = -1): Tensor {
  if (tensorArg('transpose', x).ndim < 2) return x;
  const a = normalizeDim('transpose', d0, x.ndim), b = normalizeDim('transpose', d1, x.ndim);
  const perm = [...Array(x.ndim).keys()];
  perm[a] = b;
  perm[b] = a;
  return apply('permute', [x], { dims: perm });
}
/** Elements start..end-1 along dim (negative start/end count from the end), as a view. */
export function slice(x: Tensor, dim: number, start: number, end?: number): Tensor {
  const d = normalizeDim('slice', dim, tensorArg('slice', x).ndim);
  checkInteger('slice', 'start', start);
  if (end !== undefined) checkInteger('slice', 'end', end);
  const n = x.shape[d];
  const s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
  const e = Math.min(Math.max(end === undefined ? n : end < 0 ? end + n : end, s), n);
  return apply('slice', [x], { dim: d, start: s, end: e });
}
/**
 * The slice at `index` along dim with that dim removed (x[:, index] for dim 1); a negative index
 * counts from the end. Out of range is an error.
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, tensorArg('select', x).ndim);
  const i = index < 0 ? index + x.shape[d] : index;
  if (!Number.isInteger(i) || i < 0 || i >= x.shape[d]) {
    throw new RangeError(`select: index ${index} is out of range for dim ${dim} of size ${x.shape[d]}`);
  }
  return squeeze(slice(x, d, i, i + 1), d);
}
/** Removes size-1 dims: the given ones (a listed dim of another size is kept, as PyTorch), or all. */
export function squeeze(x: Tensor, dim?: Dims): Tensor {
  tensorArg('squeeze', x);
  if (Array.isArray(dim) && dim.length === 0) return x;
  const dims = dim === undefined ? x.shape.flatMap((n, i) => (n === 1 ? [i] : [])) : normalizeDims('squeeze', dim, x.ndim);
  return reshape(x, x.shape.filter((n, i) => !(dims.includes(i) && n === 1)));
}
/** Inserts a size-1 dim at position dim (−1: a new last dim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, tensorArg('unsqueeze', x).ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}
/** Joins tensors along an existing dim (torch.cat); all other dims must match. */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors)) throw new TypeError(`concat: expected an array of Tensors, got ${describe(tensors)}`);
  if (tensors.length === 0) throw new RangeError('concat: needs at least one tensor');
  tensors.forEach((t, i) => tensorArg('concat', t, `tensors[${i}]`));
  const d = normalizeDim('concat', dim, tensors[0].ndim);
  return apply('concat', [...tensors], { dim: d });
}
/** Joins same-shaped tensors along a new dim (torch.stack). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors)) throw new TypeError(`stack: expected an array of Tensors, got ${describe(tensors)}`);
  if (tensors.length === 0) throw new RangeError('stack: needs at least one tensor');
  tensors.forEach((t, i) => tensorArg('stack', t, `tensors[${i}]`));
  const d = normalizeDim('stack', dim, tensors[0].ndim + 1);
  return concat(tensors.map((t) => unsqueeze(t, d)), d);
}
/** out[..i..] = x[..index[..i..]..] along dim: picks class scores by label. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  tensorArg('gather', index, 'index');
  return apply('gather', [x, index], { dim: normalizeDim('gather', dim, tensorArg('gather', x).ndim) });
}
/** A zeros tensor of `shape` into which src is added at `index` along dim (gather's adjoint). */
export function scatterAdd(src: Tensor, dim: number, index: Tensor, shape: readonly number[]): Tensor {
  tensorArg('scatterAdd', src, 'src');
  tensorArg('scatterAdd', index, 'index');
  return apply('scatterAdd', [src, index], { dim: normalizeDim('scatterAdd', dim, shape.length), shape: checkShape('scatterAdd', shape) });
}
/** Zeros padded before and after x along dim (slice's adjoint). */
export function pad(x: Tensor, dim: number, before: number, after: number): Tensor {
  return apply('pad', [x], { dim: normalizeDim('pad', dim, tensorArg('pad', x).ndim), before, after });
}
