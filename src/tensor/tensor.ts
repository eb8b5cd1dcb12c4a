import { makeView } from './view.js';
import type { Node } from '../autograd/node.js';
import * as F from '../ops/api.js';
import * as E from '../ops/everyday.js';
import { backward, type BackwardOptions } from '../autograd/backward.js';
import { state } from '../autograd/state.js';
import { allocate, isFloat, type DType } from './dtype.js';
import { copyInto, type Arr } from './kernels.js';
import { isRowMajor, rowMajorStrides, shapeStr } from './shape.js';
import { formatTensor } from './format.js';
import { checkFlag } from './options.js';
import { tensorToJSON, type TensorJSON } from './json.js';

export type Scalar = number;
export type TensorLike = Tensor | number;
type Dims = number | readonly number[];

/**
 * An n-dimensional array on an ndarray view, with an optional link (`node`) to the op that made
 * it. Tensors are garbage collected like any JS object: there is nothing to dispose.
 */
export class Tensor {
  /** The gradient accumulated by backward() (leaves, and tensors that called retainGrad()). */
  grad: Tensor | null = null;
  /** The recorded op that produced this tensor; null for leaves and untracked tensors. */
  node: Node<any> | null = null;
  /** @internal whether backward() stores a gradient on this non-leaf tensor. */
  retainsGrad = false;
  private _requiresGrad = false;

  /** Wraps an ndarray view; most code creates tensors with tensor(), zeros(), randn(), ... */
  constructor(readonly data: Arr, readonly dtype: DType, requiresGrad = false) {
    if (requiresGrad) this.requiresGrad = true;
  }

  /**
   * Whether ops on this tensor are recorded for backward(). Only float tensors can require
   * gradients, and a non-leaf cannot be switched off (use detach()).
   */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(flag: boolean) {
    checkFlag('requiresGrad', 'flag', flag);
    if (flag && !isFloat(this.dtype)) {
      throw new TypeError(`requiresGrad: ${this.dtype} tensors cannot require gradients (only float32/float64)`);
    }
    if (!flag && this.node) throw new Error('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()');
    this._requiresGrad = flag;
  }
  /** Sets requiresGrad in place and returns this tensor (PyTorch's requires_grad_). */
  requiresGrad_(flag = true): this {
    this.requiresGrad = flag;
    return this;
  }

  /** The size of each dim ([] for a 0-d tensor). */
  get shape(): number[] { return this.data.shape; }
  /** The number of dims. */
  get ndim(): number { return this.data.shape.length; }
  /** The number of elements (the product of the shape). */
  get size(): number { return this.data.size; }
  /** True for tensors no recorded op produced: user-created tensors, parameters, detached results and results computed under noGrad. */
  get isLeaf(): boolean { return this.node === null; }

