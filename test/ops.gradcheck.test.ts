/**
 * Every primitive in the op table, checked against central differences in float64: first
 * derivatives of each case, and second derivatives (the gradient of its gradient) of each case of
 * a differentiable op. `satisfies Record<OpName, ...>` makes a new primitive without cases a
 * compile error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { avgPool2d, conv2d, fold, hardtanh, maxPool2d, unfold, add, concat, div, gradcheck, grad, mul, opNames, pow, sub, scatterAdd, pad, softmaxCrossEntropy, where, xlogy, type OpName, type Tensor } from '../src/index.js';
import { int32, normal64, uniform64 } from './helpers.js';
import { apply } from '../src/autograd/tape/apply.js';
import { conv2dInputGrad, conv2dWeightGrad } from '../src/ops/conv-fused.js';
import { makeWindow } from '../src/ops/window.js';
import { normalizeDim } from '../src/tensor/shape.js';

interface Case {
  label: string;
  f: (...xs: any[]) => Tensor;
  inputs: () => Tensor[];
  /** Skip the second-order check (ops whose derivative is piecewise constant need none). */
  firstOrderOnly?: boolean;
  /**
   * The values f must give, computed in plain JS without the op: what makes a case of an index op
   * (argmax, argmin, argsort) test that op, since its gradient check only sees the gather.
   */
  reference?: (...xs: Tensor[]) => number[];
}

/** x's values as rows along dim d: rows[o·inner + i] holds x[o, :, i] (row-major outer and inner). */
function rowsAlong(x: Tensor, d: number): { rows: number[][]; outer: number; n: number; inner: number } {
  const v = Array.from(x.contiguousData() as ArrayLike<number>), shape = x.shape.length ? x.shape : [1];
  const dim = d < 0 ? d + shape.length : d;
  const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1), n = shape[dim], inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const rows: number[][] = [];
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) rows.push([...Array(n).keys()].map((k) => v[(o * n + k) * inner + i]));
  return { rows, outer, n, inner };
}
/** The rows sorted and laid back out in x's shape (what x.gather(d, x.argsort(d)) gives). */
function sortedAlong(x: Tensor, d: number, descending = false): number[] {
  const { rows, outer, n, inner } = rowsAlong(x, d);
  const sorted = rows.map((r) => [...r].sort((a, b) => (descending ? b - a : a - b)));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (let k = 0; k < n; k++) for (let i = 0; i < inner; i++) out.push(sorted[o * inner + i][k]);
  return out;
}
const extremeAlong = (pick: (...v: number[]) => number) => (x: Tensor, d: number): number[] => rowsAlong(x, d).rows.map((r) => pick(...r));
/** alongDim with a reference. */
function alongDimWith(f: (x: Tensor, dim: number) => Tensor, reference: (x: Tensor, dim: number) => number[]): Case[] {
  return alongDim(f).map((c, i) => {
    const d = [[5], [3, 4], [2, 3, 4]].flatMap((s) => [...s.keys(), -1])[i];
    return { ...c, reference: (x: Tensor) => reference(x, d) };
  });
}

