/**
 * Every primitive of the lowering table exported as a tiny model and run in ONNX Runtime: its
 * outputs equal tapegrad's forward in float64 (1e-10 relative) and float32 (1e-5 relative).
 * `satisfies Record<OpName, ...>` makes a primitive without a case a compile error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concat, conv2d, exportOnnx, fold, maxPool2d, unfold, softmaxCrossEntropy, opNames, pad, scatterAdd, tensor, where, xlogy, type OpName, type Tensor } from '../../src/index.js';
import { lowerings } from '../../src/io/onnx/index.js';
import { apply } from '../../src/autograd/tape/apply.js';
import { conv2dInputGrad, conv2dWeightGrad } from '../../src/ops/conv-fused.js';
import { makeWindow } from '../../src/ops/window.js';
import { int32, normal64, uniform64 } from '../helpers.js';
import { decode, runOrt } from './_ort.js';
import { assertClose } from './_close.js';

interface Case {
  label: string;
  f: (...xs: Tensor[]) => Tensor;
  inputs: () => Tensor[];
  /** Shapes fixed by the case (not by its input's first dim): exported without a dynamic batch. */
  fixed?: boolean;
  /** Why ONNX Runtime runs this case in float32 only (see float32Only). */
  float32Only?: string;
}
const one = (label: string, f: (...xs: Tensor[]) => Tensor, ...inputs: (() => Tensor)[]): Case => ({ label, f, inputs: () => inputs.map((m) => m()) });
const fixed = (c: Case): Case => ({ ...c, fixed: true });
const unary = (f: (x: Tensor) => Tensor, input = () => normal64([3, 4])): Case[] => [one('[3,4]', f, input)];
const binary = (f: (a: Tensor, b: Tensor) => Tensor, b = () => normal64([4], 4)): Case[] =>
  [one('[3,4] with [4]', f, () => normal64([3, 4], 3), b)];
/** Normal values with NaN at the flat positions `at` (and one −Infinity, which must not win over NaN). */
const withNaN = (shape = [3, 4], at = [1, 6, 7]): Tensor => {
  const x = normal64(shape).contiguousData().slice();
  for (const i of at) x[i] = NaN;
  x[x.length - 2] = -Infinity;
  return tensor(x, { shape, dtype: 'float64' });
};
const positive = () => uniform64([3, 4], 0.2, 2);
const compare = (f: (a: Tensor, b: Tensor) => Tensor): Case[] =>
  [one('[3,4] with [4]', (a, b) => f(a, b).mul(a), () => normal64([3, 4], 3), () => normal64([3, 4], 3).select(0, 1))];