  /** Nested JS arrays (a number for a 0-d tensor). */
  toArray(): any {
    if (state.read) state.read(this, 'toArray()');
    const flat = this.contiguousData();
    const build = (dim: number, offset: number): any => {
      if (dim === this.ndim) return flat[offset];
      const n = this.shape[dim];
      const step = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${shapeStr(this.shape)} has ${this.size} elements, not 1`);
    if (state.read) state.read(this, 'item()');
    return this.data.data[this.data.offset];
  }

  /** The elements in row-major order; the storage itself when it is already laid out so. */
  contiguousData(): Arr['data'] {
    const d = this.data;
    if (isRowMajor(d.shape, d.stride) && d.offset === 0 && d.data.length === d.size) return d.data;
    const out = allocate(this.dtype, d.size);
    copyInto(out, d);
    return out;
  }

  /** A printable summary of dtype, shape and values (what console.log shows). */
  toString(): string { return formatTensor(this); }
  /**
   * The documented JSON form `{ dtype, shape, data }` (flat row-major data; NaN and ±Infinity as
   * strings), which `fromJSON` reads back exactly. `JSON.stringify` calls it, so a tensor (or a
   * state dict of tensors) stringifies to that form.
   */
  toJSON(): TensorJSON { return tensorToJSON(this); }
  /** Node's console.log/util.inspect hook, by its registered symbol so no `node:util` import is needed. */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return formatTensor(this); }

  // ----- autograd -----
  /**
   * Accumulates d(this)/d(leaf) into the `.grad` of every leaf that requires grad (PyTorch's backward).
   * Without `seed` this tensor must have one element (seed 1); otherwise `seed` is the incoming gradient
   * (a number is broadcast). Repeated calls add to `.grad`.
   */
  backward(seed?: TensorLike, opts: BackwardOptions = {}): void { backward(this, seed, opts); }
  /** Keeps this non-leaf tensor's gradient in `.grad` after backward(). */
  retainGrad(): this { this.retainsGrad = true; return this; }
  /** Clears `.grad` (sets it to null), so the next backward() starts from zero. */
  zeroGrad(): void { this.grad = null; }
  /** The same values, cut from the graph. */
  detach(): Tensor { return new Tensor(this.data, this.dtype, false); }
  /** Alias of detach: gradients do not flow through the result. */
  stopGradient(): Tensor { return this.detach(); }

  // ----- conversion -----
  /** A copy converted to dtype, or this tensor when it already has it. float → int32 truncates toward zero; NaN, ±Infinity or out-of-range values throw. */
  to(dtype: DType): Tensor { return F.cast(this, dtype); }
  /** A copy with its own storage; gradients flow back through it (torch.clone). */
  clone(): Tensor { return F.cast(this, this.dtype, true); }
  /** A row-major copy when this is a strided view; this tensor otherwise. */
  contiguous(): Tensor { return isRowMajor(this.shape, this.data.stride) ? this : this.clone(); }

  // ----- arithmetic -----
  /** this + b, broadcast; see add for dtype promotion. */
  add(b: TensorLike): Tensor { return F.add(this, b); }
  /** this − b, broadcast. */
  sub(b: TensorLike): Tensor { return F.sub(this, b); }
  /** this · b elementwise, broadcast. */
  mul(b: TensorLike): Tensor { return F.mul(this, b); }
  /** this / b elementwise, broadcast; a float result. */
  div(b: TensorLike): Tensor { return F.div(this, b); }
  /** this raised to b elementwise; see pow for the gradient at b = 0 and at a = 0. */
  pow(b: TensorLike): Tensor { return F.pow(this, b); }
  /** Elementwise max(this, b); a tie splits the gradient evenly. */
  maximum(b: TensorLike): Tensor { return F.maximum(this, b); }
  /** Elementwise min(this, b); a tie splits the gradient evenly. */
  minimum(b: TensorLike): Tensor { return F.minimum(this, b); }
  /** this·log(y), with 0 wherever this is 0 (even for y = 0). */
  xlogy(y: TensorLike): Tensor { return F.xlogy(this, y); }
  /** −this. */
  neg(): Tensor { return F.neg(this); }
  /** eˣ. */
  exp(): Tensor { return F.exp(this); }
  /** Natural log (−∞ at 0, NaN below). */
  log(): Tensor { return F.log(this); }
  /** log(1 + x), accurate for small x. */
  log1p(): Tensor { return F.log1p(this); }
  /** eˣ − 1, accurate for small x. */
  expm1(): Tensor { return F.expm1(this); }
  /** √x; infinite gradient at 0. */
  sqrt(): Tensor { return F.sqrt(this); }
  /** |x|; abs'(0) = 0. */
  abs(): Tensor { return F.abs(this); }
  /** x². */
  square(): Tensor { return F.square(this); }
  /** sign(x) ∈ {−1, 0, 1}; gradient 0. */
  sign(): Tensor { return F.sign(this); }
  /** σ(x) = 1/(1 + e⁻ˣ). */
  sigmoid(): Tensor { return F.sigmoid(this); }
  /** log σ(x), stable for large |x|. */
  logSigmoid(): Tensor { return F.logSigmoid(this); }
  /** tanh(x). */
  tanh(): Tensor { return F.tanh(this); }
  /** max(x, 0); relu'(0) = 0. */
  relu(): Tensor { return F.relu(this); }
  /** x for x > 0, slope·x otherwise; the derivative at 0 is the slope. */
  leakyRelu(slope = 0.01): Tensor { return F.leakyRelu(this, slope); }
  /** log(1 + eˣ), without overflow. */
  softplus(): Tensor { return F.softplus(this); }
  /** x for x > 0, α(eˣ − 1) otherwise; the derivative at 0 is α. */
  elu(alpha = 1): Tensor { return F.elu(this, alpha); }
  /** The exact (erf) GELU x·Φ(x). */
  gelu(): Tensor { return F.gelu(this); }
  /** The error function. */
  erf(): Tensor { return F.erf(this); }
  /** Limited to [min, max] (null: unbounded); the gradient passes at the bounds, as in PyTorch. */
  clamp(min?: number | null, max?: number | null): Tensor { return F.clamp(this, min, max); }

  // ----- comparisons (0/1 masks, never differentiable) -----
  /** this < b as a 0/1 mask. */
  lt(b: TensorLike): Tensor { return F.lt(this, b); }
  /** this ≤ b as a 0/1 mask. */
  le(b: TensorLike): Tensor { return F.le(this, b); }
  /** this > b as a 0/1 mask. */
  gt(b: TensorLike): Tensor { return F.gt(this, b); }
  /** this ≥ b as a 0/1 mask. */
  ge(b: TensorLike): Tensor { return F.ge(this, b); }
  /** this = b (exact) as a 0/1 mask. */
  eq(b: TensorLike): Tensor { return F.eq(this, b); }

  // ----- reductions -----
  /** Σ over dim (all dims when omitted). */
  sum(dim?: Dims, keepdim = false): Tensor { return F.sum(this, dim, keepdim); }
  /** The mean over dim (all dims when omitted); NaN over an empty dim; int32 gives float32. */
  mean(dim?: Dims, keepdim = false): Tensor { return F.mean(this, dim, keepdim); }
  /** The largest value over dim (values only; argmax gives indices); ties split the gradient. */
  max(dim?: Dims, keepdim = false): Tensor { return F.max(this, dim, keepdim); }
  /** The smallest value over dim (values only; argmin gives indices); ties split the gradient. */
  min(dim?: Dims, keepdim = false): Tensor { return F.min(this, dim, keepdim); }
  /** Π over dim (all dims when omitted); exact gradient with zeros. */
  prod(dim?: Dims, keepdim = false): Tensor { return F.prod(this, dim, keepdim); }
  /** log Σ exp over dim, max-shifted so it never overflows. */
  logsumexp(dim?: Dims, keepdim = false): Tensor { return F.logsumexp(this, dim, keepdim); }
  /** Softmax along dim (default last). */
  softmax(dim = -1): Tensor { return F.softmax(this, dim); }
  /** Log-softmax along dim (default last), stable for any logits. */
  logSoftmax(dim = -1): Tensor { return F.logSoftmax(this, dim); }
  /** Matrix product with PyTorch's 1-D and batch-broadcast rules (see matmul). */
  matmul(b: Tensor): Tensor { return F.matmul(this, b); }

  // ----- shape -----
  /** The same elements in a new shape, as numbers or one array; one −1 is inferred. */
  reshape(...shape: number[] | [readonly number[]]): Tensor { return F.reshape(this, flatArgs(shape)); }
  /** Alias of reshape: a view when this tensor is row-major, a copy otherwise (unlike PyTorch, never an error). */
  view(...shape: number[] | [readonly number[]]): Tensor { return F.reshape(this, flatArgs(shape)); }
  /** Broadcast to a larger shape as a view (−1 keeps a dim); the gradient sums back. */
  expand(...shape: number[] | [readonly number[]]): Tensor { return F.expand(this, flatArgs(shape)); }
  /** The dims reordered: result dim i is dim dims[i] of this tensor. */
  permute(...dims: number[] | [readonly number[]]): Tensor { return F.permute(this, flatArgs(dims)); }
  /** Swaps dims d0 and d1 (default the last two). */
  transpose(d0 = -2, d1 = -1): Tensor { return F.transpose(this, d0, d1); }
  /** The transpose of the last two dims (this tensor itself below 2 dims). */
  get T(): Tensor { return F.transpose(this, -2, -1); }
  /** Elements start..end−1 along dim, as a view (negative start/end count from the end). */
  slice(dim: number, start: number, end?: number): Tensor { return F.slice(this, dim, start, end); }
  /** The slice at index along dim, with that dim removed. */
  select(dim: number, index: number): Tensor { return F.select(this, dim, index); }
  /** select(0, i): the i-th row (element of dim 0). */
  index(i: number): Tensor { return F.select(this, 0, i); }
  /** Removes size-1 dims (the given ones, or all). */
  squeeze(dim?: Dims): Tensor { return F.squeeze(this, dim); }
  /** Inserts a size-1 dim at dim. */
  unsqueeze(dim: number): Tensor { return F.unsqueeze(this, dim); }
  /** All elements as one dim of length size. */
  flatten(): Tensor { return F.reshape(this, [this.size]); }
  /** out[..i..] = this[..index[..i..]..] along dim (torch.gather); index is int32. */
  gather(dim: number, index: Tensor): Tensor { return F.gather(this, dim, index); }
  /** Zeros added before and after along dim. */
  pad(dim: number, before: number, after: number): Tensor { return F.pad(this, dim, before, after); }

  // ----- everyday ops (src/ops/everyday.ts) -----
  /** sin(x); d = cos(x). */
  sin(): Tensor { return E.sin(this); }
  /** cos(x); d = −sin(x). */
  cos(): Tensor { return E.cos(this); }
  /** tan(x); d = 1 + tan²(x). */
  tan(): Tensor { return E.tan(this); }
  /** atan(x) in (−π/2, π/2); d = 1/(1 + x²). */
  atan(): Tensor { return E.atan(this); }
  /** atan2(this, x): the angle of the point (x, this) in (−π, π]; NaN gradient at the origin. */
  atan2(x: TensorLike): Tensor { return E.atan2(this, x); }
  /** The largest integer ≤ x; derivative 0. */
  floor(): Tensor { return E.floor(this); }
  /** The smallest integer ≥ x; derivative 0. */
  ceil(): Tensor { return E.ceil(this); }
  /** The nearest integer, halves to even (PyTorch, NumPy); derivative 0. */
  round(): Tensor { return E.round(this); }
  /** int32 index of the largest element along dim (over all elements without dim); ties: the first. */
  argmax(dim?: number, keepdim = false): Tensor { return E.argmax(this, dim, keepdim); }
  /** int32 index of the smallest element along dim (over all elements without dim); ties: the first. */
  argmin(dim?: number, keepdim = false): Tensor { return E.argmin(this, dim, keepdim); }
  /** Running sums along dim (from the end with `reverse`). */
  cumsum(dim: number, opts?: { reverse?: boolean }): Tensor { return E.cumsum(this, dim, opts); }
  /** The p-norm over dims (all by default); gradient 0 at a zero vector. */
  norm(p: number | 'fro' = 2, dim?: Dims, keepdim = false): Tensor { return E.norm(this, p, dim, keepdim); }
  /** Variance with PyTorch's correction semantics (default correction 1). */
  var(dim?: Dims, opts?: E.VarOptions): Tensor { return E.variance(this, dim, opts); }
  /** Standard deviation, √var with var's options; gradient 0 where it is 0. */
  std(dim?: Dims, opts?: E.VarOptions): Tensor { return E.std(this, dim, opts); }
  /** int32 indices that sort along dim (stable). */
  argsort(dim = -1, descending = false): Tensor { return E.argsort(this, dim, descending); }
  /** Sorted values (differentiable) and the int32 indices they came from; stable. */
  sort(dim = -1, descending = false): { values: Tensor; indices: Tensor } { return E.sort(this, dim, descending); }
  /** The k largest (or smallest) values along dim, sorted, with their int32 indices. */
  topk(k: number, dim = -1, largest = true): { values: Tensor; indices: Tensor } { return E.topk(this, k, dim, largest); }
  /** Views of consecutive pieces along dim: of `size` each, or of the given sizes. */
  split(sizes: number | readonly number[], dim = 0): Tensor[] { return E.split(this, sizes, dim); }
  /** `chunks` pieces of ⌈n/chunks⌉ along dim (PyTorch's chunk). */
  chunk(chunks: number, dim = 0): Tensor[] { return E.chunk(this, chunks, dim); }
  /** PyTorch's Tensor.repeat: tiled reps[i] times along dim i. */
  repeat(...reps: number[] | [readonly number[]]): Tensor { return E.repeat(this, flatArgs(reps)); }
  /** NumPy's tile: repeat with missing leading repetitions taken as 1. */
  tile(...reps: number[] | [readonly number[]]): Tensor { return E.tile(this, flatArgs(reps)); }
  /** Whether every element is within atol + rtol·|b| of b (PyTorch's allclose). */
  allclose(b: TensorLike, opts?: E.CloseOptions): boolean { return E.allclose(this, b, opts); }
  /** 0/1 mask of |this − b| ≤ atol + rtol·|b| (PyTorch's isclose). */
  isclose(b: TensorLike, opts?: E.CloseOptions): Tensor { return E.isclose(this, b, opts); }
}

function flatArgs(args: number[] | [readonly number[]]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

/**
 * @internal The value of a one-element tensor, for a check that only throws (a loss validating its
 * labels): unlike item(), not reported to exportOnnx, since no result depends on it.
 */
export function checkValue(t: Tensor): number {
  const prev = state.read;
  state.read = null;
  try {
    return t.item();
  } finally {
    state.read = prev;
  }
}

/** Wraps a row-major typed array of the given shape. */
export function fromStorage(storage: Arr['data'], shape: readonly number[], dtype: DType, requiresGrad = false): Tensor {
  return new Tensor(makeView(storage, [...shape], rowMajorStrides(shape), 0), dtype, requiresGrad);
}
