import { allocate, type TypedArray } from '../tensor/dtype.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { makeView } from '../tensor/view.js';
import { rowMajorStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { state } from '../autograd/tape/state.js';
import { applyOp, defineOp } from './define.js';
import type { Grads } from './types.js';

/** The trailing `count` dims of a rank-`rank` tensor. */
export const trailingDims = (rank: number, count: number): number[] => Array.from({ length: count }, (_, i) => rank - count + i);

/**
 * LayerNorm's normalization over the trailing `dims` dims in one pass per row:
 * y = (x − μ)·r with μ = mean(x), r = 1/√(var(x) + eps), var the biased variance (PyTorch's),
 * both taken in float64 by two passes (no E[x²] − μ² cancellation). The affine weight and bias
 * stay separate ops (nn.LayerNorm). The forward keeps r for a plain backward; a recorded backward
 * (createGraph) recomputes it from x with ops, so that it stays differentiable.
 */
export const layerNorm = defineOp('layerNorm', {
  rule: 'layerNorm: gx = r·(g − mean(g) − y·mean(g·y)), r = 1/√(var(x) + eps)  (over the normalized dims)',
  dtype: 'float',
  forward: ([x], { dims, eps }: { dims: number; eps: number }, dtype, node) => {
    const r = rowsOver(x, trailingDims(x.shape.length, dims));
    const out = allocate(dtype, r.rows * r.cols), rstd = allocate(dtype, r.rows);
    normalizeRows(r.data, r.offset, r.rows, r.cols, eps, out, rstd);
    if (node) {
      const kept = x.shape.map((n, i) => (i < x.shape.length - dims ? n : 1));
      node.saved = new Tensor(makeView(rstd, kept, rowMajorStrides(kept), 0), dtype);
    }
    return fromRows(out, r);
  },
  vjp: (g, { inputs: [x], out, saved, params: { dims, eps } }): Grads => {
    const d = trailingDims(x.ndim, dims);
    const rstd = state.gradEnabled ? x.sub(x.mean(d, true)).square().mean(d, true).add(eps).pow(-0.5) : (saved as Tensor);
    return [applyOp('layerNormBackward', [g, out, rstd], { dims })];
  },
  // (x − μ)/√(var + eps) with ReduceMean over the normalized axes
  onnx: (c) => {
    const d = c.outDtype, x = c.input(0, d), axes = c.ints(trailingDims(c.inShapes[0].length, c.params.dims)), keep = { keepdims: { i: 1 } };
    const centered = c.node('Sub', [x, c.node('ReduceMean', [x, axes], keep)]);
    const variance = c.node('ReduceMean', [c.node('Mul', [centered, centered]), axes], keep);
    c.node('Div', [centered, c.node('Sqrt', [c.node('Add', [variance, c.scalar(c.params.eps, d)])])], {}, c.out);
  },
});

/** Per row of `cols` values at x[offset + row·cols]: out = (x − μ)·r and rstd[row] = r. */
function normalizeRows(x: TypedArray, offset: number, rows: number, cols: number, eps: number, out: TypedArray, rstd: TypedArray): void {
  for (let row = 0, at = offset, o = 0; row < rows; row++, at += cols) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += x[at + j];
    const mu = sum / cols;
    let sq = 0;
    for (let j = 0; j < cols; j++) { const c = x[at + j] - mu; sq += c * c; }
    const r = 1 / Math.sqrt(sq / cols + eps);
    rstd[row] = r;
    for (let j = 0; j < cols; j++) out[o++] = (x[at + j] - mu) * r;
  }
}
