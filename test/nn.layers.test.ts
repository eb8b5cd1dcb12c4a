/**
 * The convolution, pooling, normalization and attention layers against PyTorch 1.13
 * (test/fixtures/layers.json from scripts/golden/layers.py): outputs, and the gradients of
 * Σ output·upstream for the fixture's random upstream, in float64.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { avgPool2d, conv2d, grad, maxPool2d, nn, tensor, type Tensor } from '../src/index.js';
import { expectClose, toTensor, type T } from './losses/_fixtures.js';

type Any = any;
const cases: Any[] = JSON.parse(readFileSync(new URL('./fixtures/layers.json', import.meta.url), 'utf8')).cases;

/** Output and input gradients of f at the fixture's inputs. */
function checkFunction(c: Any, f: (...xs: Tensor[]) => Tensor): void {
  const inputs = (c.inputs as T[]).map((t) => toTensor(t));
  expectClose(f(...inputs), c.output, `${c.name} output`);
  const up = toTensor(c.upstream);
  const gs = grad((...xs: Tensor[]) => f(...xs).mul(up).sum(), inputs.map((_, i) => i))(...inputs);
  gs.forEach((g, i) => expectClose(g, c.grads[i], `${c.name} gradient ${i}`));
}

const poolOpts = (o: Any) => ({ stride: o.stride, padding: o.padding ?? 0, dilation: o.dilation ?? 1, countIncludePad: o.count_include_pad ?? true });

for (const c of cases) {
  test(`${c.name}: matches PyTorch`, () => {
    const o = c.opts;
    switch (c.layer) {
      case 'conv2d':
        return checkFunction(c, (x, w, b) => conv2d(x, w, b ?? null, { stride: o.stride ?? 1, padding: o.padding ?? 0, dilation: o.dilation ?? 1, groups: o.groups ?? 1 }));
      case 'maxPool2d': {
        const { countIncludePad: _, ...opts } = poolOpts(o);
        return checkFunction(c, (x) => maxPool2d(x, o.kernel_size, opts));
      }
      case 'avgPool2d': {
        const { dilation: _, ...opts } = poolOpts(o);
        return checkFunction(c, (x) => avgPool2d(x, o.kernel_size, opts));
      }
      case 'layerNorm': {
        const ln = new nn.LayerNorm(o.normalizedShape, { dtype: 'float64' });
        return checkFunction(c, (x, w, b) => {
          Object.assign(ln, { weight: w, bias: b });
          return ln.forward(x);
        });
      }
      case 'scaledDotProductAttention':
        return checkFunction(c, (q, k, v) => nn.scaledDotProductAttention(q, k, v, { isCausal: o.causal }));
      case 'batchNorm1d': return checkBatchNorm(c);
      default: return checkModule(c);
    }
  });
}

function checkBatchNorm(c: Any): void {
  const bn = new nn.BatchNorm1d(c.steps[0].input.shape[1], { momentum: c.opts.momentum, dtype: 'float64' });
  bn.loadStateDict({ ...bn.stateDict(), weight: toTensor(c.weight), bias: toTensor(c.bias) });
  for (const [i, s] of (c.steps as Any[]).entries()) {
    const x = toTensor(s.input).requiresGrad_();
    const y = bn.forward(x);
    expectClose(y, s.output, `step ${i} output`);
    y.mul(toTensor(s.upstream)).sum().backward();
    [x, bn.weight!, bn.bias!].forEach((t, k) => expectClose(t.grad!, s.grads[k], `step ${i} gradient ${k}`));
    bn.zeroGrad();
    expectClose(bn.runningMean!, s.runningMean, `step ${i} runningMean`, 1e-12);
    expectClose(bn.runningVar!, s.runningVar, `step ${i} runningVar`, 1e-12);
    assert.is(bn.numBatchesTracked!.item(), s.numBatchesTracked);
  }
  bn.eval();
  expectClose(bn.forward(toTensor(c.evalInput)), c.evalOutput, 'eval output');
}