const cases = {
  add: binary((a, b) => a.add(b)),
  sub: binary((a, b) => a.sub(b)),
  mul: binary((a, b) => a.mul(b)),
  div: binary((a, b) => a.div(b), () => uniform64([4], 0.5, 2)),
  pow: [one('positive base', (a, b) => a.pow(b), positive, () => normal64([4], 4)), one('integer exponent', (a) => a.pow(3), () => normal64([3, 4]))],
  maximum: binary((a, b) => a.maximum(b)),
  minimum: binary((a, b) => a.minimum(b)),
  xlogy: [one('zeros in x', (x, y) => xlogy(x.mul(x.gt(0)), y), () => normal64([3, 4]), positive)],
  where: [one('mask from a comparison', (a, b) => where(a.gt(0), a.mul(2), b.exp()), () => normal64([3, 4]), () => normal64([3, 4], 5))],
  neg: unary((x) => x.neg()),
  exp: unary((x) => x.exp()),
  log: unary((x) => x.log(), positive),
  log1p: [one('incl. tiny', (x) => x.log1p(), () => concat([uniform64([5], -0.5, 2), tensor([1e-12, -3e-9], { dtype: 'float64' })], 0))],
  expm1: [one('incl. tiny', (x) => x.expm1(), () => concat([normal64([5]), tensor([1e-12, -3e-9, -50], { dtype: 'float64' })], 0))],
  sqrt: unary((x) => x.sqrt(), positive),
  abs: unary((x) => x.abs()),
  square: unary((x) => x.square()),
  sign: [one('with a zero', (x) => x.sign(), () => concat([normal64([5]), tensor([0], { dtype: 'float64' })], 0))],
  erf: unary((x) => x.erf()),
  sigmoid: unary((x) => x.mul(4).sigmoid()),
  logSigmoid: [one('±30', (x) => x.logSigmoid(), () => concat([normal64([5]).mul(4), tensor([30, -30], { dtype: 'float64' })], 0))],
  tanh: unary((x) => x.tanh()),
  relu: unary((x) => x.relu()),
  leakyRelu: unary((x) => x.leakyRelu(0.1)),
  softplus: [one('±30', (x) => x.softplus(), () => concat([normal64([5]).mul(4), tensor([30, -30], { dtype: 'float64' })], 0))],
  elu: unary((x) => x.elu(1.5)),
  gelu: unary((x) => x.gelu()),
  hardtanh: [one('default bounds', (x) => x.hardtanh(), () => normal64([3, 4])), one('[-0.2, 0.5]', (x) => x.hardtanh(-0.2, 0.5), () => normal64([3, 4]))],
  clamp: [one('both bounds', (x) => x.clamp(-0.5, 0.7), () => normal64([3, 4])), one('lower bound', (x) => x.clamp(0.1), () => normal64([3, 4]))],
  cast: [one('to int32 and back', (x) => x.mul(3).to('int32').to(x.dtype).add(x), () => normal64([3, 4]))],
  lt: compare((a, b) => a.lt(b)),
  le: compare((a, b) => a.le(b)),
  gt: compare((a, b) => a.gt(b)),
  ge: compare((a, b) => a.ge(b)),
  eq: compare((a, b) => a.eq(b)),
  sum: [one('dim 1', (x) => x.sum(1), () => normal64([3, 4])), one('all, keepdim', (x) => x.sum([0, 1], true), () => normal64([3, 4]))],
  max: [one('dim 0', (x) => x.max(0), () => normal64([3, 4])), one('all', (x) => x.max(), () => normal64([3, 4])),
    // ONNX Runtime's ReduceMax/ReduceMin skip NaN; tapegrad (and PyTorch) propagate it
    one('a NaN propagates, dim 1', (x) => x.max(1), () => withNaN()), one('a NaN propagates, all', (x) => x.max(), () => withNaN())],
  min: [one('dim 1 keepdim', (x) => x.min(1, true), () => normal64([3, 4])),
    one('a NaN propagates, dims [0, 1]', (x) => x.min([0, 1]), () => withNaN()), one('a NaN propagates, dim 0', (x) => x.min(0), () => withNaN())],
  prod: [one('dim 1', (x) => x.prod(1), () => normal64([3, 4]))],
  logsumexp: [one('dim 1', (x) => x.mul(30).logsumexp(1), () => normal64([3, 4]))],
  softmax: [one('dim 1', (x) => x.softmax(1), () => normal64([3, 4])), one('dim 0', (x) => x.softmax(0), () => normal64([3, 4]))],
  logSoftmax: [one('dim 1', (x) => x.mul(50).logSoftmax(1), () => normal64([3, 4]))],
  logSoftmaxBackward: [one('dim 1', (g) => apply('logSoftmaxBackward', [g, g.mul(0.7).softmax(1)], { dim: 1 }), () => normal64([3, 4]))],
  matmul: [one('[3,4]@[4,2]', (a, b) => a.matmul(b), () => normal64([3, 4]), () => normal64([4, 2], 9)),
    one('batched [2,3,4]@[4,5]', (a, b) => a.matmul(b), () => normal64([2, 3, 4]), () => normal64([4, 5], 9))],
  reshape: [fixed(one('[3,4]→[2,6]', (x) => x.reshape(2, 6), () => normal64([3, 4]))), one('[3,4]→[12]', (x) => x.reshape(-1), () => normal64([3, 4])),
    one('[3,4]→[3,2,2] (batch kept)', (x) => x.reshape(x.shape[0], 2, 2), () => normal64([3, 4])),
    one('[3,4]→[6,2] (batch doubled)', (x) => x.reshape(-1, 2), () => normal64([3, 4]))],
  expand: [fixed(one('[3,1]→[2,3,4]', (x) => x.expand(2, 3, 4), () => normal64([3, 1]))),
    one('[3,1]→[3,5] (batch kept)', (x) => x.expand(x.shape[0], 5), () => normal64([3, 1]))],
  permute: [one('[2,3,4] (2,0,1)', (x) => x.permute(2, 0, 1), () => normal64([2, 3, 4]))],
  slice: [one('dim 1 1..3', (x) => x.slice(1, 1, 3), () => normal64([3, 4])), one('rows 1..', (x) => x.slice(0, 1), () => normal64([3, 4]))],
  pad: [one('dim 1 (1,2)', (x) => pad(x, 1, 1, 2), () => normal64([3, 4]))],
  concat: [one('dim 1', (a, b) => concat([a, b, a], 1), () => normal64([3, 2]), () => normal64([3, 4], 6))],
  gather: [one('class scores by label', (x, i) => x.gather(1, i), () => normal64([3, 4]), () => int32([[1], [3], [1]], [3, 1]))],
  scatterAdd: [one('rows by batch', (s, i) => scatterAdd(s, 1, i, [s.shape[0], 4]), () => normal64([3, 2]), () => int32([[0, 0], [3, 1], [2, 2]], [3, 2])),
    fixed(one('repeated index', (s, i) => scatterAdd(s, 1, i, [3, 4]), () => normal64([3, 2]), () => int32([[0, 0], [3, 1], [2, 2]], [3, 2])))],
  sin: unary((x) => x.sin()),
  cos: unary((x) => x.cos()),
  tan: unary((x) => x.tan(), () => uniform64([3, 4], -1.2, 1.2)),
  atan: unary((x) => x.mul(3).atan()),
  atan2: [one('four quadrants and the axes', (y, x) => y.atan2(x), () => tensor([1, 1, -1, -1, 0, 0, 2, -2, 0, -0], { dtype: 'float64' }), () => tensor([1, -1, 1, -1, 1, -1, 0, 0, -0, -0], { dtype: 'float64' })),
    ...binary((a, b) => a.atan2(b))],
  floor: unary((x) => x.mul(3).floor()),
  ceil: unary((x) => x.mul(3).ceil()),
  round: [one('halves to even', (x) => x.round(), () => tensor([0.5, 1.5, 2.5, -0.5, -2.5, 0.3, 1.7], { dtype: 'float64' }))],
  cumsum: [one('dim 1', (x) => x.cumsum(1), () => normal64([3, 4])), one('dim 0 reverse', (x) => x.cumsum(0, { reverse: true }), () => normal64([3, 4]))],
  argmax: [one('dim 1', (x) => x.argmax(1), () => normal64([3, 4])), one('flattened keepdim', (x) => x.argmax(undefined, true), () => normal64([3, 4])),
    one('a NaN wins, flattened', (x) => x.argmax(), () => tensor([[1, 5, -2], [3, NaN, 1]], { dtype: 'float64' }))],
  argmin: [one('dim 0 keepdim', (x) => x.argmin(0, true), () => normal64([3, 4])),
    one('a NaN wins (the first one)', (x) => x.argmin(1), () => tensor([[1, NaN, -2, NaN], [3, 2, 1, 0], [NaN, 0, 0, 0]], { dtype: 'float64' })),
    one('int32', (x) => x.to('int32').argmin(1), () => normal64([3, 4]).mul(5))],
  argsort: [one('dim 1', (x) => x.argsort(1), () => normal64([3, 4])), one('dim 0 descending', (x) => x.argsort(0, true), () => normal64([3, 4])),
    ...[false, true].map((desc) => one(`ties stable, NaN as the largest${desc ? ', descending' : ''}`, (x) => x.argsort(1, desc),
      () => tensor([[3, NaN, 1, Infinity, 1, -Infinity, NaN], [0, 0, 2, 0, 2, 1, 1]], { dtype: 'float64' }))),
    one('int32', (x) => x.to('int32').argsort(1), () => normal64([3, 4]).mul(2))],
  softmaxCrossEntropy: [
    one('class indices', (x, y) => softmaxCrossEntropy(x, y, { reduction: 'none' }), () => normal64([5, 4]), () => int32([2, 0, 3, 3, 1])),
    one('weight, ignoreIndex, labelSmoothing', (x, y, w) => softmaxCrossEntropy(x, y, { weight: w, ignoreIndex: 3, labelSmoothing: 0.2, reduction: 'none' }),
      () => normal64([5, 4]), () => int32([2, 0, 3, 3, 1]), () => uniform64([4], 0.5, 2)),
    one('probabilities, dim 0', (x, t) => softmaxCrossEntropy(x, t, { dim: 0, reduction: 'none' }), () => normal64([4, 5]), () => normal64([4, 5], 8).softmax(0)),
    one('probabilities with zeros, weight, labelSmoothing', (x, t, w) => softmaxCrossEntropy(x, t, { weight: w, labelSmoothing: 0.1, reduction: 'none' }),
      () => normal64([5, 4]), () => normal64([5, 4], 8).mul(2).relu(), () => uniform64([4], 0.5, 2)),
  ],
  unaryBackward: (['tanh', 'sigmoid', 'softplus', 'gelu', 'relu'] as const).map((of) => ({
    ...one(of, (g, b) => apply('unaryBackward', [g, b], { of }), () => normal64([3, 4]), () => normal64([3, 4], 7)),
    float32Only: of === 'gelu' ? 'gelu′ needs Erf' : undefined,
  })),
  unfold: [one('3×3, stride 2, padding 1, dilation 1', (x) => unfold(x, 3, { stride: 2, padding: 1 }), () => normal64([2, 3, 6, 5])),
    one('2×3 dilation 2', (x) => unfold(x, [2, 3], { dilation: 2 }), () => normal64([2, 2, 5, 7]))],
  fold: [one('3×3, stride 2, padding 1 (overlaps add up)', (c) => fold(c, [6, 5], 3, { stride: 2, padding: 1 }), () => normal64([2, 27, 9]))],
  conv2d: [one('3×3 + bias, stride 2, padding 1', (x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }), () => normal64([2, 3, 6, 5]), () => normal64([4, 3, 3, 3], 5), () => normal64([4], 6)),
    one('2×3, dilation 2, no bias', (x, w) => conv2d(x, w, null, { dilation: 2 }), () => normal64([2, 2, 6, 7]), () => normal64([3, 2, 2, 3], 5))],
  conv2dWeightGrad: [one('3×3 stride (1,2) padding 1', (x, g) => conv2dWeightGrad(x, g, makeWindow('t', 3, [1, 2], 1, 1)), () => normal64([2, 2, 5, 4]), () => normal64([2, 3, 5, 2], 5))],
  conv2dInputGrad: [one('3×3 stride (1,2) padding 1 into 5×4', (g, w) => conv2dInputGrad(g, w, makeWindow('t', 3, [1, 2], 1, 1), [5, 4]), () => normal64([2, 3, 5, 2]), () => normal64([3, 2, 3, 3], 5))],
  maxPoolIndices: [one('maxPool2d 2×2 (values and picks)', (x) => maxPool2d(x, 2), () => normal64([2, 3, 6, 6])),
    one('3×3 stride 2 padding 1', (x) => maxPool2d(x, 3, { stride: 2, padding: 1 }), () => normal64([2, 2, 7, 5])),
    // ONNX Runtime's MaxPool skips NaN; tapegrad picks the window's first NaN (PyTorch propagates it)
    one('a NaN wins its windows', (x) => maxPool2d(x, 2, { stride: 1, padding: 1 }), () => withNaN([2, 2, 4, 5], [1, 7, 8, 19, 23, 24, 39])),
    one('NaN in every window, 3×3 stride 2', (x) => maxPool2d(x, 3, { stride: 2 }), () => withNaN([1, 1, 5, 5], [0, 2, 4, 10, 12, 14, 20, 22, 24]))],
  layerNorm: [one('[3,4] last dim', (x) => apply('layerNorm', [x], { dims: 1, eps: 1e-5 }), () => normal64([3, 4])),
    one('[2,3,4] last two dims', (x) => apply('layerNorm', [x], { dims: 2, eps: 0.1 }), () => normal64([2, 3, 4]))],
  layerNormBackward: [one('[2,3,4] last dim', (g, y, r) => apply('layerNormBackward', [g, y, r], { dims: 1 }), () => normal64([2, 3, 4]), () => normal64([2, 3, 4], 7), () => normal64([2, 3, 1], 8).abs())],
} satisfies Record<OpName, Case[]>;