const SHAPES: number[][] = [[], [5], [3, 4]];
const PAIRS: [number[], number[]][] = [[[], []], [[5], [5]], [[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[4], []]];

const unary = (f: (x: Tensor) => Tensor, input = (s: number[]) => normal64(s), firstOrderOnly = false): Case[] =>
  SHAPES.map((s) => ({ label: `[${s}]`, f, inputs: () => [input(s)], firstOrderOnly }));
const binary = (f: (a: Tensor, b: Tensor) => Tensor, a = (s: number[]) => normal64(s, 3), b = (s: number[]) => normal64(s, 4)): Case[] =>
  PAIRS.map(([sa, sb]) => ({ label: `[${sa}] with [${sb}]`, f, inputs: () => [a(sa), b(sb)] }));
const positive = (s: number[]) => uniform64(s, 0.5, 2);
/** A binary op with a JS number on either side (the scalar fast path: one input, no tensor for the number). */
const withNumber = (right: (x: Tensor) => Tensor, left: (x: Tensor) => Tensor, input = (s: number[]) => normal64(s)): Case[] => [
  ...SHAPES.map((s) => ({ label: `[${s}] with a number`, f: right, inputs: () => [input(s)] })),
  ...SHAPES.map((s) => ({ label: `a number with [${s}]`, f: left, inputs: () => [input(s)] })),
];
const noComparisons = (): Case[] => [];

/** Reductions over every dim (positive and negative), all dims, a dim pair, with and without keepdim. */
function reductions(f: (x: Tensor, dim: number | number[] | undefined, keep: boolean) => Tensor, input = (s: number[]) => normal64(s)): Case[] {
  const cases: Case[] = [];
  for (const s of [[], [5], [3, 4], [2, 3, 4]]) {
    const dimsList: (number | number[] | undefined)[] = [undefined, ...s.map((_, d) => d), ...(s.length ? [-1] : []), ...(s.length === 3 ? [[0, 2]] : [])];
    for (const dims of dimsList) for (const keep of [false, true]) {
      cases.push({ label: `[${s}] dim=${JSON.stringify(dims)} keepdim=${keep}`, f: (x) => f(x, dims, keep), inputs: () => [input(s)] });
    }
  }
  return cases;
}
function alongDim(f: (x: Tensor, dim: number) => Tensor): Case[] {
  return [[5], [3, 4], [2, 3, 4]].flatMap((s) => [...s.keys(), -1].map((d) => ({ label: `[${s}] dim=${d}`, f: (x: Tensor) => f(x, d), inputs: () => [normal64(s)] })));
}

const cases = {
  add: [...binary((a, b) => a.add(b)), ...withNumber((x) => x.add(1.5), (x) => add(-2, x))],
  sub: [...binary((a, b) => a.sub(b)), ...withNumber((x) => x.sub(1.5), (x) => sub(2, x))],
  mul: [...binary((a, b) => a.mul(b)), ...withNumber((x) => x.mul(-1.5), (x) => mul(0.5, x))],
  div: [...binary((a, b) => a.div(b), undefined, positive), ...withNumber((x) => x.div(-1.5), (x) => div(2, x), positive)],
  pow: [...binary((a, b) => a.pow(b), positive), ...unary((x) => x.pow(3)), ...unary((x) => x.pow(0.5), positive),
    ...withNumber((x) => x.pow(-1.5), (x) => pow(1.7, x), positive)],
  maximum: binary((a, b) => a.maximum(b)),
  minimum: binary((a, b) => a.minimum(b)),
  xlogy: [...binary((x, y) => xlogy(x, y), undefined, positive),
    { label: 'x = 0 entries', f: (x, y) => xlogy(x.mul(x.gt(0)), y), inputs: () => [normal64([6]), uniform64([6], 0.5, 2)] }],
  where: [{ label: '[3,4] mask', f: (a, b) => where(a.gt(0), a.mul(2), b.exp()), inputs: () => [normal64([3, 4]), normal64([3, 4], 5)] },
    { label: 'broadcast [3,1] cond, [4] branch', f: (a, b) => where(a.gt(0), b, a), inputs: () => [normal64([3, 1]), normal64([4], 5)] }],
  neg: unary((x) => x.neg()),
  exp: unary((x) => x.exp()),
  log: unary((x) => x.log(), positive),
  log1p: unary((x) => x.log1p(), positive),
  expm1: unary((x) => x.expm1()),
  sqrt: unary((x) => x.sqrt(), positive),
  abs: unary((x) => x.abs()),
  square: unary((x) => x.square()),
  sign: unary((x) => x.sign().mul(x)),
  erf: unary((x) => x.erf()),
  sigmoid: unary((x) => x.sigmoid()),
  logSigmoid: unary((x) => x.logSigmoid()),
  tanh: unary((x) => x.tanh()),
  relu: unary((x) => x.relu()),
  leakyRelu: unary((x) => x.leakyRelu(0.1)),
  softplus: unary((x) => x.softplus()),
  elu: unary((x) => x.elu(1.5)),
  gelu: unary((x) => x.gelu()),
  hardtanh: [...unary((x) => x.hardtanh()), ...unary((x) => hardtanh(x, -0.4, 0.9)), ...unary((x) => hardtanh(x.mul(4), 0, Infinity))],
  clamp: [...unary((x) => x.clamp(-0.5, 0.7)), ...unary((x) => x.clamp(0.1)), ...unary((x) => x.clamp(null, 0.2))],
  cast: unary((x) => x.to('float64').clone()),
  lt: noComparisons(), le: noComparisons(), gt: noComparisons(), ge: noComparisons(), eq: noComparisons(),
  sum: reductions((x, d, k) => x.sum(d, k)),
  max: reductions((x, d, k) => x.max(d, k)),
  min: reductions((x, d, k) => x.min(d, k)),
  prod: [...reductions((x, d, k) => x.prod(d, k), (s) => uniform64(s, 0.5, 1.5)),
    { label: 'one zero', f: (x) => x.mul(x.gt(-2.5)).prod(), inputs: () => [tensor64([0.5, -3, 2, 1.5])] },
    { label: 'two zeros', f: (x) => x.mul(x.gt(-2.5)).prod(), inputs: () => [tensor64([0.5, -3, 2, -4])] }],
  logsumexp: reductions((x, d, k) => x.logsumexp(d, k)),
  softmax: alongDim((x, d) => x.softmax(d)),
  logSoftmax: alongDim((x, d) => x.logSoftmax(d)),
  logSoftmaxBackward: alongDim((g, d) => apply('logSoftmaxBackward', [g, g.mul(0.7).softmax(d)], { dim: normalizeDim('t', d, g.ndim) })),
  unaryBackward: (['tanh', 'sigmoid', 'softplus', 'gelu', 'relu'] as const).map((of) => ({
    label: `of ${of}, from ${of === 'tanh' || of === 'sigmoid' ? 'its output' : 'its input'}`,
    f: (g: Tensor, x: Tensor) => apply('unaryBackward', [g, of === 'tanh' ? x.tanh() : of === 'sigmoid' ? x.sigmoid() : x], { of }),
    inputs: () => [normal64([3, 4]), normal64([3, 4], 5)],
  })),
  softmaxCrossEntropy: [
    { label: 'class indices [3,4]', f: (x, y) => softmaxCrossEntropy(x, y, { reduction: 'none' }), inputs: () => [normal64([3, 4]), int32([1, 3, 0])] },
    { label: 'indices, weight (differentiated too), ignoreIndex, smoothing 0.2', f: (x, y, w) => softmaxCrossEntropy(x, y, { weight: w, ignoreIndex: 2, labelSmoothing: 0.2, reduction: 'none' }),
      inputs: () => [normal64([4, 3]), int32([2, 0, 1, 1]), uniform64([3], 0.5, 2)] },
    { label: 'indices along dim 1 of [2,3,2], mean', f: (x, y) => softmaxCrossEntropy(x, y, { labelSmoothing: 0.1 }), inputs: () => [normal64([2, 3, 2]), int32([[0, 2], [1, 1]], [2, 2])] },
    { label: 'rank 1, dim 0', f: (x, y) => softmaxCrossEntropy(x, y), inputs: () => [normal64([5]), int32([3], [])] },
    { label: 'distributions (both differentiated)', f: (x, t) => softmaxCrossEntropy(x, t, { reduction: 'none' }), inputs: () => [normal64([3, 4]), uniform64([3, 4], 0.1, 1)] },
    { label: 'distributions, weight (differentiated too) and smoothing 0.1', f: (x, t, w) => softmaxCrossEntropy(x, t, { weight: w, labelSmoothing: 0.1, reduction: 'none' }),
      inputs: () => [normal64([3, 4]), uniform64([3, 4], 0.1, 1), uniform64([4], 0.5, 2)] },
    { label: 'distributions along dim 0, sum', f: (x, t) => softmaxCrossEntropy(x, t, { dim: 0, reduction: 'sum' }), inputs: () => [normal64([3, 4]), uniform64([3, 4], 0.1, 1)] },
  ],
  matmul: [
    { label: '[3,4]@[4,2]', f: (a, b) => a.matmul(b), inputs: () => [normal64([3, 4]), normal64([4, 2], 9)] },
    { label: '[5,3]@[3,6] (tile remainders)', f: (a, b) => a.matmul(b), inputs: () => [normal64([5, 3]), normal64([3, 6], 9)] },
    { label: '[9,5]@[5,7] (4×4 tiles and remainders)', f: (a, b) => a.matmul(b), inputs: () => [normal64([9, 5]), normal64([5, 7], 9)] },
    { label: '[2,3,4]@[2,4,5]', f: (a, b) => a.matmul(b), inputs: () => [normal64([2, 3, 4]), normal64([2, 4, 5], 9)] },
    { label: 'batch broadcast [2,3,4]@[4,5]', f: (a, b) => a.matmul(b), inputs: () => [normal64([2, 3, 4]), normal64([4, 5], 9)] },
    { label: 'batch broadcast [2,1,3,4]@[3,4,2]', f: (a, b) => a.matmul(b), inputs: () => [normal64([2, 1, 3, 4]), normal64([3, 4, 2], 9)] },
    { label: 'vector @ matrix', f: (a, b) => a.matmul(b), inputs: () => [normal64([4]), normal64([4, 3], 9)] },
    { label: 'matrix @ vector', f: (a, b) => a.matmul(b), inputs: () => [normal64([3, 4]), normal64([4], 9)] },
    { label: 'transposed operands', f: (a, b) => a.T.matmul(b.T), inputs: () => [normal64([4, 3]), normal64([2, 4], 9)] },
  ],
  reshape: [{ label: '[3,4]→[2,6]', f: (x) => x.reshape(2, 6), inputs: () => [normal64([3, 4])] },
    { label: 'non-contiguous [3,4]ᵀ→[12]', f: (x) => x.T.reshape(-1), inputs: () => [normal64([3, 4])] }],
  expand: [{ label: '[3,1]→[2,3,4]', f: (x) => x.expand(2, 3, 4), inputs: () => [normal64([3, 1])] },
    { label: '[]→[5]', f: (x) => x.expand(5), inputs: () => [normal64([])] }],
  permute: [{ label: '[2,3,4] (2,0,1)', f: (x) => x.permute(2, 0, 1).mul(normal64([4, 2, 3], 8)), inputs: () => [normal64([2, 3, 4])] }],
  slice: [{ label: '[3,4] dim 1 1..3', f: (x) => x.slice(1, 1, 3), inputs: () => [normal64([3, 4])] },
    { label: '[5] negative start', f: (x) => x.slice(0, -2), inputs: () => [normal64([5])] },
    { label: 'select', f: (x) => x.select(0, 1), inputs: () => [normal64([3, 4])] }],
  pad: [{ label: '[3,4] dim 0 (1,2)', f: (x) => pad(x, 0, 1, 2), inputs: () => [normal64([3, 4])] }],
  concat: [{ label: 'dim 1', f: (a, b) => concat([a, b, a], 1), inputs: () => [normal64([3, 2]), normal64([3, 4], 6)] },
    { label: 'stack dim 0', f: (a, b) => concat([a.unsqueeze(0), b.unsqueeze(0)], 0), inputs: () => [normal64([4]), normal64([4], 6)] }],
  gather: [{ label: 'class scores by label', f: (x, i) => x.gather(1, i), inputs: () => [normal64([3, 4]), int32([[1], [3], [1]], [3, 1])] },
    { label: 'dim 0, repeated index', f: (x, i) => x.gather(0, i), inputs: () => [normal64([3, 4]), int32([[0, 2, 2, 1], [0, 0, 1, 2]], [2, 4])] }],
  unfold: [
    { label: '[1,2,4,5] k 2×3', f: (x) => unfold(x, [2, 3]), inputs: () => [normal64([1, 2, 4, 5])] },
    { label: 'stride 2, padding 1, dilation 2', f: (x) => unfold(x, 2, { stride: 2, padding: 1, dilation: 2 }), inputs: () => [normal64([2, 2, 6, 5])] },
    { label: 'conv2d groups 2', f: (x, w, b) => conv2d(x, w, b, { groups: 2 }), inputs: () => [normal64([2, 4, 4, 4]), normal64([6, 2, 3, 3], 5), normal64([6], 6)] },
    { label: 'avgPool2d 2×2', f: (x) => avgPool2d(x, 2), inputs: () => [normal64([2, 2, 4, 5])] },
    { label: 'avgPool2d 3, stride 2, padding 1, countIncludePad false', f: (x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), inputs: () => [normal64([1, 2, 5, 6])] },
  ],
  fold: [
    { label: '[1,8,12] into 4×5, k 2×2', f: (c) => fold(c, [4, 5], 2), inputs: () => [normal64([1, 8, 12])] },
    { label: 'stride 2, padding 1, dilation (1,2)', f: (c) => fold(c, [5, 6], [3, 2], { stride: 2, padding: 1, dilation: [1, 2] }), inputs: () => [normal64([2, 12, 9])] },
  ],
  conv2d: [
    { label: '[2,3,5,5]*[4,3,3,3] + bias, padding 1', f: (x, w, b) => conv2d(x, w, b, { padding: 1 }), inputs: () => [normal64([2, 3, 5, 5]), normal64([4, 3, 3, 3], 5), normal64([4], 6)] },
    { label: 'stride (2,1), padding (0,2), dilation 2', f: (x, w) => conv2d(x, w, null, { stride: [2, 1], padding: [0, 2], dilation: 2 }), inputs: () => [normal64([1, 2, 6, 5]), normal64([3, 2, 2, 3], 5)] },
    { label: 'a non-contiguous input', f: (x, w) => conv2d(x.permute(0, 3, 1, 2), w, null, { stride: 2 }), inputs: () => [normal64([1, 5, 6, 2]), normal64([2, 2, 3, 3], 5)] },
    { label: "padding 'same', 5 output channels (a padded panel)", f: (x, w, b) => conv2d(x, w, b, { padding: 'same' }), inputs: () => [normal64([2, 1, 4, 4]), normal64([5, 1, 2, 3], 5), normal64([5], 6)] },
  ],
  conv2dWeightGrad: [
    { label: 'x [2,2,5,4], g [2,3,5,2], 3×3 stride (1,2) padding 1', f: (x, g) => conv2dWeightGrad(x, g, makeWindow('t', 3, [1, 2], 1, 1)), inputs: () => [normal64([2, 2, 5, 4]), normal64([2, 3, 5, 2], 5)] },
    { label: 'dilation 2, non-contiguous g', f: (x, g) => conv2dWeightGrad(x, g.transpose(2, 3), makeWindow('t', 2, 1, 0, 2)), inputs: () => [normal64([1, 2, 5, 5]), normal64([1, 3, 3, 3], 5)] },
  ],
  conv2dInputGrad: [
    { label: 'g [2,3,5,2], W [3,2,3,3] into 5×4, stride (1,2) padding 1', f: (g, w) => conv2dInputGrad(g, w, makeWindow('t', 3, [1, 2], 1, 1), [5, 4]), inputs: () => [normal64([2, 3, 5, 2]), normal64([3, 2, 3, 3], 5)] },
    { label: 'dilation 2, stride 2, non-contiguous g', f: (g, w) => conv2dInputGrad(g.transpose(2, 3), w, makeWindow('t', 2, 2, 0, 2), [6, 6]), inputs: () => [normal64([1, 3, 2, 2]), normal64([3, 2, 2, 2], 5)] },
  ],
  maxPoolIndices: [
    { label: 'maxPool2d 2×2 on [2,3,4,6]', f: (x) => maxPool2d(x, 2), inputs: () => [normal64([2, 3, 4, 6])] },
    { label: 'maxPool2d 3, stride 2, padding 1', f: (x) => maxPool2d(x, 3, { stride: 2, padding: 1 }), inputs: () => [normal64([1, 2, 5, 6])] },
    { label: 'maxPool2d 2, dilation 2, stride 1', f: (x) => maxPool2d(x, [2, 2], { stride: 1, dilation: 2 }), inputs: () => [normal64([1, 1, 5, 5])] },
  ],
  scatterAdd: [{ label: 'repeated index', f: (s, i) => scatterAdd(s, 1, i, [3, 4]), inputs: () => [normal64([3, 2]), int32([[0, 0], [3, 1], [2, 2]], [3, 2])] }],
  sin: unary((x) => x.sin()),
  cos: unary((x) => x.cos()),
  tan: unary((x) => x.tan(), (s) => uniform64(s, -1.2, 1.2)),
  atan: unary((x) => x.atan()),
  atan2: binary((y, x) => y.atan2(x)),
  // Step functions: derivative 0; multiplied by x so the check also sees their values.
  floor: unary((x) => x.mul(3).floor().mul(x)),
  ceil: unary((x) => x.mul(3).ceil().mul(x)),
  round: unary((x) => x.mul(3).round().mul(x)),
  cumsum: [...alongDim((x, d) => x.cumsum(d)), ...alongDim((x, d) => x.cumsum(d, { reverse: true })),
    { label: '[] dim 0', f: (x) => x.cumsum(0), inputs: () => [normal64([])] }],
  // Index ops are not differentiable; the values they pick are (through gather).
  argmax: [...alongDimWith((x, d) => x.gather(d, x.argmax(d, true)), extremeAlong(Math.max)),
    { label: 'flattened', f: (x) => x.reshape(-1).gather(0, x.argmax().reshape(1)), inputs: () => [normal64([3, 4])],
      reference: (x) => [Math.max(...(x.contiguousData() as Float64Array))] }],
  argmin: [...alongDimWith((x, d) => x.gather(d, x.argmin(d, true)), extremeAlong(Math.min)),
    { label: '[] keepdim', f: (x) => x.gather(0, x.argmin(0, true)), inputs: () => [normal64([])], reference: (x) => [x.item()] }],
  argsort: [...alongDimWith((x, d) => x.gather(d, x.argsort(d)), (x, d) => sortedAlong(x, d)),
    ...alongDimWith((x, d) => x.gather(d, x.argsort(d, true)), (x, d) => sortedAlong(x, d, true)),
    { label: '[] (sort of a scalar)', f: (x) => x.sort().values, inputs: () => [normal64([])], reference: (x) => [x.item()] }],
  // over the last dim and the last two; [] (one value per row: y = 0) and broadcast-free [5]
  layerNorm: [...[[5], [3, 4], [2, 3, 4]].map((s) => ({ label: `[${s}] last dim`, f: (x: Tensor) => apply('layerNorm', [x], { dims: 1, eps: 1e-5 }), inputs: () => [normal64(s)] })),
    { label: '[2,3,4] last two dims, eps 0.1', f: (x) => apply('layerNorm', [x], { dims: 2, eps: 0.1 }), inputs: () => [normal64([2, 3, 4])] },
    { label: '[] (y = 0)', f: (x) => apply('layerNorm', [x], { dims: 0, eps: 1e-5 }).add(x), inputs: () => [normal64([])] }],
  // g, y and r independent: the formula's derivatives for any values, not only a layerNorm's
  layerNormBackward: [{ label: '[3,4] last dim', f: (g, y, r) => apply('layerNormBackward', [g, y, r], { dims: 1 }), inputs: () => [normal64([3, 4]), normal64([3, 4], 7), uniform64([3, 1], 0.5, 1.5, 8)] },
    { label: '[2,3,4] last two dims', f: (g, y, r) => apply('layerNormBackward', [g, y, r], { dims: 2 }), inputs: () => [normal64([2, 3, 4]), normal64([2, 3, 4], 7), uniform64([2, 1, 1], 0.5, 1.5, 8)] }],
} satisfies Record<OpName, Case[]>;

function tensor64(values: number[]): Tensor {
  return normal64([values.length]).mul(0).add(concat(values.map((v) => normal64([]).mul(0).add(v).unsqueeze(0)), 0));
}

test('every case of an index op (argmax, argmin, argsort) has a reference for its values', () => {
  for (const name of ['argmax', 'argmin', 'argsort'] as const) for (const c of cases[name] as Case[]) assert.ok(c.reference, `${name} ${c.label}`);
});

for (const name of opNames) {
  for (const c of cases[name] as Case[]) {
    if (c.reference) {
      test(`${name} ${c.label}: values match a reference computed without ${name}`, () => {
        const inputs = c.inputs();
        const got = Array.from(c.f(...inputs).contiguousData() as ArrayLike<number>);
        assert.equal(got, c.reference!(...inputs));
      });
    }
    test(`${name} ${c.label}: gradient matches central differences`, () => {
      const report = gradcheck(c.f, c.inputs());
      assert.ok(report.ok, JSON.stringify(report));
    });
    if (c.firstOrderOnly) continue;
    test(`${name} ${c.label}: second derivative matches central differences`, () => {
      const inputs = c.inputs();
      const w = normal64(c.f(...inputs).shape, 11);
      // g(x) = ∇ₓ Σ w·f(x), differentiated again by gradcheck through the recorded backward.
      const floatArgs = inputs.flatMap((t, i) => (t.dtype === 'int32' ? [] : [i]));
      const firstGrad = (...xs: Tensor[]) => {
        const gs = grad((...ys: Tensor[]) => c.f(...ys).mul(w).sum(), floatArgs)(...xs);
        return concat(gs.map((g) => g.reshape(-1)), 0);
      };
      const report = gradcheck(firstGrad, inputs, { atol: 1e-4, rtol: 1e-3 });
      assert.ok(report.ok, JSON.stringify(report));
    });
  }
}

test('comparisons give 0/1 masks that never require grad', () => {
  const a = normal64([3, 4]).requiresGrad_(), b = normal64([4], 3);
  for (const [name, f, ref] of [
    ['lt', (x: Tensor, y: Tensor) => x.lt(y), (p: number, q: number) => p < q],
    ['le', (x: Tensor, y: Tensor) => x.le(y), (p: number, q: number) => p <= q],
    ['gt', (x: Tensor, y: Tensor) => x.gt(y), (p: number, q: number) => p > q],
    ['ge', (x: Tensor, y: Tensor) => x.ge(y), (p: number, q: number) => p >= q],
    ['eq', (x: Tensor, y: Tensor) => x.eq(y.mul(0).add(x.select(0, 0))), (p: number, q: number) => p === q],
  ] as const) {
    const m = f(a, b);
    assert.is(m.requiresGrad, false, name);
    assert.equal(m.shape, [3, 4]);
    const other = name === 'eq' ? a.select(0, 0).toArray() : b.toArray();
    const got = m.toArray() as number[][];
    got.forEach((row, i) => row.forEach((v, j) => assert.is(v, ref((a.toArray() as number[][])[i][j], other[j]) ? 1 : 0, name)));
  }
});

test('every primitive of the table has at least one case', () => {
  for (const name of opNames) if (!['lt', 'le', 'gt', 'ge', 'eq'].includes(name)) assert.ok(cases[name].length > 0, name);
});

test.run();