function checkModule(c: Any): void {
  const x = toTensor(c.inputs[0]).requiresGrad_();
  const [, T, E] = x.shape;
  const m = c.layer === 'multiheadAttention'
    ? new nn.MultiheadAttention(E, 2, { dtype: 'float64' })
    : new nn.TransformerBlock(E, 2, { ffDim: 16, causal: c.opts.causal, dtype: 'float64' });
  // PyTorch's own state_dict keys, as the generator wrote them: loading them is the interop under test.
  const state = Object.fromEntries(Object.entries(c.state as Record<string, T>).map(([k, v]) => [k, toTensor(v)]));
  m.loadStateDict(state, { keys: 'torch' });
  assert.ok(T > 1);
  const y = m instanceof nn.MultiheadAttention ? m.forward(x, x, x, { isCausal: c.opts.causal }) : m.forward(x);
  expectClose(y, c.output, 'output');
  y.mul(toTensor(c.upstream)).sum().backward();
  expectClose(x.grad!, c.grads[0], 'input gradient');
  const params = Object.fromEntries(m.namedState({ keys: 'torch' }));
  for (const [k, want] of Object.entries(c.paramGrads as Record<string, T>)) expectClose(params[k]!.grad!, want, `gradient of ${k}`);
}

test('registerBuffer: buffers are fields, in stateDict, not parameters; loadStateDict restores them', () => {
  const bn = new nn.BatchNorm1d(2);
  assert.equal(bn.namedParameters().map(([n]) => n), ['weight', 'bias']);
  assert.equal(bn.namedBuffers().map(([n]) => n), ['runningMean', 'runningVar', 'numBatchesTracked']);
  const seq = new nn.Sequential(new nn.Linear(2, 2), bn);
  assert.equal(seq.namedBuffers().map(([n]) => n), ['layers.1.runningMean', 'layers.1.runningVar', 'layers.1.numBatchesTracked']);
  assert.equal(Object.keys(seq.stateDict()), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias',
    'layers.1.runningMean', 'layers.1.runningVar', 'layers.1.numBatchesTracked']);
  seq.forward(tensor([[1, 2], [3, 5], [0, 1]]));
  const saved = seq.stateDict();
  assert.is(saved['layers.1.numBatchesTracked']!.item(), 1);
  const fresh = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2));
  fresh.loadStateDict(saved);
  assert.equal((fresh.layers[1] as nn.BatchNorm1d).runningMean!.toArray(), bn.runningMean!.toArray());
  assert.is((fresh.layers[1] as nn.BatchNorm1d).numBatchesTracked!.dtype, 'int32');
  assert.throws(() => fresh.loadStateDict({ ...saved, 'layers.1.runningVar': [1, 2, 3] }), /runningVar/);
  assert.throws(() => bn.registerBuffer('weight', tensor([1])), /already a field/);
  assert.throws(() => bn.registerBuffer('x', [1] as never), /must be a Tensor/);
  assert.is(bn.buffers().length, 3);
});

test('BatchNorm1d: train vs eval, errors', () => {
  const bn = new nn.BatchNorm1d(3);
  assert.throws(() => bn.forward(tensor([[1, 2, 3]])), /more than one value per channel/);
  assert.throws(() => bn.forward(tensor([[1, 2]])), /\[N, 3\]/);
  bn.eval();
  assert.equal(bn.forward(tensor([[1, 2, 3]])).toArray()[0].map((v: number) => Math.round(v * 1e4) / 1e4), [1, 2, 3].map((v) => Math.round(v / Math.sqrt(1 + 1e-5) * 1e4) / 1e4));
  assert.throws(() => new nn.BatchNorm1d(0), /numFeatures/);
  assert.throws(() => new nn.BatchNorm1d(2, { momentum: 2 }), /momentum/);
  assert.throws(() => new nn.BatchNorm1d(2, { eps: 0 }), /eps/);
  const plain = new nn.BatchNorm1d(2, { affine: false });
  assert.is(plain.parameters().length, 0);
  const y = plain.forward(tensor([[1, 2], [3, 6]]));
  assert.ok(Math.abs((y.toArray() as number[][])[0]![0]! + 1) < 1e-3);
});

test('LayerNorm errors and no-affine form', () => {
  assert.throws(() => new nn.LayerNorm([]), /normalizedShape/);
  assert.throws(() => new nn.LayerNorm(4, { eps: -1 }), /eps/);
  assert.throws(() => new nn.LayerNorm(4).forward(tensor([[1, 2, 3]])), /does not end in/);
  const y = new nn.LayerNorm(2, { elementwiseAffine: false }).forward(tensor([[1, 3]]));
  assert.ok(Math.abs((y.toArray() as number[][])[0]![0]! + 1) < 1e-4);
});
test.run();
