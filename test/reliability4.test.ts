/**
 * Regression tests for issue 23 outside src/io: NaN that must stay NaN (PyTorch 1.13's values),
 * state that must be refused, and calls whose order must not matter. Each failed before its fix.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Adagrad, Adam, AdamW, getThreads, grad, gradcheck, jacobian, losses, norm, pNorm, Optimizer, type ParamState, RMSprop, SGD, setThreads, tensor, valueAndGrad, vjp, type Tensor,
} from '../src/index.js';

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const nanMask = (t: Tensor) => (t.toArray() as number[]).map(Number.isNaN);

test('norm keeps NaN for every p, over all dims and along a dim (PyTorch 1.13); p = 0 counts NaN as non-zero', () => {
  const x = f64([NaN, 1, 2]);
  for (const p of [1, 2, 3, 0.5, Infinity, -Infinity]) assert.ok(Number.isNaN(norm(x, p).item()), `p = ${p}`);
  assert.is(norm(x, 0).item(), 3);
  const m = f64([[1, NaN, 2], [3, 4, 0]]);
  assert.equal(nanMask(norm(m, 3, 1)), [true, false]);
  assert.ok(Math.abs((norm(m, 3, 1).toArray() as number[])[1]! - 4.497941445275415) < 1e-12);
  assert.equal(nanMask(norm(m, 2, 0)), [false, true, false]);
  assert.equal(nanMask(pNorm(m, 2, 1)), [true, false]);
  assert.equal(nanMask(pNorm(m, 1.5, 1)), [true, false]);
  // zero vectors keep value 0 and gradient 0
  assert.equal(norm(f64([0, 0]), 2).item(), 0);
  assert.equal(grad((t: Tensor) => norm(t, 3))(f64([0, 0])).toArray(), [0, 0]);
});

test('tripletMarginLoss with a NaN anchor is NaN in that row (PyTorch: [nan, 1])', () => {
  const a = tensor([[NaN, 1], [0, 1]]), p = tensor([[1, 1], [1, 1]]), n = tensor([[0, 0], [0, 0]]);
  const rows = losses.tripletMarginLoss(a, p, n, { agg: 'none' }).toArray() as number[];
  assert.ok(Number.isNaN(rows[0]!));
  assert.ok(Math.abs(rows[1]! - 1) < 1e-5, String(rows[1]));
  assert.ok(Number.isNaN(losses.tripletMarginLoss(a, p, n).item()));
});

test('gradcheck fails a NaN gradient, also against a NaN numeric one (PyTorch allclose, equal_nan off)', () => {
  const report = gradcheck((x: Tensor) => x.mul(NaN).sum(), [f64([1, 2])]);
  assert.is(report.ok, false);
  assert.is(gradcheck((x: Tensor) => x.mul(NaN).sum(), [f64([1, 2])], { mode: 'random' }).ok, false);
  assert.is(gradcheck((x: Tensor) => x.sqrt(), [f64([-1, 4])]).ok, false);
  assert.is(gradcheck((x: Tensor) => x.sqrt(), [f64([1, 4])]).ok, true);
});

test('cumsum of int32 throws when a running sum leaves the int32 range, as sum does', () => {
  const big = tensor([2 ** 30, 2 ** 30, 2 ** 30], { dtype: 'int32' });
  assert.throws(() => big.cumsum(0), /^cumsum: the int32 running sum 2147483648 leaves the int32 range/);
  assert.throws(() => big.sum(), /sum: the int32 result/);
  assert.throws(() => tensor([-(2 ** 31), -1], { dtype: 'int32' }).cumsum(0), /cumsum: the int32 running sum -2147483649/);
  assert.throws(() => big.reshape([3, 1]).expand([3, 2]).cumsum(0), /cumsum/); // strided, inner > 1
  const ok = tensor([[2 ** 30, -(2 ** 30)], [2 ** 30 - 1, 2 ** 30]], { dtype: 'int32' });
  assert.equal(ok.cumsum(0).toArray(), [[2 ** 30, -(2 ** 30)], [2 ** 31 - 1, 0]]);
  assert.equal(ok.cumsum(1, { reverse: true }).toArray(), [[0, -(2 ** 30)], [2 ** 31 - 1, 2 ** 30]]);
  assert.is(ok.cumsum(0).dtype, 'int32');
});

/** One Adam/SGD step on a fresh parameter, to have a state dict. */
function trained<O extends { step(): void; stateDict(): Record<string, Tensor> }>(make: (p: Tensor[]) => O): Record<string, Tensor> {
  const w = tensor([1, 2], { requiresGrad: true });
  const opt = make([w]);
  w.square().sum().backward();
  opt.step();
  return opt.stateDict();
}
const fresh = () => [tensor([1, 2], { requiresGrad: true })];

