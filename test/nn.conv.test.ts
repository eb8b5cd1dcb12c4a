/** Layer behaviour beyond the PyTorch fixtures: init, shapes, conventions, adjointness, errors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { avgPool2d, conv2d, fold, manualSeed, maxPool2d, nn, randn, tensor, unfold, type Tensor } from '../src/index.js';
import { int32, normal64 } from './helpers.js';
import { apply } from '../src/autograd/tape/apply.js';
import { makeWindow } from '../src/ops/window.js';

const dot = (a: Tensor, b: Tensor) => a.mul(b).sum().item();

test('Conv2d: PyTorch init bounds, parameter shapes and names, output shape', () => {
  manualSeed(0);
  const c = new nn.Conv2d(4, 6, [3, 2], { stride: 2, padding: 1, groups: 2 });
  assert.equal(c.namedParameters().map(([n, p]) => [n, p.shape]), [['weight', [6, 2, 3, 2]], ['bias', [6]]]);
  const bound = 1 / Math.sqrt(2 * 3 * 2);
  for (const p of c.parameters()) for (const v of p.contiguousData()) assert.ok(Math.abs(v) <= bound);
  assert.equal(c.forward(randn([2, 4, 7, 5])).shape, [2, 6, 4, 3]);
  assert.is(new nn.Conv2d(1, 2, 3, { bias: false }).bias, null);
  assert.throws(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), /divisible by groups/);
  assert.throws(() => new nn.Conv2d(3, 4, 0), /kernelSize must be an integer ≥ 1/);
});

test('the fused conv2d and both its gradients equal W·unfold(x) + b differentiated by the tape (small windows, and K > 1024: the general loops)', () => {
  manualSeed(3);
  const cases: [number[], number[], Record<string, unknown>][] = [
    [[2, 3, 9, 8], [5, 3, 3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2] }],
    [[3, 1, 12, 12], [6, 1, 5, 5], {}],
    [[2, 6, 8, 8], [16, 6, 5, 5], { padding: 2 }],
    [[2, 121, 5, 6], [3, 121, 3, 3], { padding: 1 }], // K = 1089
  ];
  for (const [xs, ws, opts] of cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = randn(xs, { dtype, requiresGrad: true }), w = randn(ws, { dtype, requiresGrad: true }), b = randn([ws[0]!], { dtype, requiresGrad: true });
      const y = conv2d(x, w, b, opts);
      const probe = randn(y.shape, { dtype });
      y.mul(probe).sum().backward();
      const [gx, gw, gb] = [x.grad!, w.grad!, b.grad!];
      x.zeroGrad(); w.zeroGrad(); b.zeroGrad();
      const [, , kh, kw] = ws;
      const cols = unfold(x, [kh!, kw!], opts as never); // [N, K, L]
      const ref = w.reshape([ws[0]!, -1]).matmul(cols).add(b.reshape([-1, 1])).reshape(y.shape);
      ref.mul(probe).sum().backward();
      const tol = dtype === 'float64' ? 1e-10 : 2e-4;
      for (const [name, got, want] of [['y', y, ref], ['x.grad', gx, x.grad!], ['w.grad', gw, w.grad!], ['b.grad', gb, b.grad!]] as const) {
        const err = got.sub(want).abs().max().item(), scale = want.abs().max().item();
        assert.ok(err <= tol * Math.max(1, scale), `${JSON.stringify([xs, ws, opts])} ${dtype} ${name}: max error ${err} (scale ${scale})`);
      }
    }
  }
});

test('the fused conv2d and its gradients take a weight view that is not row-major (a permuted [O, kw, kh, C])', () => {
  manualSeed(4);
  const x = randn([2, 3, 7, 6], { dtype: 'float64', requiresGrad: true });
  const stored = randn([4, 2, 3, 3], { dtype: 'float64', requiresGrad: true }); // [O, kw, kh, C]
  const w = stored.permute([0, 3, 2, 1]); // [O, C, kh, kw], strides not row-major
  const y = conv2d(x, w, null, { padding: 1 });
  const probe = randn(y.shape, { dtype: 'float64' });
  y.mul(probe).sum().backward();
  const [gx, gw] = [x.grad!, stored.grad!];
  x.zeroGrad(); stored.zeroGrad();
  const ref = stored.permute([0, 3, 2, 1]).contiguous().reshape([4, -1]).matmul(unfold(x, [3, 2], { padding: 1 })).reshape(y.shape);
  ref.mul(probe).sum().backward();
  assert.ok(y.sub(ref).abs().max().item() < 1e-12);
  assert.ok(gx.sub(x.grad!).abs().max().item() < 1e-12);
  assert.ok(gw.sub(stored.grad!).abs().max().item() < 1e-12);
});

test('conv2d: bad arguments name the argument and the shapes', () => {
  const x = randn([1, 3, 5, 5]);
  assert.throws(() => conv2d(randn([3, 5, 5]), randn([2, 3, 3, 3])), /input must be 4-D \[N, C, H, W\], got shape \[3,5,5\]/);
  assert.throws(() => conv2d(x, randn([2, 3, 3])), /weight must be 4-D/);
  assert.throws(() => conv2d(x, randn([2, 2, 3, 3])), /expects 2 input channels.*has 3/);
  assert.throws(() => conv2d(x, randn([2, 3, 3, 3]), randn([3])), /bias must have shape \[2\]/);
  assert.throws(() => conv2d(x, randn([2, 3, 7, 7])), /does not fit input \[1,3,5,5\]/);
  assert.throws(() => conv2d(x, randn([2, 3, 3, 3]), null, { stride: 0 }), /stride must be an integer ≥ 1/);
  assert.throws(() => conv2d(x, randn([2, 3, 3, 3]), null, { padding: [1, -1] }), /padding/);
  assert.throws(() => conv2d(x, randn([3, 1, 3, 3]), null, { groups: 2 }), /groups \(2\) must be a positive integer dividing/);
  assert.throws(() => fold(randn([1, 8, 5]), [4, 5], 2), /fold: columns of shape \[1,8,5\] do not fit/);
  assert.throws(() => conv2d(x, randn([2, 3, 3, 3]), null, { padding: 'same', stride: 2 }), /padding 'same' needs stride 1/);
  assert.throws(() => conv2d(randn([3, 5, 5]), randn([2, 3, 3, 3]), null, { padding: 'same' }), /input must be 4-D/);
  assert.equal(new nn.Conv2d(3, 2, [4, 3], { padding: 'same' }).forward(x).shape, [1, 2, 5, 5]);
});

test('unfold and fold are adjoint: <unfold(x), c> = <x, fold(c)>', () => {
  const opts = { stride: [2, 1] as [number, number], padding: 1, dilation: [1, 2] as [number, number] };
  const x = normal64([2, 3, 6, 7]);
  const u = unfold(x, [3, 2], opts);
  const c = normal64(u.shape, 5);
  assert.ok(Math.abs(dot(u, c) - dot(x, fold(c, [6, 7], [3, 2], opts))) < 1e-9);
  // PyTorch's layout: row (c, i, j), column = output position.
  const small = tensor([[[[1, 2, 3], [4, 5, 6]]]]);
  assert.equal(unfold(small, 2).toArray(), [[[1, 2], [2, 3], [4, 5], [5, 6]]]);
});

test('maxPool2d: ties route the gradient to the first maximum; NaN propagates; padding must be ≤ half the kernel', () => {
  const x = tensor([[[[1, 1], [1, 0]]]]).requiresGrad_();
  maxPool2d(x, 2).sum().backward();
  assert.equal(x.grad!.toArray(), [[[[1, 0], [0, 0]]]]);
  assert.ok(Number.isNaN(maxPool2d(tensor([[[[1, NaN], [3, 0]]]]), 2).item()));
  assert.throws(() => maxPool2d(randn([1, 1, 4, 4]), 2, { padding: 2 }), /at most half the kernel size/);
  assert.equal(new nn.MaxPool2d(2).forward(randn([2, 3, 5, 4])).shape, [2, 3, 2, 2]);
  assert.equal(new nn.AvgPool2d(3, { stride: 1, padding: 1 }).forward(randn([1, 2, 4, 4])).shape, [1, 2, 4, 4]);
  assert.equal(avgPool2d(tensor([[[[1, 2], [3, 6]]]]), 2).item(), 3);
});

test('Flatten merges startDim..endDim', () => {
  const x = randn([2, 3, 4, 5]);
  assert.equal(new nn.Flatten().forward(x).shape, [2, 60]);
  assert.equal(new nn.Flatten(0, 1).forward(x).shape, [6, 4, 5]);
  assert.equal(new nn.Flatten(1, -2).forward(x).shape, [2, 12, 5]);
  assert.equal(new nn.Flatten().forward(tensor(3)).shape, [1]);
  assert.throws(() => new nn.Flatten(2, 1).forward(x), /startDim 2 comes after endDim 1/);
});

test('Embedding: rows by index, gradient accumulated over repeated indices, errors', () => {
  const e = new nn.Embedding(4, 3);
  const idx = int32([[1, 3, 1]], [1, 3]);
  const y = e.forward(idx);
  assert.equal(y.shape, [1, 3, 3]);
  assert.equal((y.toArray() as number[][][])[0]![1], (e.weight.toArray() as number[][])[3]);
  y.sum().backward();
  assert.equal(e.weight.grad!.toArray(), [[0, 0, 0], [2, 2, 2], [0, 0, 0], [1, 1, 1]]);
  assert.throws(() => e.forward(tensor([1, 2])), /indices must be an int32 tensor, got float32/);
  assert.throws(() => e.forward(int32([0, 4])), /index 4 is out of range for 4 embeddings/);
  assert.throws(() => new nn.Embedding(0, 3), /positive integers/);
});

test('attention: causal outputs ignore later positions; masks; fully masked rows give NaN; errors', () => {
  manualSeed(2);
  const block = new nn.TransformerBlock(8, 2, { ffDim: 16 });
  const x = randn([1, 5, 8]);
  const changed = x.mul(tensor([1, 1, 1, 1, 5]).reshape([1, 5, 1]));
  const a = block.forward(x).slice(1, 0, 4).contiguousData(), b = block.forward(changed).slice(1, 0, 4).contiguousData();
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-6));
  assert.equal(block.parameters().length, 12);
  const q = randn([2, 3, 4]), k = randn([2, 3, 4]), v = randn([2, 3, 2]);
  const lower = tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]], { dtype: 'int32' });
  assert.equal(nn.scaledDotProductAttention(q, k, v, { attnMask: lower }).toArray(), nn.scaledDotProductAttention(q, k, v, { isCausal: true }).toArray());
  const none = nn.scaledDotProductAttention(q, k, v, { attnMask: tensor([[0, 0, 0], [1, 1, 1], [1, 1, 1]], { dtype: 'int32' }) });
  assert.ok(Number.isNaN((none.toArray() as number[][][])[0]![0]![0]!));
  assert.throws(() => nn.scaledDotProductAttention(q, randn([2, 3, 5]), v), /do not fit/);
  assert.throws(() => new nn.MultiheadAttention(6, 4), /multiple of numHeads/);
  assert.throws(() => new nn.MultiheadAttention(8, 2).forward(randn([2, 8])), /must be \[B, T, 8\]/);
  const m = new nn.MultiheadAttention(8, 2);
  assert.equal(m.forward(randn([2, 3, 8]), randn([2, 5, 8]), randn([2, 5, 8])).shape, [2, 3, 8]);
  assert.equal(nn.causalMask(2, 3).toArray(), [[1, 0, 0], [1, 1, 0]]);
});


test('maxPool2d\'s own indices skip the range scan only where their bound holds: gathered into a shorter row they are still checked', () => {
  const x = tensor(Float32Array.from({ length: 16 }, (_, i) => i), { shape: [1, 1, 4, 4] });
  const idx = apply('maxPoolIndices', [x], makeWindow('t', 2, 2, 0, 1)); // 5, 7, 13, 15: below 16
  assert.equal([...idx.contiguousData()], [5, 7, 13, 15]);
  assert.equal([...x.reshape([1, 1, 16]).gather(2, idx).contiguousData()], [5, 7, 13, 15]);
  assert.throws(() => x.reshape([1, 2, 8]).slice(1, 0, 1).gather(2, idx), /gather: index 13 is out of range for dim 2 of size 8/);
});

test.run();