/** Ops whose lowering ONNX Runtime's CPU (wasm) build has no float64 kernel for: tested in float32 only. */
export const float32Only: Partial<Record<OpName, string>> = {
  erf: 'no float64 Erf kernel', gelu: 'its Erf has no float64 kernel', tan: 'no float64 Tan kernel',
  atan: 'no float64 Atan kernel', atan2: 'its Atan has no float64 kernel',
};

const to32 = (t: Tensor) => (t.dtype === 'float64' ? t.to('float32') : t);

for (const name of opNames) {
  for (const c of cases[name] as Case[]) {
    for (const dtype of ['float64', 'float32'] as const) {
      if (dtype === 'float64' && (float32Only[name] || c.float32Only)) continue;
      test(`${name} ${c.label} (${dtype}): ONNX Runtime agrees with tapegrad`, async () => {
        const inputs = dtype === 'float64' ? c.inputs() : c.inputs().map(to32);
        const bytes = exportOnnx(c.f, inputs, { dynamicBatch: !c.fixed });
        const model = decode(bytes);
        assert.ok(model.graph!.node!.length > 0);
        const [got] = await runOrt(bytes, inputs);
        assertClose(got, c.f(...inputs), dtype);
        if (c.fixed || inputs[0].ndim === 0) return;
        // the same model at a batch one row larger (inputs whose first dim is the batch grow)
        const n = inputs[0].shape[0];
        const grown = inputs.map((t) => (t.ndim > 0 && t.shape[0] === n ? concat([t, t.slice(0, 0, 1)], 0) : t));
        const [again] = await runOrt(bytes, grown);
        assertClose(again, c.f(...grown), dtype, 'batch + 1:');
      });
    }
  }
}

test('float32Only is exact: ONNX Runtime still has no float64 kernel for each op listed', async () => {
  for (const name of Object.keys(float32Only) as OpName[]) {
    const c = (cases[name] as Case[])[0];
    const inputs = c.inputs();
    try {
      await runOrt(exportOnnx(c.f, inputs), inputs);
      assert.unreachable(`${name} runs in float64 now: drop it from float32Only`);
    } catch (err) {
      assert.match((err as Error).message, /Could not find an implementation for (Erf|Tan|Atan)\(/, name);
    }
  }
});

test('the lowering table covers the op table, and every case exports on its own opset', () => {
  assert.equal(Object.keys(lowerings).sort(), [...opNames].sort());
});

test.run();
