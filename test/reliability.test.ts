/**
 * Regression tests for the defects of issue 8 outside the losses: each was a NaN, a corrupted
 * tensor or a silent wrap-around before. Expected values are PyTorch 1.13's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Adam, AdamW, CosineAnnealingLR, grad, nn, ones, randn, SGD, StepLR, tensor, zeros, type Tensor,
} from '../src/index.js';

const f64 = (v: number[] | number) => tensor(v, { dtype: 'float64' });
/** The n-th derivative of the elementwise f, as a function of x (each order a recorded backward). */
const derivative = (f: (x: Tensor) => Tensor, n: number): ((x: Tensor) => Tensor) =>
  n === 0 ? f : derivative((x) => grad((y: Tensor) => f(y).sum())(x), n - 1);
const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

test('pow: the base gradient is 0 where the exponent is 0, at every derivative order', () => {
  // d^n/dx^n x^k at 0 is k! when n = k and 0 otherwise; at 2 it is k!/(k-n)!·2^(k-n).
  for (let k = 0; k <= 3; k++) {
    for (let n = 1; n <= k + 2; n++) {
      const d = derivative((x) => x.pow(k), n);
      const at = d(f64([0, 2])).toArray() as number[];
      const want0 = n === k ? factorial(k) : 0;
      const want2 = n <= k ? (factorial(k) / factorial(k - n)) * 2 ** (k - n) : 0;
      assert.equal(at, [want0, want2], `d^${n}/dx^${n} x^${k}`);
    }
  }
  // a tensor exponent with zeros in it: masked where it is 0, the usual b·a^(b−1) elsewhere
  const b = f64([0, 1, 0, 2]);
  assert.equal(grad((a: Tensor) => a.pow(b).sum())(f64([0, 0, 3, 3])).toArray(), [0, 1, 0, 6]);
  assert.equal(grad((a: Tensor) => grad((c: Tensor) => c.pow(b).sum())(a).sum())(f64([0, 0, 3, 3])).toArray(), [0, 0, 0, 2]);
  // the exponent's gradient at base 0 stays 0 (0^b·log 0 is taken as 0)
  assert.equal(grad((e: Tensor) => f64([0, 2]).pow(e).sum())(f64([0, 1])).toArray(), [0, 2 * Math.log(2)]);
});

test('reductions over empty dims: sum 0, prod 1, mean NaN, logsumexp -Infinity; max/min throw naming the op', () => {
  const e = zeros([3, 0], { dtype: 'float64' });
  assert.equal(e.sum(1).toArray(), [0, 0, 0]);
  assert.equal(e.prod(1).toArray(), [1, 1, 1]);
  assert.ok((e.mean(1).toArray() as number[]).every(Number.isNaN));
  const lse = e.logsumexp(1);
  assert.equal([lse.shape, lse.data.data.length, lse.toArray()], [[3], 3, [-Infinity, -Infinity, -Infinity]]);
  assert.equal(e.logsumexp(1, true).shape, [3, 1]);
  assert.is(zeros([0]).logsumexp().item(), -Infinity);
  assert.is(zeros([0]).sum().item(), 0);
  assert.is(zeros([0]).prod().item(), 1);
  assert.ok(Number.isNaN(zeros([0]).mean().item()));
  assert.equal(zeros([2, 0, 3]).logsumexp(1).toArray(), [[-Infinity, -Infinity, -Infinity], [-Infinity, -Infinity, -Infinity]]);
  // reducing the non-empty dim of an empty tensor gives an empty result, max included
  assert.equal(zeros([0, 3]).max(1).shape, [0]);
  assert.equal(zeros([0, 3]).logsumexp(1).shape, [0]);
  assert.equal(e.softmax(1).shape, [3, 0]);
  assert.equal(e.logSoftmax(0).shape, [3, 0]);
  assert.throws(() => zeros([0]).min(), /^min: cannot reduce dim 0 of size 0/);
  assert.throws(() => e.max(1), /^max: cannot reduce dim 1 of size 0/);
  // gradients through empty reductions have the input's (empty) shape
  const x = zeros([3, 0], { dtype: 'float64', requiresGrad: true });
  x.logsumexp(1).sum().add(x.sum(1).sum()).add(x.prod(1).sum()).backward();
  assert.equal(x.grad!.shape, [3, 0]);
});

