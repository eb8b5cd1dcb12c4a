/**
 * Recycled gradient buffers (src/tensor/recycle.ts): the backward walk gives back the storage of
 * gradients it proved dead, and allocate hands it out again. Reusing a live buffer would be a
 * silent wrong number, so each test here holds on to what a user can hold (leaf and retained
 * gradients, grad() results, customOp gradients, the outputs) and checks its values after more
 * steps, and a trained model must match one trained with no buffer ever reused, bit for bit.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customOp, grad, losses, manualSeed, nn, randn, SGD, tensor, type Tensor } from '../src/index.js';
import { clearSpareBuffers, spareStats } from '../src/tensor/recycle.js';

const snapshot = (t: Tensor): number[] => Array.from(t.contiguousData());

function trainConvNet(steps: number, reuse: boolean): number[][] {
  manualSeed(3);
  const model = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 13 * 13, 10));
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = randn([32, 1, 28, 28]), y = tensor(Int32Array.from({ length: 32 }, (_, i) => i % 10), { dtype: 'int32' });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    losses.logitCrossentropy(model.forward(x), y).backward();
    opt.step();
    if (!reuse) clearSpareBuffers();
  }
  return model.parameters().map(snapshot);
}

test('a conv net trained with recycled buffers matches one trained without, bit for bit; buffers were recycled', () => {
  clearSpareBuffers();
  const fresh = trainConvNet(6, false);
  const reused = trainConvNet(6, true);
  assert.ok(spareStats().buffers > 0, 'no buffer was recycled');
  fresh.forEach((p, i) => p.forEach((v, j) => assert.ok(Object.is(v, reused[i]![j]), `parameter ${i}[${j}]: ${reused[i]![j]} with reuse, ${v} without`)));
  clearSpareBuffers();
  assert.equal(spareStats(), { buffers: 0, bytes: 0 });
});

test('gradients a user holds keep their values while later passes reuse buffers: leaf, retained, aliased by add, grad() results', () => {
  const n = 8192; // above RECYCLE_MIN
  const x = randn([n]).requiresGrad_();
  // h is used twice through add (whose VJP hands one gradient to both inputs) and retained
  const h = x.mul(3).retainGrad();
  const out = h.add(h).mul(x.detach().add(1)).relu();
  const s = out.reshape([2, -1]).sum();
  s.backward();
  const hGrad = snapshot(h.grad!), xGrad = snapshot(x.grad!), outValue = snapshot(out);
  const gx = grad((v: Tensor) => v.mul(v).exp().sum())(randn([n]).mul(0.1));
  const gxValue = snapshot(gx);
  for (let i = 0; i < 5; i++) {
    const z = randn([n]).requiresGrad_();
    z.mul(2).relu().mul(z).sum().backward();
  }
  assert.equal(snapshot(h.grad!), hGrad);
  assert.equal(snapshot(x.grad!), xGrad);
  assert.equal(snapshot(out), outValue);
  assert.equal(snapshot(gx), gxValue);
  // and they are right: d/dh Σ relu(2h·(x + 1)) = 2(x + 1)·[2h(x + 1) > 0], dx = 3·dh
  const xs = x.contiguousData(), hs = h.contiguousData();
  for (let i = 0; i < n; i += 997) {
    const want = 2 * (xs[i]! + 1) * (2 * hs[i]! * (xs[i]! + 1) > 0 ? 1 : 0);
    assert.ok(Math.abs(hGrad[i]! - want) <= 1e-5 * (1 + Math.abs(want)), `dh[${i}] ${hGrad[i]} vs ${want}`);
  }
});

test('a gradient that a VJP passes on as a view (reshape, transpose) or to two inputs (add) is not reused while the view lives', () => {
  const n = 8192;
  const v = randn([n]).requiresGrad_();
  // mul(3)'s VJP makes g (n values); reshape's and transpose's VJPs pass views of it on; mul(2)'s
  // VJP then allocates n values, and must not get g's storage, which it reads
  v.mul(2).reshape([64, -1]).transpose(0, 1).mul(3).sum().backward();
  assert.ok(Array.from(v.grad!.contiguousData()).every((d) => d === 6), 'd/dv Σ 3·2v = 6');
  const w = randn([n]).requiresGrad_();
  const a = w.mul(2);
  a.add(a.reshape([2, -1]).reshape([-1])).mul(5).sum().backward();
  assert.ok(Array.from(w.grad!.contiguousData()).every((d) => d === 20), 'd/dw Σ 5·(2w + 2w) = 20');
});

test('a customOp\'s VJP may keep the gradients it is given and returns', () => {
  const seen: Tensor[] = [];
  const double = customOp({
    name: 'double',
    forward: (x: Tensor) => x.mul(2),
    vjp: (g, { inputs }) => { const gi = g.mul(2); seen.push(g, gi); return inputs.map(() => gi); },
  });
  const x = randn([8192]).requiresGrad_();
  double(x.mul(1.5)).mul(x.detach()).sum().backward();
  const kept = seen.map(snapshot);
  for (let i = 0; i < 5; i++) { const z = randn([8192]).requiresGrad_(); z.mul(1.5).mul(z).sum().backward(); }
  seen.forEach((t, i) => assert.equal(snapshot(t), kept[i]));
});

test.run();
