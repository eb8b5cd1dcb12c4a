import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ndarray from 'ndarray';
import { inspect } from 'node:util';
import {
  arange, concat, eye, full, linspace, manualSeed, ones, onesLike, oneHot, rand, randint, randn, stack, tensor, where, zeros, zerosLike, machineEps,
} from '../src/index.js';

test('tensor() from numbers, nested arrays, typed arrays and ndarrays', () => {
  const s = tensor(3.5);
  assert.equal([s.shape, s.ndim, s.size, s.dtype, s.item(), s.toArray()], [[], 0, 1, 'float32', 3.5, 3.5]);
  const m = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  assert.equal(m.shape, [2, 3]);
  assert.equal(m.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const t = tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
  assert.is(t.dtype, 'float64');
  assert.is(tensor(new Int32Array([1, 2])).dtype, 'int32');
  assert.is(tensor(new Float64Array([1.5]), { dtype: 'float32' }).dtype, 'float32');
  const nd = ndarray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]).transpose(1, 0);
  assert.equal(tensor(nd).toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(tensor(nd, { dtype: 'float64' }).toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(tensor(m).toArray(), m.toArray());
});

test('bad input to tensor() is a clear error', () => {
  assert.throws(() => tensor([[1, 2], [3]]), /ragged nested array: element \[1\] has length 1, expected length 2/);
  assert.throws(() => tensor([[1, 2], 3] as never), /element \[1\] is number, expected length 2/);
  assert.throws(() => tensor([1, [2]] as never), /element \[1\] is an array, expected a number/);
  assert.throws(() => tensor(new Float32Array(3), { shape: [2, 2] }), /shape \[2,2\] needs 4 elements, the typed array has 3/);
  assert.throws(() => tensor([1], { dtype: 'int32', requiresGrad: true }), /int32 tensors cannot require gradients/);
  assert.throws(() => tensor([1, 2]).item(), /item: tensor of shape \[2\] has 2 elements, not 1/);
});

test('creation helpers', () => {
  assert.equal(zeros([2]).toArray(), [0, 0]);
  assert.equal(ones([2], { dtype: 'int32' }).toArray(), [1, 1]);
  assert.equal(full([2], 7).toArray(), [7, 7]);
  assert.equal(zerosLike(tensor([[1, 2]])).shape, [1, 2]);
  assert.equal(onesLike(tensor([1], { dtype: 'float64' })).dtype, 'float64');
  assert.equal(arange(4).toArray(), [0, 1, 2, 3]);
  assert.equal(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.throws(() => arange(0, 1, 0), /step must not be 0/);
  assert.equal(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(linspace(2, 3, 1).toArray(), [2]);
  assert.equal(eye(2).toArray(), [[1, 0], [0, 1]]);
  assert.equal(oneHot(tensor([2, 0], { dtype: 'int32' }), 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
  assert.throws(() => oneHot(tensor([3], { dtype: 'int32' }), 3), /index 3 at position 0 is out of range for 3 classes/);
  assert.throws(() => oneHot(tensor([1]), 3), /indices must be int32/);
  assert.is(machineEps('float32'), 2 ** -23);
  assert.is(machineEps('float64'), 2 ** -52);
});

test('manualSeed makes every random call reproducible', () => {
  const draw = () => [rand([3]).toArray(), randn([3]).toArray(), randint(0, 10, [4]).toArray()];
  manualSeed(42);
  const first = draw();
  manualSeed(42);
  assert.equal(draw(), first);
  manualSeed(42);
  const big = randn([20000], { dtype: 'float64' });
  const mean = big.mean().item(), std = big.square().mean().sqrt().item();
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(std - 1) < 0.03, `${mean} ${std}`);
  const r = randint(2, 5, [1000]).toArray() as number[];
  assert.ok(Math.min(...r) === 2 && Math.max(...r) === 4);
});

test('views share storage: reshape, expand (stride 0), permute, slice', () => {
  const x = arange(12).reshape(3, 4);
  const storage = x.data.data;
  assert.is(x.reshape([4, 3]).data.data, storage);
  assert.is(x.T.data.data, storage);
  assert.is(x.slice(1, 1, 3).data.data, storage);
  const e = tensor([[1], [2]]).expand(2, 3);
  assert.equal(e.data.stride, [1, 0]);
  assert.equal(e.toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.equal(x.T.contiguous().toArray(), [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
  assert.is(x.contiguous(), x);
  assert.equal(x.permute([1, 0]).shape, [4, 3]);
  assert.equal(x.slice(-1, -2).toArray(), [[2, 3], [6, 7], [10, 11]]);
  assert.equal(x.select(1, -1).toArray(), [3, 7, 11]);
  assert.equal(x.index(2).toArray(), [8, 9, 10, 11]);
  assert.equal(x.reshape(-1, 6).shape, [2, 6]);
  assert.equal(x.unsqueeze(0).squeeze().shape, [3, 4]);
  assert.equal(x.unsqueeze(-1).shape, [3, 4, 1]);
  assert.equal(x.flatten().shape, [12]);
  assert.equal(x.view(6, 2).shape, [6, 2]);
  assert.equal(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(), [[1, 3], [2, 4]]);
  // a reshape of a transposed view copies and keeps the logical order
  assert.equal(x.T.reshape(12).toArray().slice(0, 4), [0, 4, 8, 1]);
});

test('shape errors name the op, the dims and the shapes', () => {
  const x = zeros([3, 4]);
  assert.throws(() => x.add(zeros([5])), /add: cannot broadcast \[3,4\] with \[5\]/);
  assert.throws(() => x.sum(2), /sum: dim 2 is out of range for a tensor of rank 2/);
  assert.throws(() => x.softmax(-3), /softmax: dim -3 is out of range for a tensor of rank 2/);
  assert.throws(() => x.reshape(5, 3), /reshape: cannot view \[3,4\] \(12 elements\) as \[5,3\]/);
  assert.throws(() => x.expand(3, 5), /expand: cannot expand \[3,4\] to \[3,5\]/);
  assert.throws(() => x.matmul(zeros([3, 4])), /matmul: inner dims differ: \[3,4\] @ \[3,4\]/);
  assert.throws(() => zeros([2, 3, 4]).matmul(zeros([3, 4, 2])), /matmul: cannot broadcast batch dims of \[2,3,4\] and \[3,4,2\]/);
  assert.throws(() => zeros([]).matmul(x), /matmul: both arguments need at least 1 dim/);
  assert.throws(() => x.permute(0, 0), /permute: \[0,0\] is not a permutation/);
  assert.throws(() => x.select(0, 3), /select: index 3 is out of range for dim 0 of size 3/);
  assert.throws(() => concat([x, zeros([2, 3])], 0), /concat: shapes \[3,4\], \[2,3\] differ outside dim 0/);
  assert.throws(() => concat([]), /needs at least one tensor/);
  assert.throws(() => stack([]), /needs at least one tensor/);
  assert.throws(() => x.gather(1, tensor([[4]], { dtype: 'int32' })), /gather: index 4 is out of range for dim 1 of size 4/);
  assert.throws(() => x.gather(1, tensor([[1]])), /gather: index must be an int32 tensor, got float32/);
  assert.throws(() => x.gather(1, tensor([1], { dtype: 'int32' })), /gather: index shape \[1\] does not fit \[3,4\]/);
  assert.throws(() => x.clamp(2, 1), /clamp: min 2 is greater than max 1/);
  assert.throws(() => zeros([0, 2]).max(0), /max: cannot reduce dim 0 of size 0 \(shape \[0,2\]\)/);
  assert.throws(() => x.add('a' as never), /add: expected a Tensor or a number, got string/);
  assert.throws(() => x.pad(0, -1, 0), /pad: before \(-1\) and after \(0\) must be integers ≥ 0/);
});

test('dtype promotion: float64 > float32 > int32; numbers never promote a float tensor', () => {
  const f32 = tensor([1.5]), f64 = tensor([1], { dtype: 'float64' }), i32 = tensor([3], { dtype: 'int32' });
  assert.is(f32.add(f64).dtype, 'float64');
  assert.is(i32.add(f32).dtype, 'float32');
  assert.is(i32.add(2).dtype, 'int32');
  assert.is(i32.add(0.5).dtype, 'float32');
  assert.is(i32.div(2).dtype, 'float32');
  assert.is(i32.exp().dtype, 'float32');
  assert.is(f32.mul(2.5).dtype, 'float32');
  assert.is(f64.to('int32').dtype, 'int32');
  assert.equal(tensor([2.7, -2.7]).to('int32').toArray(), [2, -2]);
  assert.is(where(tensor([1], { dtype: 'float64' }), f32, f32).dtype, 'float32');
  // a float32 leaf mixed with float64 gets a float32 gradient
  const x = tensor([2], { requiresGrad: true });
  x.mul(f64).sum().backward();
  assert.is(x.grad!.dtype, 'float32');
  assert.equal(x.grad!.toArray(), [1]);
});

test('elementwise semantics: NaN propagation, ties and kinks', () => {
  assert.ok(Number.isNaN(tensor([NaN]).maximum(1).item()));
  assert.ok(Number.isNaN(tensor([1]).minimum(NaN).item()));
  assert.ok(Number.isNaN(tensor([1, NaN]).max().item()));
  assert.equal(tensor([-2, 0, 3]).sign().toArray(), [-1, 0, 1]);
  assert.equal(tensor([-1, 0, 2]).relu().toArray(), [0, 0, 2]);
  assert.ok(Number.isNaN(tensor([NaN]).relu().item()));
  assert.equal(tensor([0, 0]).xlogy(tensor([0, 2])).toArray(), [0, 0]);
  assert.ok(Number.isNaN(tensor([0]).xlogy(NaN).item()));
  // ties split the gradient evenly
  const a = tensor([1, 2, 2], { requiresGrad: true });
  a.max().backward();
  assert.equal(a.grad!.toArray(), [0, 0.5, 0.5]);
  const b = tensor([3], { requiresGrad: true }), c = tensor([3], { requiresGrad: true });
  b.maximum(c).sum().backward();
  assert.equal([b.grad!.item(), c.grad!.item()], [0.5, 0.5]);
  // relu'(0) = 0, abs'(0) = 0, leakyRelu'(0) = slope, clamp passes the gradient at its bounds
  const z = tensor([0, 0, 0, 1, -1, 2], { requiresGrad: true });
  z.relu().add(z.abs()).sum().backward();
  assert.equal((z.grad!.toArray() as number[]).slice(0, 3), [0, 0, 0]);
  const k = tensor([0], { requiresGrad: true });
  k.leakyRelu(0.2).sum().backward();
  assert.ok(Math.abs(k.grad!.item() - 0.2) < 1e-7);
  const q = tensor([-1, 0, 0.5, 1, 2], { requiresGrad: true });
  q.clamp(0, 1).sum().backward();
  assert.equal(q.grad!.toArray(), [0, 1, 1, 1, 0]);
  // xlogy's gradient is finite at 0·log 0
  const x = tensor([0], { requiresGrad: true }), y = tensor([0], { requiresGrad: true });
  x.xlogy(y).sum().backward();
  assert.equal([x.grad!.item(), y.grad!.item()], [0, 0]);
});

test('stable forms: softplus/logSigmoid/sigmoid at ±1e4, logsumexp and logSoftmax with -Infinity', () => {
  const big = tensor([-1e4, -1e3, 0, 1e3, 1e4]);
  assert.equal(big.softplus().toArray(), [0, 0, Math.fround(Math.LN2), 1000, 10000]);
  assert.equal(big.logSigmoid().toArray(), [-10000, -1000, Math.fround(-Math.LN2), -0, -0]);
  assert.equal(big.sigmoid().toArray(), [0, 0, 0.5, 1, 1]);
  assert.equal(tensor([-Infinity, -Infinity]).logsumexp().item(), -Infinity);
  assert.equal(tensor([Infinity, 1]).logsumexp().item(), Infinity);
  assert.equal(tensor([1e4, 1e4]).logsumexp().item(), Math.fround(1e4 + Math.LN2));
  const row = tensor([[-Infinity, 0, 1e4]], { requiresGrad: true });
  const ls = row.logSoftmax(1);
  assert.equal(ls.toArray(), [[-Infinity, -1e4, 0]]);
  ls.select(1, 2).sum().backward();
  assert.ok((row.grad!.toArray() as number[][])[0].every(Number.isFinite));
  const allInf = tensor([[-Infinity, -Infinity]], { requiresGrad: true });
  allInf.logsumexp(1).sum().backward();
  assert.equal(allInf.grad!.toArray(), [[0, 0]]);
});

test('printing looks like PyTorch: values, shape, dtype, requiresGrad, gradFn', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  assert.is(String(x), 'tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2,2], dtype=float32, requiresGrad=true)');
  assert.match(inspect(x.mul(2)), /gradFn=mul\)$/);
  assert.is(String(tensor([1, 2], { dtype: 'int32' })), 'tensor([1, 2], shape=[2], dtype=int32)');
  assert.match(String(tensor([1e-6, 1, NaN, -Infinity])), /1\.0000e-6, 1\.0000e\+0,\s+nan,\s+-inf/);
  assert.match(String(arange(2000)), /\[   0\.0000,    1\.0000,    2\.0000, \.\.\., 1997\.0000/);
  assert.match(String(zeros([3, 2, 2])), /\]\],\n\n        \[\[/);
});

test('erf matches reference values on both sides of its series/continued-fraction switch', () => {
  // math.erf from CPython's libm
  const ref: [number, number][] = [[0.1, 0.1124629160182849], [1, 0.8427007929497149], [2.49, 0.9995707121322661],
    [2.5, 0.999593047982555], [3, 0.9999779095030014], [4, 0.9999999845827421], [-1.3, -0.9340079449406524], [7, 1], [-9, -1]];
  const got = tensor(ref.map(([x]) => x), { dtype: 'float64' }).erf().toArray() as number[];
  ref.forEach(([x, v], i) => assert.ok(Math.abs(got[i] - v) < 1e-15, `erf(${x}) = ${got[i]}`));
  assert.ok(Number.isNaN(tensor([NaN]).erf().item()));
});

test.run();