test('int32: no silent wrap-around, sums checked, numbers int32 cannot hold promote to float32', () => {
  assert.throws(() => tensor([3e9], { dtype: 'int32' }), /tensor: 3000000000 at flat index 0 cannot be stored as int32/);
  assert.equal(tensor([2147483647, -2147483648, 2.9, -2.9], { dtype: 'int32' }).toArray(), [2147483647, -2147483648, 2, -2]);
  assert.throws(() => tensor([2147483647, 1], { dtype: 'int32' }).sum(), /sum: the int32 result 2147483648 leaves the int32 range/);
  assert.throws(() => tensor([[2147483647], [1]], { dtype: 'int32' }).sum(0), /sum: the int32 result 2147483648/);
  assert.is(tensor([2147483647, 1, -5], { dtype: 'int32' }).sum().item(), 2147483643);
  assert.equal(tensor([[1, 2], [3, 4]], { dtype: 'int32' }).T.sum(1).toArray(), [4, 6]);
  assert.is(tensor([2147483647, 1], { dtype: 'int32' }).to('float64').sum().item(), 2147483648);
  assert.equal(tensor([2147483647, 2147483645], { dtype: 'int32' }).mean().item(), Math.fround(2147483646));
  assert.throws(() => tensor([NaN, 1]).to('int32'), /to: NaN cannot be stored as int32/);
  assert.throws(() => tensor([1e10], { dtype: 'float64' }).to('int32'), /to: 10000000000 cannot be stored as int32/);
  const i = tensor([1], { dtype: 'int32' });
  assert.equal([i.add(3e9).dtype, i.add(3e9).item()], ['float32', Math.fround(3e9 + 1)]);
  assert.equal([i.mul(NaN).dtype, i.lt(Infinity).item()], ['float32', 1]);
});

test('found by the fuzz suite: int32 max/min and float32 prod over leading dims, dim -1 of a 0-d tensor, matmul of an empty transposed operand, softmax of a row with +Infinity', () => {
  // the leading-dim reduction started from ±Infinity, which an Int32Array stores as 0
  const y = tensor([[0, 0, -1], [-5, -7, -1]], { dtype: 'int32' });
  assert.equal([y.max(0).toArray(), y.min(0).toArray()], [[0, 0, -1], [-5, -7, -1]]);
  assert.equal(tensor([[5], [6]], { dtype: 'int32' }).min(0).toArray(), [5]);
  // PyTorch accepts dims 0 and -1 on a 0-d tensor
  assert.equal([tensor(2).prod(-1).item(), tensor(2).softmax(-1).item(), tensor(2).logSoftmax(0).item(), tensor(2).logsumexp(0).item()], [2, 1, 0, 2]);
  assert.throws(() => tensor(2).sum(1), /sum: dim 1 is out of range for a tensor of rank 0/);
  // prod over a leading dim kept float32 partial products: 5e-31·(−1)·8e-32 underflowed to −0, and
  // −0·∞ gave NaN where the trailing-dim layout (and PyTorch) give −Infinity
  const p = tensor([[5.26e-31], [-1], [7.84e-32], [Infinity]]);
  assert.equal([p.prod(0).item(), p.T.prod(1).item()], [-Infinity, -Infinity]);
  // a transposed empty operand after a larger transposed one: the reused row scratch was longer
  // than the operand and the copy kernel looped over the scratch (forever, for an inner dim of 0)
  randn([64, 32]).T.matmul(randn([64, 8]));
  assert.equal(randn([3, 0]).T.contiguous().T.matmul(randn([0, 2])).toArray(), [[0, 0], [0, 0], [0, 0]]);
  // a stack of matrices times one matrix with k = 0 (the batch is folded into the rows)
  assert.equal(zeros([2, 3, 0]).matmul(zeros([0, 2])).toArray(), [[[0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0], [0, 0]]]);
  // a row holding +Infinity: softmax/logSoftmax are NaN throughout (PyTorch), not a mix of 0 and NaN;
  // logsumexp stays +Infinity
  const inf = tensor([1000, 0, Infinity, 0], { dtype: 'float64' });
  assert.ok([...inf.softmax().toArray(), ...inf.logSoftmax().toArray()].every(Number.isNaN));
  assert.is(inf.logsumexp().item(), Infinity);
  assert.equal(tensor([-Infinity, 0]).softmax().toArray(), [0, 1]);
});

