import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assertGradcheck, detectAnomaly, grad, gradcheck, isGradEnabled, noGrad, enableGrad, printGraph, scope, sub, tensor, valueAndGrad, zeros, type Tensor,
} from '../src/index.js';
import { close, normal64 } from './helpers.js';

test('fan-out accumulates: x·x, a + a and a diamond', () => {
  const x = tensor([3], { requiresGrad: true });
  x.mul(x).sum().backward();
  assert.equal(x.grad!.toArray(), [6]);
  const a = tensor([2], { requiresGrad: true });
  a.add(a).sum().backward();
  assert.equal(a.grad!.toArray(), [2]);
  const d = tensor([2], { dtype: 'float64', requiresGrad: true });
  const b = d.exp(), c = d.mul(3);
  b.mul(c).sum().backward(); // d/dd (3d·eᵈ) = 3eᵈ(1 + d)
  assert.ok(close(d.grad!.item(), 3 * Math.exp(2) * 3));
});

test('gradients accumulate across backward calls until zeroGrad', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.sum().backward();
  x.mul(2).sum().backward();
  assert.equal(x.grad!.toArray(), [3, 3]);
  x.zeroGrad();
  assert.is(x.grad, null);
});

test('a chain of 100,000 ops backpropagates without recursion', () => {
  const x = tensor(1, { dtype: 'float64', requiresGrad: true });
  let y: Tensor = x;
  for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
  y.backward();
  assert.ok(close(x.grad!.item(), 1.00001 ** 100_000, 1e-9));
});

test('backward of a non-scalar without a seed says to reduce or pass a gradient', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => x.mul(2).backward(), /not a scalar: reduce it first.*or pass a gradient/);
  const y = x.mul(2);
  y.backward(tensor([1, 10]));
  assert.equal(x.grad!.toArray(), [2, 20]);
  assert.throws(() => x.mul(2).backward(tensor([1, 2, 3])), /gradient of shape \[3\] does not match output of shape \[2\]/);
  const z = x.mul(3);
  z.backward(2);
  assert.equal(x.grad!.toArray(), [8, 26]);
});

test('the graph is freed after backward; a second pass is a clear error unless retainGraph', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward(undefined, { retainGraph: true });
  y.backward();
  assert.throws(() => y.backward(), /freed by an earlier backward\(\); pass \{ retainGraph: true \}/);
  assert.match(printGraph(y), /#\d+ exp \[2\] <- leaf\[2\]\n#\d+ sum \[\] <- #\d+/); // the structure outlives backward
});

test('an unused leaf keeps grad null; grad() of an unused input is zeros of its shape', () => {
  const used = tensor([1], { requiresGrad: true }), unused = tensor([[1, 2]], { requiresGrad: true });
  used.mul(2).sum().backward();
  assert.is(unused.grad, null);
  const g = grad((a: Tensor, b: Tensor) => a.sum(), [0, 1])(tensor([1, 2]), tensor([[5, 6, 7]]));
  assert.equal(g[1].toArray(), [[0, 0, 0]]);
});

test('backward needs a tensor that requires grad', () => {
  assert.throws(() => tensor([1]).sum().backward(), /does not require grad/);
});

test('retainGrad keeps a non-leaf gradient', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3).retainGrad();
  h.square().sum().backward();
  assert.equal(h.grad!.toArray(), [6, 12]);
});

test('grad and valueAndGrad leave users’ tensors alone and return the inputs’ shapes', () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const [value, g] = valueAndGrad((t: Tensor) => t.square().sum())(w);
  assert.is(value.item(), 30);
  // w requires grad, so the result stays linked to w's graph (differentiable again)
  assert.is(value.requiresGrad, true);
  assert.is(valueAndGrad((t: Tensor) => t.sum())(tensor([1, 2]))[0].requiresGrad, false);
  assert.equal(g.toArray(), [[2, 4], [6, 8]]);
  assert.is(w.grad, null);
  assert.throws(() => grad((t: Tensor) => t)(tensor([1, 2])), /one-element Tensor, got shape \[2\]/);
  assert.throws(() => grad((t: Tensor) => t.sum())(tensor([1], { dtype: 'int32' })), /argument 0 is int32/);
  assert.throws(() => grad((t: Tensor) => t.sum())(3 as never), /argument 0 must be a Tensor/);
});

test('second derivatives against closed forms: tanh, softplus, logsumexp', () => {
  for (const x0 of [-1.3, 0, 0.4, 2.2]) {
    const x = tensor(x0, { dtype: 'float64' });
    const t = Math.tanh(x0), s = 1 / (1 + Math.exp(-x0));
    const d2 = (f: (v: Tensor) => Tensor) => grad((v: Tensor) => grad(f)(v))(x).item();
    assert.ok(close(d2((v) => v.tanh()), -2 * t * (1 - t * t)), 'tanh');
    assert.ok(close(d2((v) => v.softplus()), s * (1 - s)), 'softplus');
  }
  // Hessian of logsumexp is diag(p) − ppᵀ; its row sums are 0 and the diagonal is p(1 − p).
  const v = tensor([0.3, -1, 2], { dtype: 'float64' });
  const p = v.softmax().toArray() as number[];
  for (let i = 0; i < 3; i++) {
    const row = grad((u: Tensor) => grad((w: Tensor) => w.logsumexp())(u).select(0, i))(v).toArray() as number[];
    row.forEach((h, j) => assert.ok(close(h, (i === j ? p[i] : 0) - p[i] * p[j]), `H[${i}][${j}]`));
  }
});

