import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, ones, SGD, tensor, Tensor, zeros } from '../src/index.js';

const { Linear, MLP, Sequential, Dropout, ReLU, Tanh, Sigmoid, LeakyReLU, GELU, Identity, Module, init } = nn;

test('MLP parameters: count, names, order', () => {
  const m = new MLP([784, 128, 10]);
  const named = m.namedParameters();
  assert.equal(named.map(([n]) => n), ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
  assert.is(m.parameters().reduce((s, p) => s + p.size, 0), 784 * 128 + 128 + 128 * 10 + 10);
  assert.ok(m.parameters().every((p) => p.requiresGrad && p.dtype === 'float32'));
  assert.is(new Linear(3, 2, { bias: false }).parameters().length, 1);
  assert.is(new MLP([2, 8, 8, 1], 'tanh', { dropout: 0.2 }).layers.length, 7);
});

test('parameters() walks nested modules and arrays, once per tensor', () => {
  class Block extends Module {
    a = new Linear(2, 3);
    heads = [new Linear(3, 1), new Linear(3, 1)];
    scale = ones([1], { requiresGrad: true });
    alias = this.scale;
    forward(x: Tensor) { return this.heads[0]!.forward(this.a.forward(x)).mul(this.scale); }
  }
  const b = new Block();
  assert.equal(b.namedParameters().map(([n]) => n), ['a.weight', 'a.bias', 'heads.0.weight', 'heads.0.bias', 'heads.1.weight', 'heads.1.bias', 'scale']);
  assert.is(b.children().length, 3);
});

test('Linear forward matches a hand computation', () => {
  const l = new Linear(3, 2);
  l.loadStateDict({ weight: [[1, 2, 3], [-1, 0, 1]], bias: [0.5, -0.5] });
  const y = l.forward(tensor([[1, 1, 1], [2, 0, -1]]));
  // rows: [1+2+3+0.5, -1+0+1-0.5], [2+0-3+0.5, -2+0-1-0.5]
  assert.equal(y.toArray(), [[6.5, -0.5], [-0.5, -3.5]]);
  assert.equal(l.forward(tensor([1, 1, 1])).toArray(), [6.5, -0.5]);
});

test("Linear's weight gradient is laid out as the weight (row-major), so an optimizer reads it without a copy", () => {
  const l = new Linear(3, 2);
  l.loadStateDict({ weight: [[1, 2, 3], [-1, 0, 1]], bias: [0.5, -0.5] });
  l.forward(tensor([[1, 1, 1], [2, 0, -1]])).mul(tensor([[1, 2], [3, 4]])).sum().backward();
  const g = l.weight.grad!;
  assert.equal(g.data.stride, [3, 1]);
  // gW = upstreamᵀ·x: rows [1·1 + 3·2, 1·1 + 3·0, 1·1 − 3·1] and [2·1 + 4·2, 2·1 + 4·0, 2·1 − 4·1]
  assert.equal(g.toArray(), [[7, 1, -2], [10, 2, -2]]);
});

test('Linear default init: PyTorch bounds, reproducible under manualSeed', () => {
  manualSeed(3);
  const a = new Linear(400, 50);
  manualSeed(3);
  const b = new Linear(400, 50);
  assert.equal(a.weight.toArray(), b.weight.toArray());
  assert.equal(a.bias!.toArray(), b.bias!.toArray());
  const bound = 1 / Math.sqrt(400);
  const w = a.weight.contiguousData();
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...w) > 0.95 * bound && Math.min(...w) < -0.95 * bound, 'fills the range');
  assert.ok(a.bias!.contiguousData().every((v) => Math.abs(v) <= bound));
  assert.not.equal(new Linear(400, 50).weight.toArray(), a.weight.toArray());
});

test('initialisers: bounds, moments, dtype, errors', () => {
  manualSeed(1);
  const k = init.kaimingUniform([64, 300]);
  const kb = Math.sqrt(2) * Math.sqrt(3 / 300);
  assert.ok(k.contiguousData().every((v) => Math.abs(v) <= kb));
  const kr = init.kaimingUniform([64, 300], { nonlinearity: 'relu', mode: 'fanOut', dtype: 'float64' });
  assert.is(kr.dtype, 'float64');
  assert.ok(kr.contiguousData().every((v) => Math.abs(v) <= Math.sqrt(2) * Math.sqrt(3 / 64)));
  const x = init.xavierUniform([30, 20, 3, 3], { gain: init.gain('tanh') });
  const xb = (5 / 3) * Math.sqrt(6 / (20 * 9 + 30 * 9));
  assert.ok(x.contiguousData().every((v) => Math.abs(v) <= xb));
  const n = init.normal([20000], { mean: 2, std: 0.5 });
  const mean = n.mean().item(), std = n.sub(mean).square().mean().sqrt().item();
  assert.ok(Math.abs(mean - 2) < 0.02 && Math.abs(std - 0.5) < 0.02, `${mean} ${std}`);
  assert.equal(init.zeros([2], { requiresGrad: true }).toArray(), [0, 0]);
  assert.is(init.gain('sigmoid'), 1);
  assert.is(init.gain('leakyRelu', Math.sqrt(5)), Math.sqrt(1 / 3));
  assert.throws(() => init.kaimingUniform([5]), /2 dims/);
  manualSeed(9);
  const u1 = nn.uniform([5], -1, 1).toArray();
  manualSeed(9);
  assert.equal(nn.uniform([5], -1, 1).toArray(), u1);
});