test('NaN in, NaN out (the documented differences from PyTorch keep NaN too)', () => {
  const n = tensor([NaN]);
  for (const f of [(x: Tensor) => x.sign(), (x: Tensor) => x.relu(), (x: Tensor) => x.clamp(0, 1), (x: Tensor) => x.max(),
    (x: Tensor) => x.logsumexp(), (x: Tensor) => x.softmax(), (x: Tensor) => x.maximum(0), (x: Tensor) => x.prod()]) {
    assert.ok(Number.isNaN(f(n).item()), String(f));
  }
  assert.ok((tensor([1, -1]).pow(tensor([NaN, Infinity])).toArray() as number[]).every(Number.isNaN));
  assert.equal(n.lt(1).item(), 0);
});

test('to("int32") of a tracked tensor is a constant, not an error', () => {
  const x = tensor([1.5, -2.5], { requiresGrad: true });
  const labels = x.mul(2).to('int32');
  assert.equal([labels.dtype, labels.requiresGrad, labels.node, labels.toArray()], ['int32', false, null, [3, -5]]);
  // the float path still differentiates
  x.mul(2).to('float64').sum().backward();
  assert.equal(x.grad!.toArray(), [2, 2]);
});

test('clamp of an int32 tensor with a bound int32 cannot hold gives float32', () => {
  const i = tensor([0, 1, 2], { dtype: 'int32' });
  assert.equal([i.clamp(0.5).dtype, i.clamp(0.5).toArray()], ['float32', [0.5, 1, 2]]);
  assert.equal([i.clamp(null, 1.5).dtype, i.clamp(null, 1.5).toArray()], ['float32', [0, 1, 1.5]]);
  assert.equal([i.clamp(1, 1).dtype, i.clamp(1).toArray()], ['int32', [1, 1, 2]]);
  assert.is(i.clamp(3e9).dtype, 'float32');
});

test('tensor(t) copies and detaches; the shape option is honoured', () => {
  const p = tensor([1, 2], { requiresGrad: true });
  const copy = tensor(p);
  p.grad = tensor([1, 1]);
  new SGD([p], { lr: 1 }).step();
  assert.equal([copy.toArray(), copy.requiresGrad, p.toArray()], [[1, 2], false, [0, 1]]);
  assert.is(tensor(p, { dtype: 'float64' }).dtype, 'float64');
  assert.is(tensor(p, { requiresGrad: true }).requiresGrad, true);
  assert.equal(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray(), [[1, 2], [3, 4]]);
  assert.equal(tensor([[1, 2], [3, 4]], { shape: [4] }).toArray(), [1, 2, 3, 4]);
  assert.equal(tensor(p, { shape: [2, 1] }).shape, [2, 1]);
});

test('sum over dims: [] reduces every dim (PyTorch 1.13), a repeated dim throws; squeeze([]) keeps the shape', () => {
  const x = ones([2, 3]);
  assert.equal([x.sum([]).shape, x.sum([]).item()], [[], 6]);
  assert.equal(x.mean([], true).shape, [1, 1]);
  assert.throws(() => x.sum([0, 0]), /sum: dim 0 appears more than once in \[0,0\]/);
  assert.equal(ones([1, 2]).squeeze([]).shape, [1, 2]);
});