test('backward({ createGraph }) records the backward pass for a second derivative', () => {
  const x = tensor([1.5], { dtype: 'float64', requiresGrad: true });
  x.pow(3).sum().backward(undefined, { createGraph: true });
  const g = x.grad!;
  assert.ok(g.requiresGrad);
  x.zeroGrad();
  g.sum().backward();
  assert.ok(close(x.grad!.item(), 6 * 1.5));
});

test('noGrad records nothing; enableGrad turns recording back on', () => {
  const x = tensor([1], { requiresGrad: true });
  const y = noGrad(() => {
    assert.is(isGradEnabled(), false);
    const inner = enableGrad(() => x.mul(2));
    assert.ok(inner.requiresGrad);
    return x.mul(2);
  });
  assert.is(y.requiresGrad, false);
  assert.is(isGradEnabled(), true);
});

test('detectAnomaly names the op whose forward or backward went non-finite', () => {
  const x = tensor([-1, 1], { requiresGrad: true });
  assert.throws(() => detectAnomaly(() => x.log()), /detectAnomaly: 'log' produced NaN in its forward output/);
  assert.throws(() => detectAnomaly(() => scope('myLoss', () => x.sub(x).log())), /'log' \(in myLoss\) produced -Infinity/);
  const z = tensor([0], { requiresGrad: true });
  const y = z.sqrt().sum();
  assert.throws(() => detectAnomaly(() => y.backward()), /the backward of 'sqrt' produced Infinity in a gradient/);
  // outside the mode the same ops just give NaN, like every array library
  assert.ok(Number.isNaN((x.log().toArray() as number[])[0]));
});

test('scopes name the nodes of a composed function in printGraph', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const loss = scope('outer', () => scope('mse', () => x.sub(1).square().mean()));
  const text = printGraph(loss.add(1));
  assert.match(text, /^outer\n  mse\n    #\d+ sub \[2\] <- leaf\[2\], 1\n/);
  assert.match(text, /\n#\d+ add \[\] <- #\d+, 1$/);
  assert.match(printGraph(tensor([1, 2], { requiresGrad: true }).add(tensor([3, 4]))), /add \[2\] <- leaf\[2\], const\[2\]$/);
  assert.match(printGraph(sub(2, tensor([1, 2], { requiresGrad: true }))), /sub \[2\] <- 2, leaf\[2\]$/);
});

test('gradcheck finds a wrong derivative; random mode agrees with full mode on good ones', () => {
  const x = normal64([4]);
  assert.ok(gradcheck((t) => t.tanh().mul(t).sum(), [x], { mode: 'random' }).ok);
  const report = gradcheck((t) => t.sin_wrong(), [x]);
  assert.is(report.ok, false);
  assert.throws(() => assertGradcheck((t) => t.sin_wrong(), [x]), /gradcheck failed: input 0, element \d+: analytic/);
  assert.is(gradcheck((t) => t.sin_wrong(), [x], { mode: 'random' }).ok, false);
  // int32 inputs pass through unchecked
  assert.ok(gradcheck((t, i) => t.gather(0, i).sum(), [x, tensor([0, 2], { dtype: 'int32' })]).ok);
});

// A deliberately wrong "custom op": its forward is x², its gradient claims 3x (via a detached trick).
declare module '../src/tensor/tensor.js' {
  interface Tensor { sin_wrong(): Tensor }
}
(tensor(0).constructor as { prototype: Tensor }).prototype.sin_wrong = function (this: Tensor) {
  const value = this.square();
  const wrongGrad = this.mul(1.5).square(); // gradient of (1.5x)²·… is not 2x
  return value.detach().add(wrongGrad).sub(wrongGrad.detach()).sum();
};

test('a leaf cannot stop requiring grad once it is a node; zeros helper keeps shape', () => {
  const x = tensor([1], { requiresGrad: true });
  assert.throws(() => { x.mul(2).requiresGrad = false; }, /non-leaf/);
  assert.equal(zeros([2, 0]).shape, [2, 0]);
});

test('backward takes its options alone: backward({ retainGraph: true }) keeps the graph, as backward(undefined, opts) does', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.square().sum();
  y.backward({ retainGraph: true });
  assert.equal(Array.from(x.grad!.toArray()), [2, 4, 6]);
  y.backward(); // the graph is still there; the gradients add up
  assert.equal(Array.from(x.grad!.toArray()), [4, 8, 12]);
  assert.throws(() => y.backward(), /freed by an earlier backward\(\); pass \{ retainGraph: true \}/);
  // a tensor seed with options, and a number seed, still work
  const z = x.mul(2);
  z.backward(tensor([1, 1, 1]), { retainGraph: true });
  z.backward(0.5);
  assert.equal(Array.from(x.grad!.toArray()), [7, 11, 15]);
  // createGraph alone records the backward pass
  x.zeroGrad();
  const w = x.pow(3).sum();
  w.backward({ createGraph: true });
  assert.ok(x.grad!.requiresGrad);
});

test.run();