test('Dropout: scaled mask in training, identity in eval, seeded', () => {
  const d = new Dropout(0.25);
  const x = ones([100, 100]);
  manualSeed(5);
  const y = d.forward(x).contiguousData();
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  assert.ok(Math.abs(kept.length / y.length - 0.75) < 0.03);
  manualSeed(5);
  assert.equal(Array.from(d.forward(x).contiguousData()), Array.from(y));
  const seq = new Sequential(new Linear(4, 4), d);
  seq.eval();
  assert.not.ok(d.training);
  assert.is(d.forward(x), x);
  seq.train();
  assert.ok(d.training);
  assert.equal(new Dropout(1).forward(ones([3])).toArray(), [0, 0, 0]);
  assert.is(new Dropout(0).forward(x), x);
  assert.throws(() => new Dropout(1.5), /p must be/);
  // the mask is constant: the gradient is the same scaled mask
  const w = ones([1000], { requiresGrad: true });
  manualSeed(2);
  d.forward(w).sum().backward();
  assert.ok(w.grad!.contiguousData().every((g) => g === 0 || Math.abs(g - 1 / 0.75) < 1e-6));
});

test('activation modules', () => {
  const x = tensor([-2, 0, 3]);
  assert.equal(new ReLU().forward(x).toArray(), [0, 0, 3]);
  assert.equal(new LeakyReLU(0.1).forward(x).toArray().map((v: number) => +v.toFixed(5)), [-0.2, 0, 3]);
  assert.ok(Math.abs(new Tanh().forward(x).toArray()[2] - Math.tanh(3)) < 1e-6);
  assert.ok(Math.abs(new Sigmoid().forward(x).toArray()[0] - 1 / (1 + Math.exp(2))) < 1e-6);
  assert.ok(Math.abs(new GELU().forward(x).toArray()[2] - 2.99595) < 1e-4);
  assert.is(new Identity().forward(x), x);
  assert.equal(new MLP([1, 1], 'gelu').parameters().length, 2);
  for (const a of ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'gelu'] as const) new MLP([2, 3, 1], a).forward(ones([1, 2]));
  assert.throws(() => new MLP([3]), /sizes/);
  assert.throws(() => new MLP([3, 1], 'swish' as never), /unknown activation/);
  assert.throws(() => new Linear(0, 2), /positive integers/);
});

test('stateDict round trip, in place, with clear errors', () => {
  manualSeed(0);
  const a = new MLP([3, 4, 2]);
  const b = new MLP([3, 4, 2]);
  const saved = a.stateDict();
  const ref = b.parameters()[0];
  const opt = new SGD(b.parameters(), { lr: 0.1 });
  b.loadStateDict(saved);
  const x = tensor([[1, 2, 3]]);
  assert.equal(b.forward(x).toArray(), a.forward(x).toArray());
  assert.is(b.parameters()[0], ref, 'the same tensors, overwritten');
  // copies: training a does not change the saved dict
  a.forward(x).sum().backward();
  new SGD(a.parameters(), { lr: 1 }).step();
  assert.not.equal(a.stateDict()['layers.0.weight']!.toArray(), saved['layers.0.weight']!.toArray());
  b.zeroGrad();
  b.forward(x).sum().backward();
  assert.ok(b.parameters().every((p) => p.grad));
  opt.zeroGrad();
  assert.ok(b.parameters().every((p) => !p.grad));
  b.forward(x).sum().backward();
  b.zeroGrad();
  assert.ok(b.parameters().every((p) => !p.grad));

  const { ['layers.2.bias']: _, ...partial } = saved;
  assert.throws(() => b.loadStateDict(partial), /missing layers\.2\.bias/);
  assert.throws(() => b.loadStateDict({ ...saved, extra: zeros([1]) }), /unexpected extra/);
  b.loadStateDict({ ...saved, extra: zeros([1]) }, { strict: false });
  assert.throws(() => b.loadStateDict({ ...saved, 'layers.0.weight': zeros([3, 4]) }), /'layers\.0\.weight' has shape \[3,4\].*\[4,3\]/);
});

test.run();
