import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import {
  Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, RMSprop, SGD, StepLR, Tensor, tensor, zeros, type Optimizer,
} from '../src/index.js';
import { assignInto } from '../src/tensor/assign.js';

interface T { dtype: 'float64'; shape: number[]; data: number[] }
interface OptCase { name: string; optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad'; opts: Record<string, any>; params0: T[]; grads: T[][]; params: T[][] }
interface SchedCase {
  name: string; scheduler: 'StepLR' | 'CosineAnnealingLR' | 'LinearLR' | 'ExponentialLR' | 'ReduceLROnPlateau';
  opts: Record<string, any>; lr0: number; lrs: number[]; lrInit?: number; metrics?: number[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/optim.json', import.meta.url), 'utf8')) as { cases: Array<OptCase | SchedCase | { name: string; clip: string }> };
const dec = (t: T) => tensor(Float64Array.from(t.data), { shape: t.shape });

function makeOptimizer(c: OptCase, params: Tensor[]): Optimizer {
  const o = c.opts;
  if (c.optimizer === 'SGD') return new SGD(params, o as { lr: number });
  if (c.optimizer === 'RMSprop') return new RMSprop(params, o);
  if (c.optimizer === 'Adagrad') return new Adagrad(params, o);
  const opts = { ...o, betas: o['betas'] as [number, number] | undefined };
  return c.optimizer === 'Adam' ? new Adam(params, opts) : new AdamW(params, opts);
}

function assertClose(got: Tensor, want: T, where: string): void {
  const a = got.contiguousData();
  assert.equal(got.shape, want.shape, where);
  want.data.forEach((w, i) => {
    if (Math.abs(a[i] - w) > 1e-10 * (1 + Math.abs(w))) assert.unreachable(`${where} [${i}]: got ${a[i]}, want ${w}`);
  });
}

for (const c of fixture.cases) {
  if ('optimizer' in c) {
    test(`${c.name}: 10 steps match PyTorch`, () => {
      const params = c.params0.map((t) => dec(t).requiresGrad_());
      const opt = makeOptimizer(c, params);
      const refs = [...params];
      c.grads.forEach((gs, k) => {
        opt.zeroGrad();
        params.forEach((p, j) => (p.grad = dec(gs[j])));
        opt.step();
        params.forEach((p, j) => {
          assert.ok(p === refs[j], 'the parameter tensors are updated in place');
          assert.not.ok(p.node, 'the update is not recorded');
          assertClose(p, c.params[k][j], `${c.name} step ${k + 1} param ${j}`);
        });
      });
    });
  } else if ('scheduler' in c) {
    test(`${c.name}: learning rates match PyTorch`, () => {
      const opt = new SGD([zeros([1], { dtype: 'float64' }).requiresGrad_()], { lr: c.lr0 });
      const o = c.opts;
      const sched = c.scheduler === 'StepLR' ? new StepLR(opt, o as { stepSize: number; gamma: number })
        : c.scheduler === 'LinearLR' ? new LinearLR(opt, o)
        : c.scheduler === 'ExponentialLR' ? new ExponentialLR(opt, o as { gamma: number })
        : c.scheduler === 'ReduceLROnPlateau' ? new ReduceLROnPlateau(opt, o)
        : new CosineAnnealingLR(opt, o as { tMax: number; etaMin: number });
      if (c.lrInit !== undefined) assert.ok(Math.abs(opt.lr - c.lrInit) <= 1e-15, `${c.name}: lr after construction ${opt.lr} vs ${c.lrInit}`);
      c.lrs.forEach((want, t) => {
        opt.step();
        const got = sched instanceof ReduceLROnPlateau ? sched.step(c.metrics![t]!) : sched.step();
        assert.ok(Math.abs(got - want) <= 1e-12, `${c.name} t=${t + 1}: ${got} vs ${want}`);
        assert.is(opt.lr, sched.lr);
      });
    });
  }
}

test('parameters without a gradient are skipped, and keep their own step count', () => {
  const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
  const b = tensor([3], { dtype: 'float64', requiresGrad: true });
  const opt = new Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, -1], { dtype: 'float64' });
  opt.step();
  assert.equal(b.toArray(), [3]);
  assert.is(opt.stateOf(b), undefined);
  assert.is(opt.stateOf(a)!.step, 1);
  // Adam's first step moves every coordinate by lr (times sign g), up to ε.
  assert.ok(Math.abs(a.toArray()[0] - 0.9) < 1e-6 && Math.abs(a.toArray()[1] - 2.1) < 1e-6);
});

test('float32 parameters stay float32 and a training step lowers a loss', () => {
  const w = tensor([[0.5, -0.5]], { requiresGrad: true });
  const x = tensor([[1, 2], [3, 4]]), y = tensor([[1], [2]]);
  const opt = new SGD([w], { lr: 0.01, momentum: 0.9 });
  const loss = () => x.matmul(w.T).sub(y).square().mean();
  const first = loss().item();
  for (let i = 0; i < 20; i++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
  assert.is(w.dtype, 'float32');
  assert.ok(loss().item() < first / 5);
});

test('constructor and lr checks', () => {
  const p = zeros([2], { requiresGrad: true });
  assert.throws(() => new SGD([], { lr: 0.1 }), /empty/);
  assert.throws(() => new SGD([zeros([2])], { lr: 0.1 }), /requiresGrad/);
  assert.throws(() => new SGD([p.mul(2)], { lr: 0.1 }), /leaf/);
  assert.throws(() => new SGD([p], { lr: -1 }), /lr/);
  assert.throws(() => new SGD([p], { lr: 0.1, momentum: -1 }), /momentum/);
  assert.throws(() => new SGD([p], { lr: 0.1, nesterov: true }), /nesterov/);
  assert.throws(() => new Adam([p], { betas: [1, 0.9] }), /betas/);
  assert.throws(() => new Adam([p], { eps: -1 }), /eps/);
  assert.throws(() => new StepLR(new SGD([p], { lr: 1 }), { stepSize: 0 }), /stepSize/);
  assert.throws(() => new CosineAnnealingLR(new SGD([p], { lr: 1 }), { tMax: 0 }), /tMax/);
  const opt = new Adam([p]);
  assert.is(opt.lr, 1e-3);
  opt.lr = 0.5;
  assert.is(opt.lr, 0.5);
  assert.throws(() => (opt.lr = NaN), /lr/);
  assert.is(new AdamW([p]).weightDecay, 0.01);
  assert.is(new StepLR(opt, { stepSize: 2 }).gamma, 0.1);
});

test('steps write into the parameter storage and the state buffers, allocating nothing new', () => {
  for (const make of [(p: Tensor) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }), (p: Tensor) => new Adam([p], { lr: 0.1, amsgrad: true })]) {
    const p = tensor([1, -2, 3], { requiresGrad: true });
    const opt = make(p);
    const storage = p.data.data;
    p.grad = tensor([0.5, 0.5, -1]);
    opt.step();
    const buffers = Object.values(opt.stateOf(p)!.buffers).map((b) => b.data.data);
    assert.ok(buffers.every((b) => b !== p.grad!.data.data), 'no state buffer aliases the gradient');
    p.grad = tensor([1, 1, 1]);
    opt.step();
    assert.ok(p.data.data === storage);
    assert.ok(Object.values(opt.stateOf(p)!.buffers).every((b, i) => b.data.data === buffers[i]));
  }
});