test('expand accepts -1 (keep that dim), as PyTorch', () => {
  const t = tensor([[1], [2]]);
  assert.equal(t.expand(-1, 3).toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.equal(t.expand(4, -1, -1).shape, [4, 2, 1]);
  assert.equal(tensor([1, 2]).expand([-1]).toArray(), [1, 2]);
});

test('optimizers and schedules validate their options at construction, naming the class and the option', () => {
  const p = () => tensor([1], { requiresGrad: true });
  const q = p();
  const cases: [() => unknown, RegExp][] = [
    [() => new SGD([p()], { lr: 0.1, weightDecay: NaN }), /^SGD: option weightDecay must be a finite number ≥ 0, got NaN/],
    [() => new SGD([p()], { lr: 0.1, momentum: 0.9, dampening: NaN }), /^SGD: option dampening must be a finite number, got NaN/],
    [() => new SGD([p()], { lr: 0.1, momentum: NaN }), /^SGD: option momentum must be a finite number ≥ 0, got NaN/],
    [() => new SGD([p()], { lr: Infinity }), /^SGD: lr must be a non-negative number, got Infinity/],
    [() => new SGD([p()], { lr: 0.1, nesterov: 1 as never }), /^SGD: option nesterov must be true or false, got 1/],
    [() => new SGD([p()], { lr: 0.1, weight_decay: 0.1 } as never), /^SGD: unknown option 'weight_decay' \(SGD takes lr, momentum, dampening, nesterov, weightDecay; did you mean 'weightDecay'\?\)/],
    [() => new SGD([q, p(), q], { lr: 0.1 }), /^SGD: parameter 2 is the same tensor as parameter 0/],
    [() => new SGD(p() as never, { lr: 0.1 }), /^SGD: params must be an iterable of tensors/],
    [() => new SGD([3 as never], { lr: 0.1 }), /^SGD: parameter 0 must be a leaf tensor/],
    [() => new Adam([p()], { weightDecay: NaN }), /^Adam: option weightDecay must be a finite number ≥ 0, got NaN/],
    [() => new Adam([p()], { eps: NaN }), /^Adam: option eps must be a finite number ≥ 0, got NaN/],
    [() => new Adam([p()], { betas: [0.9, NaN] }), /^Adam: option betas must be a pair of numbers in \[0, 1\), got \[0\.9, NaN\]/],
    [() => new Adam([p()], { betas: [0.9] as never }), /^Adam: option betas must be a pair of numbers in \[0, 1\), got \[0\.9\]/],
    [() => new Adam([q, q]), /^Adam: parameter 1 is the same tensor as parameter 0/],
    [() => new AdamW([p()], { weightDecay: -1 }), /^AdamW: option weightDecay must be a finite number ≥ 0, got -1/],
    [() => new AdamW([p()], { amsGrad: true } as never), /^AdamW: unknown option 'amsGrad'/],
    [() => new StepLR(new SGD([p()], { lr: 1 }), { stepSize: 1, gamma: -1 }), /^StepLR: option gamma must be a finite number ≥ 0, got -1/],
    [() => new StepLR(new SGD([p()], { lr: 1 }), { stepSize: 1, gamma: NaN }), /^StepLR: option gamma must be a finite number ≥ 0, got NaN/],
    [() => new StepLR(new SGD([p()], { lr: 1 }), { step_size: 2 } as never), /^StepLR: unknown option 'step_size'/],
    [() => new StepLR({} as never, { stepSize: 1 }), /^StepLR: expected an optimizer/],
    [() => new StepLR(new SGD([p()], { lr: 1 }), {} as never), /^StepLR: stepSize must be a positive integer, got undefined/],
    [() => new SGD([p()], 0.1 as never), /^SGD: options must be an object, got 0\.1/],
    [() => new CosineAnnealingLR(new SGD([p()], { lr: 1 }), { tMax: 10, etaMin: NaN }), /^CosineAnnealingLR: option etaMin must be a finite number ≥ 0, got NaN/],
  ];
  cases.forEach(([make, error], i) => assert.throws(make, error, `case ${i}`));
  // a valid StepLR with gamma 0 and a valid AdamW still construct
  assert.ok(new StepLR(new SGD([p()], { lr: 1 }), { stepSize: 1, gamma: 0 }));
  assert.is(new AdamW([p()]).weightDecay, 0.01);
});

test('nn.Linear names itself, inFeatures and the input shape; Sequential/MLP add the layer index', () => {
  assert.throws(() => new nn.Linear(5, 2).forward(randn([4, 3])),
    /^Linear\(inFeatures=5, outFeatures=2\): expected an input whose last dim is 5, got input of shape \[4,3\]/);
  assert.throws(() => new nn.Linear(5, 2).forward(zeros([])), /got input of shape \[\]/);
  const mlp = new nn.MLP([3, 4, 2]);
  assert.equal(mlp.forward(randn([6, 3])).shape, [6, 2]);
  let err: unknown;
  try {
    new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(5, 2)).forward(randn([6, 3]));
  } catch (e) {
    err = e;
  }
  assert.instance(err, RangeError);
  assert.match((err as Error).message, /^Sequential layers\.2 \(Linear\): Linear\(inFeatures=5, outFeatures=2\): expected an input whose last dim is 5, got input of shape \[6,4\]/);
  assert.instance((err as Error).cause, RangeError);
  assert.throws(() => mlp.forward(randn([6, 5])), /^MLP layers\.0 \(Linear\): Linear\(inFeatures=3/);
});

test.run();
