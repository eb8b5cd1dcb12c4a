import { allocate, type TypedArray } from '../tensor/dtype.js';
import { copyInto, type Arr } from '../tensor/elementwise.js';
import { makeView } from '../tensor/view.js';
import { kernel } from '../tensor/kernels/index.js';
import { fromRows, rowsOver, type Rows } from '../tensor/rows.js';
import { isRowMajor, normalizeDim, rowMajorStrides, shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { state } from '../autograd/tape/state.js';
import type { Node } from '../autograd/tape/node.js';
import { tensorArg } from '../tensor/create.js';
import { checkOptions, oneOf } from '../tensor/options.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { scatterAdd } from './scatterAdd.js';
import { where } from './where.js';

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

export interface SoftmaxCrossEntropyParams {
  dim: number;
  ignoreIndex: number;
  labelSmoothing: number;
  /** Who called, for error messages (a loss passes its own name). */
  caller: string;
}

/** What the forward keeps for a plain backward: e = exp(x − max) per element, and per row 1/Σe and Σt. */
interface Saved { e: TypedArray | null; rows: Rows; invSum: Float64Array; targetSum: Float64Array }

/**
 * PyTorch's `cross_entropy` on logits x, as one fused primitive: int32 class indices (x's shape
 * without dim) with weight, ignoreIndex and labelSmoothing, or float target distributions of x's
 * shape. 'none' gives the per-sample losses (0 where ignored).
 */
export const softmaxCrossEntropy = defineOp('softmaxCrossEntropy', {
  // Per-sample cross-entropy of logits x against the softmax along dim, in one pass per row
  // (max, Σ exp, loss). lse = log Σ exp(x) (max-shifted), f_c = lse − x_c = −log softmax(x)_c:
  // - int32 class indices y (x's shape without dim), PyTorch's rule with weight w (inputs[2]),
  //   ignoreIndex and label smoothing α: l = m·[(1 − α)·w_y·f_y + (α/C)·Σ_c w_c·f_c],
  //   m = [y ≠ ignoreIndex]; d l/dx_c = m·(W·softmax_c − q_c), W = (1 − α)w_y + (α/C)Σw,
  //   q_c = (1 − α)w_y·[c = y] + (α/C)·w_c.
  // - float targets t (x's shape), PyTorch's rule for probability targets: ỹ = (1 − α)·t + α/C,
  //   l = Σ_c w_c·ỹ_c·f_c (a term with ỹ_c = 0 is 0, even at x_c = −∞);
  //   d l/dx_c = softmax_c·Σ(w·ỹ) − w_c·ỹ_c, d l/dt_c = (1 − α)·w_c·f_c.
  // The plain backward is one pass per row that turns the saved exp(x − max) into the gradient in
  // place; a recorded one (createGraph) is written in tensor ops, so it is differentiable again.
  rule: 'softmaxCrossEntropy: g·(softmax(x) − ỹ)  (per row, weighted)',
  dtype: 'float',
  check: ([x, y, w], p: SoftmaxCrossEntropyParams) => checkArgs(x, y, w, p),
  forward: ([x, y, w], p: SoftmaxCrossEntropyParams, dtype, node) => {
    const r = rowsOver(x, [p.dim]);
    const C = r.cols, X = r.data;
    const out = allocate(dtype, r.rows);
    const e = node ? allocate(dtype, r.rows * C) : null;
    const invSum = new Float64Array(r.rows), targetSum = new Float64Array(r.rows);
    const index = y.dtype === 'int32';
    const Y = index ? flat(y) : null;
    const T = index ? null : rowsOver(y, [p.dim]);
    const W = w ? flat(w) : null;
    const alpha = p.labelSmoothing;
    const shifts = new Float64Array(r.rows), sums = new Float64Array(r.rows);
    kernel.expSumsRows(X, r.offset, r.rows, C, shifts, sums, e); // the exp pass: max, Σexp, e
    for (let row = 0; row < r.rows; row++) {
      const base = r.offset + row * C, s = sums[row];
      // lse = +∞ only when the row holds +∞ (a finite shift bounds it by max + log C): NaN, as
      // PyTorch's cross_entropy and logSoftmax give.
      const lse = s === Infinity ? NaN : shifts[row] + Math.log(s);
      invSum[row] = 1 / s;
      if (Y) {
        const t = Y[row];
        if (t === p.ignoreIndex) continue;
        const wt = W ? W[t] : 1;
        let l = (1 - alpha) * wt * (lse - X[base + t]);
        if (alpha > 0) {
          let sm = 0;
          for (let c = 0; c < C; c++) sm += (W ? W[c] : 1) * (lse - X[base + c]);
          l += (alpha / C) * sm;
        }
        out[row] = l;
      } else {
        const td = T!.data, tb = T!.offset + row * C;
        let l = 0, ts = 0;
        for (let c = 0; c < C; c++) {
          const tc = alpha > 0 ? (1 - alpha) * td[tb + c] + alpha / C : td[tb + c];
          if (tc === 0) continue;
          const wt = W ? W[c] * tc : tc;
          l += wt * (lse - X[base + c]);
          ts += wt;
        }
        out[row] = l;
        targetSum[row] = ts;
      }
    }
    if (node) node.saved = { e, rows: r, invSum, targetSum } satisfies Saved;
    const shape = r.movedShape.slice(0, -1);
    return makeView(out, shape, rowMajorStrides(shape), 0);
  },
  vjp: (g, node): Grads => (state.gradEnabled ? recordedVjp(g, node) : [plainVjp(g, node), targetGrad(g, node), weightGrad(g, node)]),
  // per-sample f_c = −logSoftmax(x)_c. Class indices: m·[(1 − α)·w_y·f_y + (α/C)·Σ w_c·f_c], m = [y ≠ ignoreIndex];
  // probabilities: ỹ = (1 − α)·t + α/C, Σ_c w_c·ỹ_c·f_c with a term 0 where ỹ_c = 0 (even at x_c = −∞)
  onnx: (c) => {
    const d = c.outDtype, { dim, ignoreIndex, labelSmoothing: alpha } = c.params;
    const rank = c.inShapes[0].length, C = c.inShapes[0][dim];
    const f = c.node('Neg', [c.node('LogSoftmax', [c.input(0, d)], { axis: { i: dim } })]);
    const sumDim = (v: string) => c.node('ReduceSum', [v, c.ints([dim])], { keepdims: { i: 0 } });
    const weighted = c.inputs.length > 2;
    const w = weighted ? c.input(2, d) : '';
    const alongDim = (v: string) => (weighted ? c.node('Mul', [v, c.node('Reshape', [w, c.ints([...Array(rank)].map((_, k) => (k === dim ? C : 1)))])]) : v);
    if (c.inDtypes[1] !== 'int32') {
      const t = alpha > 0 ? c.node('Add', [c.node('Mul', [c.input(1, d), c.scalar(1 - alpha, d)]), c.scalar(alpha / C, d)]) : c.input(1, d);
      const terms = c.node('Where', [c.node('Equal', [t, c.scalar(0, d)]), c.scalar(0, d), c.node('Mul', [alongDim(t), f])]);
      return void c.node('Identity', [sumDim(terms)], {}, c.out);
    }
    const keep = c.node('Not', [c.node('Equal', [c.input(1), c.scalar(ignoreIndex, 'int32')])]);
    const y = c.cast(c.node('Where', [keep, c.input(1), c.scalar(0, 'int32')]), 'int64');
    const fy = c.node('Squeeze', [c.node('GatherElements', [f, c.node('Unsqueeze', [y, c.ints([dim])])], { axis: { i: dim } }), c.ints([dim])]);
    let loss = weighted ? c.node('Mul', [fy, c.node('Gather', [w, y])]) : fy;
    if (alpha > 0) {
      loss = c.node('Add', [c.node('Mul', [loss, c.scalar(1 - alpha, d)]), c.node('Mul', [sumDim(alongDim(f)), c.scalar(alpha / C, d)])]);
    }
    c.node('Where', [keep, loss, c.scalar(0, d)], {}, c.out);
  },
  api: (op) => (x: Tensor, target: Tensor, opts: SoftmaxCrossEntropyOptions = {}): Tensor => {
    const caller = opts.caller ?? 'softmaxCrossEntropy';
    checkOptions(caller, opts, softmaxCrossEntropyOptions);
    tensorArg(caller, x);
    tensorArg(caller, target, 'target');
    const { weight, ignoreIndex = -100, labelSmoothing = 0, reduction = 'mean' } = opts;
    const dim = normalizeDim(caller, opts.dim ?? (x.ndim >= 2 ? 1 : 0), x.ndim);
    const l = op(weight ? [x, target, weight] : [x, target], { dim, ignoreIndex, labelSmoothing, caller });
    if (reduction === 'none') return l;
    if (reduction === 'sum') return l.sum();
    if (target.dtype !== 'int32') return l.mean();
    const keep = target.eq(ignoreIndex).lt(1);
    const counted = weight ? where(keep, weight.gather(0, where(keep, target, 0).flatten()).reshape(target.shape), 0) : keep.to(l.dtype);
    return l.sum().div(counted.sum());
  },
});

/** The logits' gradient in one pass per row, written over the saved exp(x − max) the first time. */
function plainVjp(g: Tensor, node: Node<SoftmaxCrossEntropyParams>): Tensor | null {
  if (!node.needs[0]) return null;
  const saved = node.saved as Saved;
  const { rows: r, invSum, targetSum } = saved;
  const [, y, w] = node.inputs;
  const C = r.cols, alpha = node.params.labelSmoothing, dtype = node.out.dtype;
  const X = r.data;
  // A second backward through a retained graph finds e consumed and recomputes it.
  const e = saved.e ?? allocate(dtype, r.rows * C);
  if (!saved.e) kernel.expSumsRows(X, r.offset, r.rows, C, new Float64Array(r.rows), new Float64Array(r.rows), e);
  saved.e = null;
  const G = flat(g.data);
  const W = w ? flat(w.data) : null;
  if (y.dtype === 'int32') {
    const Y = flat(y.data);
    let wSum = C;
    if (W) { wSum = 0; for (let c = 0; c < C; c++) wSum += W[c]; }
    for (let row = 0; row < r.rows; row++) {
      const o = row * C, t = Y[row];
      if (t === node.params.ignoreIndex) { e.fill(0, o, o + C); continue; }
      const gi = G[row], wt = W ? W[t] : 1;
      const scale = gi * ((1 - alpha) * wt + (alpha / C) * wSum) * invSum[row];
      if (alpha > 0) {
        const a = (gi * alpha) / C;
        for (let c = 0; c < C; c++) e[o + c] = e[o + c] * scale - a * (W ? W[c] : 1);
      } else {
        for (let c = 0; c < C; c++) e[o + c] *= scale;
      }
      e[o + t] -= gi * (1 - alpha) * wt;
    }
  } else {
    const T = rowsOver(y.data, [node.params.dim]), td = T.data;
    for (let row = 0; row < r.rows; row++) {
      const o = row * C, tb = T.offset + row * C, gi = G[row];
      const scale = gi * targetSum[row] * invSum[row];
      if (alpha === 0 && !W) {
        for (let c = 0; c < C; c++) e[o + c] = e[o + c] * scale - gi * td[tb + c];
        continue;
      }
      for (let c = 0; c < C; c++) {
        const tc = alpha > 0 ? (1 - alpha) * td[tb + c] + alpha / C : td[tb + c];
        e[o + c] = e[o + c] * scale - gi * (W ? W[c] * tc : tc);
      }
    }
  }
  return new Tensor(fromRows(e, r), dtype);
}

/** The loss with the class dim restored as size 1, to broadcast a per-sample value over classes. */
const perClass = (t: Tensor, dim: number): Tensor => t.unsqueeze(dim);

/** The createGraph VJP: the same gradients as tensor ops, so they can be differentiated again. */
function recordedVjp(g: Tensor, node: Node<SoftmaxCrossEntropyParams>): (Tensor | null)[] {
  const [x, y, w] = node.inputs;
  const { dim } = node.params;
  if (!node.needs[0]) return [null, targetGrad(g, node), weightGrad(g, node)];
  const p = x.softmax(dim);
  let gx: Tensor;
  if (y.dtype === 'int32') {
    const { t, gm, wt } = indexTerms(g, node);
    const alpha = node.params.labelSmoothing, C = x.shape[dim];
    const W = wt ? wt.mul(1 - alpha).add(w!.sum().mul(alpha / C)) : 1;
    gx = p.mul(perClass(gm.mul(W), dim)).sub(scatterAdd(perClass(wt ? gm.mul(wt).mul(1 - alpha) : gm.mul(1 - alpha), dim), dim, perClass(t, dim), x.shape));
    if (alpha > 0) {
      const wc = w ? w.reshape(x.shape.map((n, i) => (i === dim ? n : 1))) : 1;
      gx = gx.sub(perClass(gm.mul(alpha / C), dim).mul(wc));
    }
  } else {
    const wy = weighted(smoothed(node), node);
    gx = p.mul(perClass(g.mul(wy.sum(dim)), dim)).sub(wy.mul(perClass(g, dim)));
  }
  return [gx, targetGrad(g, node), weightGrad(g, node)];
}

/** A float target with label smoothing applied: ỹ = (1 − α)·t + α/C. */
function smoothed(node: Node<SoftmaxCrossEntropyParams>): Tensor {
  const [x, y] = node.inputs;
  const { dim, labelSmoothing: alpha } = node.params;
  return alpha > 0 ? y.mul(1 - alpha).add(alpha / x.shape[dim]) : y;
}

/** t·w with the class weights broadcast along the class dim (t itself without weights). */
function weighted(t: Tensor, node: Node<SoftmaxCrossEntropyParams>): Tensor {
  const [x, , w] = node.inputs;
  const { dim } = node.params;
  return w ? t.mul(w.reshape(x.shape.map((n, i) => (i === dim ? n : 1)))) : t;
}

/** f_c = −log softmax(x)_c, 0 where ỹ_c = 0 and x_c = −∞ (the value a zero target gives there). */
function zeroTargetF(node: Node<SoftmaxCrossEntropyParams>, yt: Tensor): Tensor {
  const logp = node.inputs[0].logSoftmax(node.params.dim);
  return where(yt.eq(0).mul(logp.eq(-Infinity)), 0, logp).neg();
}

/** For class indices: the target with ignored entries set to class 0, g·m and w_y. */
function indexTerms(g: Tensor, node: Node<SoftmaxCrossEntropyParams>) {
  const [, y, w] = node.inputs;
  const keep = y.eq(node.params.ignoreIndex).lt(1);
  const t = where(keep, y, 0);
  const gm = g.mul(keep.to(g.dtype));
  const wt = w ? w.gather(0, t.flatten()).reshape(t.shape) : null;
  return { t, gm, wt };
}

/** d l/dt_c = g·(1 − α)·w_c·f_c for float targets. */
function targetGrad(g: Tensor, node: Node<SoftmaxCrossEntropyParams>): Tensor | null {
  const y = node.inputs[1];
  if (!node.needs[1] || y.dtype === 'int32') return null;
  const { dim, labelSmoothing: alpha } = node.params;
  const gt = weighted(zeroTargetF(node, smoothed(node)), node).mul(perClass(g, dim));
  return alpha > 0 ? gt.mul(1 - alpha) : gt;
}

/** d l/dw_c = Σ_i m_i·g_i·[(1 − α)·[y_i = c]·f_{i,c} + (α/C)·f_{i,c}], for a weight that requires grad. */
function weightGrad(g: Tensor, node: Node<SoftmaxCrossEntropyParams>): Tensor | null {
  const [x, y, w] = node.inputs;
  if (!w || !node.needs[2]) return null;
  const { dim, labelSmoothing: alpha } = node.params;
  const C = x.shape[dim];
  const others = x.shape.map((_, i) => i).filter((i) => i !== dim);
  if (y.dtype !== 'int32') {
    // d l/dw_c = Σ_i g_i·ỹ_ic·f_ic
    const yt = smoothed(node);
    return zeroTargetF(node, yt).mul(yt).mul(perClass(g, dim)).sum(others);
  }
  const f = x.logSoftmax(dim).neg();
  const { t, gm } = indexTerms(g, node);
  const fy = f.gather(dim, perClass(t, dim)).squeeze(dim);
  let gw = scatterAdd(gm.mul(fy).mul(1 - alpha).flatten(), 0, t.flatten(), [C]);
  if (alpha > 0) {
    gw = gw.add(f.mul(perClass(gm, dim)).sum(others).mul(alpha / C));
  }
  return gw;
}

/** A view's elements in row-major order (the storage itself when already laid out so). */
function flat(a: Arr): TypedArray {
  if (a.offset === 0 && a.data.length === a.size && isRowMajor(a.shape, a.stride)) return a.data;
  const out = allocate(a.dtype === 'int32' ? 'int32' : a.dtype === 'float64' ? 'float64' : 'float32', a.size);
  copyInto(out, a);
  return out;
}

function checkArgs(x: Tensor, y: Tensor, w: Tensor | undefined, { dim, ignoreIndex, labelSmoothing: alpha, caller }: SoftmaxCrossEntropyParams): void {
  const C = x.shape[dim];
  const want = x.shape.filter((_, i) => i !== dim);
  if (y.dtype !== 'int32') {
    if (y.ndim !== x.ndim || y.shape.some((n, i) => n !== x.shape[i])) {
      throw new RangeError(`${caller}: target shape ${shapeStr(y.shape)} does not match logits shape ${shapeStr(x.shape)}`);
    }
    if (ignoreIndex !== -100) {
      throw new RangeError(`${caller}: option ignoreIndex applies only to int32 class-index targets; a dense (one-hot or probability) target of shape ${shapeStr(y.shape)} has no index to ignore (as PyTorch: ignore_index is not supported for floating point target)`);
    }
  } else if (y.ndim !== want.length || y.shape.some((n, i) => n !== want[i])) {
    throw new RangeError(`${caller}: class-index target shape ${shapeStr(y.shape)} does not match logits shape ${shapeStr(x.shape)} without class dim ${dim}, i.e. ${shapeStr(want)}`);
  }
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`${caller}: labelSmoothing must be in [0, 1), got ${alpha}`);
  if (w && (w.ndim !== 1 || w.shape[0] !== C)) {
    throw new RangeError(`${caller}: weight shape ${shapeStr(w.shape)} does not match the ${C} classes of prediction shape ${shapeStr(x.shape)} (want [${C}])`);
  }
  if (y.dtype !== 'int32') return;
  const Y = y.contiguousData();
  for (let i = 0; i < Y.length; i++) {
    if (Y[i] !== ignoreIndex && (Y[i] < 0 || Y[i] >= C)) {
      throw new RangeError(`${caller}: class index ${Y[i]} is out of range for ${C} classes (class dim ${dim})`);
    }
  }
}