test('a strided parameter (a transposed leaf) is updated through its view', () => {
  const base = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  const p = base.T.detach().requiresGrad_();
  const opt = new SGD([p], { lr: 0.5, weightDecay: 0.1 });
  p.grad = tensor([[1, 0], [0, 1], [2, 2]], { dtype: 'float64' });
  opt.step();
  // p ← p − 0.5·(g + 0.1·p), written into base's storage through the transposed view
  const want = [[1, 4], [2, 5], [3, 6]].map((row, i) => row.map((v, j) => v - 0.5 * ((p.grad!.toArray() as number[][])[i][j] + 0.1 * v)));
  assert.equal(p.toArray(), want);
  assert.equal(base.toArray(), [[want[0][0], want[1][0], want[2][0]], [want[0][1], want[1][1], want[2][1]]]);
});

test('assignInto writes through views and checks shape and leafness', () => {
  const dst = zeros([2, 3]);
  assignInto(dst, tensor([[1, 2], [3, 4], [5, 6]]).T);
  assert.equal(dst.toArray(), [[1, 3, 5], [2, 4, 6]]);
  assert.throws(() => assignInto(dst, zeros([3, 2])), /shape/);
  const leaf = zeros([2], { requiresGrad: true });
  assert.throws(() => assignInto(leaf.mul(1), zeros([2])), /leaf/);
});

test.run();