test('Adam.loadStateDict refuses an SGD state dict, a missing buffer, a NaN step and NaN buffers, naming the optimizer', () => {
  const sgd = trained((p) => new SGD(p, { lr: 0.1, momentum: 0.9 }));
  const adam = trained((p) => new Adam(p));
  assert.throws(() => new Adam(fresh()).loadStateDict(sgd), /^Adam\.loadStateDict: 'state\.0\.momentumBuffer' is not state of this Adam \(it keeps expAvg, expAvgSq\)/);
  assert.throws(() => new SGD(fresh(), { lr: 0.1, momentum: 0.9 }).loadStateDict(adam), /SGD\.loadStateDict: 'state\.0\.expAvg' is not state of this SGD \(it keeps momentumBuffer\)/);
  assert.throws(() => new SGD(fresh(), { lr: 0.1 }).loadStateDict(sgd), /SGD\.loadStateDict: 'state\.0\.momentumBuffer' is not state of this SGD \(it keeps no buffers\)/);
  const { 'state.0.momentumBuffer': _b, ...stepOnly } = sgd;
  assert.throws(() => new AdamW(fresh()).loadStateDict(stepOnly), /AdamW\.loadStateDict: 'state\.0\.expAvg' is missing/);
  const { 'state.0.expAvgSq': _, ...partial } = adam;
  assert.throws(() => new Adam(fresh()).loadStateDict(partial), /Adam\.loadStateDict: 'state\.0\.expAvgSq' is missing/);
  assert.throws(() => new Adam(fresh(), { amsgrad: true }).loadStateDict(adam), /'state\.0\.maxExpAvgSq' is missing/);
  for (const bad of [NaN, 0, 1.5, -1, Infinity]) {
    assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, 'state.0.step': tensor(bad, { dtype: 'float64' }) }), new RegExp(`Adam\\.loadStateDict: 'state\\.0\\.step' must be an integer ≥ 1, got ${bad}`));
  }
  assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, stepCount: tensor(NaN) }), /'stepCount' must be an integer ≥ 0, got NaN/);
  assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, lr: tensor(NaN) }), /Adam: lr must be a non-negative number/);
  assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, 'state.0.expAvg': tensor([NaN, 0]) }), /'state\.0\.expAvg' holds NaN at element 0/);
  assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, 'state.0.expAvgSq': tensor([1, -1]) }), /'state\.0\.expAvgSq' holds -1 at element 1 \(a running square average is ≥ 0\)/);
  assert.throws(() => new Adam(fresh()).loadStateDict({ ...adam, 'state.0.expAvg': [1, 2] as never }), /'state\.0\.expAvg' must be a Tensor/);
  assert.throws(() => new Adam(fresh()).loadStateDict(null as never), /Adam\.loadStateDict: expected a dict of named tensors/);
  // a refused dict changes nothing; a matching one loads and steps on
  const opt = new Adam(fresh());
  opt.loadStateDict(adam);
  assert.is(opt.stepCount, 1);
  assert.throws(() => opt.loadStateDict(sgd));
  assert.is(opt.stateOf(opt.params[0]!)!.step, 1);
  // every built-in optimizer accepts its own state back
  const makers: Array<(p: Tensor[]) => Optimizer> = [(p: Tensor[]) => new SGD(p, { lr: 0.1 }), (p: Tensor[]) => new RMSprop(p, { momentum: 0.5, centered: true }), (p: Tensor[]) => new Adagrad(p), (p: Tensor[]) => new Adam(p, { amsgrad: true })];
  for (const make of makers) {
    const dict = trained(make);
    const again = make(fresh());
    again.loadStateDict(dict);
    assert.equal(Object.keys(again.stateDict()), Object.keys(dict));
  }
});

test('an optimizer defined outside tapegrad (no stateBuffers) still loads its own buffers; steps and NaN are still checked', () => {
  class Sign extends Optimizer {
    protected update(p: Tensor, g: Tensor, state: ParamState): void {
      const buf = (state.buffers['last'] ??= g.sign().detach());
      p.data.data.set(p.sub(buf.mul(this.lr)).contiguousData());
    }
  }
  const dict = trained((p) => new Sign(p, 0.1));
  assert.equal(Object.keys(dict), ['lr', 'stepCount', 'state.0.step', 'state.0.last']);
  new Sign(fresh(), 0.1).loadStateDict(dict);
  assert.throws(() => new Sign(fresh(), 0.1).loadStateDict({ ...dict, 'state.0.step': tensor(NaN) }), /Sign\.loadStateDict: 'state\.0\.step' must be an integer ≥ 1/);
  assert.throws(() => new Sign(fresh(), 0.1).loadStateDict({ ...dict, 'state.0.last': tensor([NaN, 1]) }), /'state\.0\.last' holds NaN/);
});

test('grad, valueAndGrad, vjp and jacobian refuse argnums that list an argument twice', () => {
  const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
  const a = f64([1, 2]), b = f64([3, 4]);
  assert.throws(() => grad(f, [0, 0])(a, b), /^grad: argnums \[0, 0\] lists argument 0 twice/);
  assert.throws(() => valueAndGrad(f, [1, 0, 1])(a, b), /grad: argnums \[1, 0, 1\] lists argument 1 twice/);
  assert.throws(() => jacobian(f, [1, 1])(a, b), /argnums \[1, 1\] lists argument 1 twice/);
  assert.equal((grad(f, [1, 0])(a, b) as Tensor[]).map((g) => g.toArray()), [[1, 2], [3, 4]]);
  assert.equal(vjp((x: Tensor) => x.square(), a)[1](f64([1, 1]))[0]!.toArray(), [2, 4]);
});

test('setThreads: the last call wins, also when the calls are not awaited', async () => {
  try {
    const first = setThreads(3), last = setThreads(1);
    assert.equal(await Promise.all([first, last]), [3, 1]);
    assert.is(getThreads(), 1);
    const a = setThreads(1), b = setThreads(2);
    await Promise.all([a, b]);
    assert.is(getThreads(), 2);
    const bad = setThreads(0).then(String, (e: Error) => e.message);
    const after = setThreads(1);
    assert.match(await bad, /setThreads: n must be an integer/);
    assert.is(await after, 1);
    assert.is(getThreads(), 1);
  } finally {
    await setThreads(1);
  }
});

test.run();
