/**
 * Bad input to every public creation function and op: each row is a call that must throw an error
 * naming the function and what is wrong. The table is keyed by function name and a test checks
 * that every function the entry exports from src/tensor/create.ts and src/ops/ (ops/index.ts: the
 * primitives and compositions, einsum, composite, conv) has rows, so a new public function cannot land without them. (Loss rows live
 * in test/losses.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tg from '../src/index.js';
import * as create from '../src/tensor/create.js';
import * as ops from '../src/ops/index.js';
import * as einsum from '../src/ops/einsum.js';
import * as composite from '../src/ops/composite.js';
import * as conv from '../src/ops/conv.js';

const { tensor, zeros } = tg;
const x = zeros([3, 4]);
const idx = tensor([[0]], { dtype: 'int32' });
const notTensor = 'abc' as never;

type Row = [call: () => unknown, error: RegExp];

const rows: Record<string, Row[]> = {
  tensor: [
    [() => tensor('abc' as never), /^tensor: expected a number, nested arrays of numbers, .* got string 'abc'/],
    [() => tensor([1, '2'] as never), /^tensor: element \[1\] is string '2', expected a number/],
    [() => tensor([1, null] as never), /^tensor: element \[1\] is null, expected a number/],
    [() => tensor([[1], [true]] as never), /^tensor: element \[1\]\[0\] is boolean true, expected a number/],
    [() => tensor([1], { dtype: 'float16' as never }), /^tensor: dtype must be one of float32, float64, int32, got string 'float16'/],
    [() => tensor([1, 2, 3, 4], { shape: [3] }), /^tensor: shape \[3\] needs 3 elements, the data has 4/],
    [() => tensor([1], { shape: [0.5] }), /^tensor: shape \[0\.5\] must hold integers ≥ 0; dim 0 is 0\.5/],
    [() => tensor([3e9], { dtype: 'int32' }), /^tensor: 3000000000 at flat index 0 cannot be stored as int32/],
    [() => tensor([1, NaN], { dtype: 'int32' }), /^tensor: NaN at flat index 1 cannot be stored as int32/],
    [() => tensor([-Infinity], { dtype: 'int32' }), /^tensor: -Infinity at flat index 0 cannot be stored as int32/],
    [() => tensor(new Float64Array([1, 2 ** 31]), { dtype: 'int32' }), /^tensor: 2147483648 at index 1 cannot be stored as int32/],
    [() => tensor(tensor([NaN]), { dtype: 'int32' }), /^tensor: NaN cannot be stored as int32/],
  ],
  full: [
    [() => tg.full([2], 3e9, { dtype: 'int32' }), /^full: 3000000000 cannot be stored as int32/],
    [() => tg.full([2], NaN, { dtype: 'int32' }), /^full: NaN cannot be stored as int32/],
    [() => tg.full([2], '1' as never), /^full: value must be a number, got string '1'/],
    [() => tg.full([-1], 0), /^full: shape \[-1\] must hold integers ≥ 0; dim 0 is -1/],
  ],
  zeros: [
    [() => zeros([2.5]), /^zeros: shape \[2\.5\] must hold integers ≥ 0; dim 0 is 2\.5/],
    [() => zeros([NaN]), /^zeros: shape \[NaN\] must hold integers ≥ 0; dim 0 is NaN/],
    [() => zeros([-1]), /^zeros: shape \[-1\] must hold integers ≥ 0; dim 0 is -1/],
    [() => zeros([1e5, 1e5]), /^zeros: shape \[100000,100000\] has 10000000000 elements, more than a tensor can hold/],
    [() => zeros(3 as never), /^zeros: shape must be an array of integers ≥ 0, got 3/],
    [() => zeros([2], { dtype: 'float16' as never }), /^zeros: dtype must be one of/],
  ],
  ones: [[() => tg.ones(['2'] as never), /^ones: shape \[2\] must hold integers ≥ 0; dim 0 is string '2'/]],
  zerosLike: [[() => tg.zerosLike([1, 2] as never), /^zerosLike: input must be a Tensor, got an array of length 2/]],
  onesLike: [[() => tg.onesLike(x, { dtype: 'bool' as never }), /^onesLike: dtype must be one of/]],
  arange: [
    [() => tg.arange(NaN), /^arange: end must be a finite number, got NaN/],
    [() => tg.arange(0, Infinity), /^arange: end must be a finite number, got Infinity/],
    [() => tg.arange(0, 1, 0), /^arange: step must not be 0/],
    [() => tg.arange(0, 3e9, 1, { dtype: 'int32' }), /^arange: shape \[3000000000\] has 3000000000 elements/],
    [() => tg.arange(2 ** 31 - 1, 2 ** 31 + 1, 1, { dtype: 'int32' }), /^arange: 2147483648 cannot be stored as int32/],
  ],
  linspace: [
    [() => tg.linspace(0, 1, -1), /^linspace: n must be an integer ≥ 0, got -1/],
    [() => tg.linspace(0, 1, 2.5), /^linspace: n must be an integer ≥ 0, got 2\.5/],
    [() => tg.linspace(NaN, 1, 3), /^linspace: start must be a finite number, got NaN/],
  ],
  eye: [
    [() => tg.eye(2.5), /^eye: n must be an integer ≥ 0, got 2\.5/],
    [() => tg.eye(-1), /^eye: n must be an integer ≥ 0, got -1/],
  ],
  rand: [[() => tg.rand([2, -3]), /^rand: shape \[2,-3\] must hold integers ≥ 0; dim 1 is -3/]],
  randn: [[() => tg.randn([2], { dtype: 'int8' as never }), /^randn: dtype must be one of/]],
  randint: [
    [() => tg.randint(5, 2, [3]), /^randint: low \(5\) must be less than high \(2\)/],
    [() => tg.randint(2, 2, [3]), /^randint: low \(2\) must be less than high \(2\)/],
    [() => tg.randint(0.5, 2, [3]), /^randint: low must be an integer, got 0\.5/],
    [() => tg.randint(0, 2 ** 32, [3]), /^randint: 4294967295 cannot be stored as int32/],
  ],
  oneHot: [
    [() => tg.oneHot(tensor([0], { dtype: 'int32' }), 2.5), /^oneHot: numClasses must be an integer ≥ 0, got 2\.5/],
    [() => tg.oneHot(tensor([0]), 2), /^oneHot: indices must be int32, got float32/],
    [() => tg.oneHot(tensor([2], { dtype: 'int32' }), 2), /^oneHot: index 2 at position 0 is out of range for 2 classes/],
  ],
  add: [
    [() => x.add(zeros([5])), /^add: cannot broadcast \[3,4\] with \[5\]/],
    [() => x.add('a' as never), /^add: expected a Tensor or a number, got string 'a'/],
  ],
  sub: [[() => tg.sub(x, undefined as never), /^sub: expected a Tensor or a number, got undefined/]],
  mul: [[() => tg.mul(x, zeros([2, 4])), /^mul: cannot broadcast \[3,4\] with \[2,4\]/]],
  div: [[() => tg.div(x, [1] as never), /^div: expected a Tensor or a number, got an array of length 1/]],
  pow: [[() => tg.pow(x, zeros([3])), /^pow: cannot broadcast \[3,4\] with \[3\]/]],
  maximum: [[() => tg.maximum(x, zeros([4, 4])), /^maximum: cannot broadcast/]],
  minimum: [[() => tg.minimum(x, null as never), /^minimum: expected a Tensor or a number, got null/]],
  xlogy: [[() => tg.xlogy(x, zeros([2])), /^xlogy: cannot broadcast/]],
  where: [[() => tg.where(zeros([2]), x, x), /^where: cannot broadcast \[2\] with \[3,4\]/]],
  lt: [[() => tg.lt(x, zeros([2])), /^lt: cannot broadcast/]],
  le: [[() => tg.le(x, zeros([2])), /^le: cannot broadcast/]],
  gt: [[() => tg.gt(x, zeros([2])), /^gt: cannot broadcast/]],
  ge: [[() => tg.ge(x, zeros([2])), /^ge: cannot broadcast/]],
  eq: [[() => tg.eq(x, zeros([2])), /^eq: cannot broadcast/]],
  leakyRelu: [[() => x.leakyRelu('0.1' as never), /^leakyRelu: slope must be a finite number, got string '0\.1'/]],
  elu: [[() => x.elu(NaN), /^elu: alpha must be a finite number, got NaN/]],
  hardtanh: [
    [() => x.hardtanh(2, 1), /^hardtanh: min 2 is greater than max 1/],
    [() => x.hardtanh(NaN), /^hardtanh: bounds must be numbers \(or null\), got min NaN/],
    [() => tg.hardtanh(notTensor), /^hardtanh: input must be a Tensor, got string 'abc'/],
  ],
  clamp: [
    [() => x.clamp(2, 1), /^clamp: min 2 is greater than max 1/],
    [() => x.clamp(NaN), /^clamp: bounds must be numbers \(or null\), got min NaN/],
    [() => x.clamp('0' as never), /^clamp: bounds must be numbers/],
  ],
  sum: [
    [() => x.sum([0, 0]), /^sum: dim 0 appears more than once in \[0,0\]/],
    [() => x.sum([1, -1]), /^sum: dim 1 appears more than once in \[1,-1\]/],
    [() => x.sum(2), /^sum: dim 2 is out of range for a tensor of rank 2/],
    [() => x.sum('0' as never), /^sum: dim must be a number or an array of numbers, got string/],
    [() => tensor([2147483647, 1], { dtype: 'int32' }).sum(), /^sum: the int32 result 2147483648 leaves the int32 range/],
  ],
  mean: [[() => x.mean([0, 0]), /^mean: dim 0 appears more than once/]],
  max: [
    [() => zeros([0]).max(), /^max: cannot reduce dim 0 of size 0 \(shape \[0\]\)/],
    [() => zeros([2, 0]).max(1), /^max: cannot reduce dim 1 of size 0 \(shape \[2,0\]\)/],
  ],
  min: [[() => zeros([0]).min(), /^min: cannot reduce dim 0 of size 0 \(shape \[0\]\): the minimum of no elements is undefined/]],
  prod: [
    [() => x.prod(0.5), /^prod: dim 0\.5 is out of range/],
    [() => tensor([65536, 65536], { dtype: 'int32' }).prod(), /^prod: the int32 result 4294967296 leaves the int32 range/],
  ],
  logsumexp: [[() => x.logsumexp([0, 0]), /^logsumexp: dim 0 appears more than once/]],
  softmax: [[() => x.softmax(-3), /^softmax: dim -3 is out of range for a tensor of rank 2/]],
  logSoftmax: [[() => x.logSoftmax(2), /^logSoftmax: dim 2 is out of range/]],
  matmul: [
    [() => x.matmul(3 as never), /^matmul: second argument must be a Tensor, got 3/],
    [() => x.matmul(zeros([3, 4])), /^matmul: inner dims differ: \[3,4\] @ \[3,4\]/],
    [() => zeros([]).matmul(x), /^matmul: both arguments need at least 1 dim/],
    [() => zeros([2, 3, 4]).matmul(zeros([3, 4, 2])), /^matmul: cannot broadcast batch dims of \[2,3,4\] and \[3,4,2\]/],
  ],
  reshape: [
    [() => x.reshape(5, 3), /^reshape: cannot view \[3,4\] \(12 elements\) as \[5,3\]/],
    [() => x.reshape(-1, -1), /^reshape: cannot view/],
    [() => x.reshape(2.4, 5), /^reshape: cannot view/],
    [() => tg.reshape(x, 12 as never), /^reshape: shape must be an array of integers, got 12/],
  ],
  expand: [
    [() => x.expand(3, 5), /^expand: cannot expand \[3,4\] to \[3,5\]/],
    [() => x.expand(-1, 3, 4), /^expand: -1 is not allowed for the new leading dim 0 of \[-1,3,4\]/],
    [() => tensor([1]).expand(2.5), /^expand: shape \[2\.5\] must hold integers ≥ 0/],
    [() => tensor([1]).expand(-2), /^expand: shape \[-2\] must hold integers ≥ 0/],
  ],
  permute: [
    [() => x.permute(0, 0), /^permute: \[0,0\] is not a permutation/],
    [() => tg.permute(x, 1 as never), /^permute: dims must be an array of integers, got 1/],
  ],
  transpose: [[() => x.transpose(0, 2), /^transpose: dim 2 is out of range/]],
  slice: [
    [() => x.slice(0, 0.5, 2), /^slice: start must be an integer, got 0\.5/],
    [() => x.slice(0, 0, NaN), /^slice: end must be an integer, got NaN/],
    [() => x.slice(2, 0), /^slice: dim 2 is out of range/],
  ],
  select: [[() => x.select(0, 3), /^select: index 3 is out of range for dim 0 of size 3/]],
  squeeze: [[() => x.squeeze(2), /^squeeze: dim 2 is out of range/]],
  unsqueeze: [[() => x.unsqueeze(3), /^unsqueeze: dim 3 is out of range for a tensor of rank 3/]],
  concat: [
    [() => tg.concat([x, zeros([2, 3])], 0), /^concat: shapes \[3,4\], \[2,3\] differ outside dim 0/],
    [() => tg.concat([]), /^concat: needs at least one tensor/],
    [() => tg.concat([x, 1 as never]), /^concat: tensors\[1\] must be a Tensor, got 1/],
  ],
  stack: [
    [() => tg.stack([]), /^stack: needs at least one tensor/],
    [() => tg.stack(x as never), /^stack: expected an array of Tensors/],
  ],
  gather: [
    [() => x.gather(1, tensor([[4]], { dtype: 'int32' })), /^gather: index 4 is out of range for dim 1 of size 4/],
    [() => x.gather(1, tensor([[1]])), /^gather: index must be an int32 tensor, got float32/],
    [() => x.gather(1, [[1]] as never), /^gather: index must be a Tensor, got an array of length 1/],
  ],
  scatterAdd: [
    [() => tg.scatterAdd(zeros([1, 1]), 1, idx, [3, 0.5]), /^scatterAdd: shape \[3,0\.5\] must hold integers ≥ 0/],
    [() => tg.scatterAdd(zeros([1, 1]), 1, tensor([[7]], { dtype: 'int32' }), [3, 4]), /^scatterAdd: index 7 is out of range/],
  ],
  pad: [[() => x.pad(0, -1, 0), /^pad: before \(-1\) and after \(0\) must be integers ≥ 0/]],
  softmaxCrossEntropy: [
    [() => tg.softmaxCrossEntropy(x, [0, 1, 2] as never), /^softmaxCrossEntropy: target must be a Tensor, got an array of length 3/],
    [() => tg.softmaxCrossEntropy(x, tensor([0, 1, 2], { dtype: 'int32' }), { reduction: 'avg' as never }), /^softmaxCrossEntropy: option reduction must be one of 'mean', 'sum', 'none', got 'avg'/],
  ],
};
Object.assign(rows, {
  atan2: [[() => tg.atan2(x, zeros([5])), /^atan2: cannot broadcast \[3,4\] with \[5\]/]],
  argmax: [[() => tg.argmax(x, 2), /^argmax: dim 2 is out of range for a tensor of rank 2/]],
  argmin: [[() => tg.argmin(zeros([0])), /^argmin: cannot take the index of an empty dim of \[0\]/]],
  cumsum: [[() => tg.cumsum(x, 5), /^cumsum: dim 5 is out of range/]],
  norm: [[() => tg.norm(x, -1), /^norm: p must be a number ≥ 0, ±Infinity or 'fro', got -1/]],
  variance: [[() => tg.variance(x, 0, { correction: -1 }), /^var: correction must be a finite number ≥ 0, got -1/]],
  std: [[() => tg.std(x, [0, 0]), /^std: dim 0 appears more than once in \[0,0\]/]],
  argsort: [[() => tg.argsort(x, 3), /^argsort: dim 3 is out of range/]],
  sort: [[() => tg.sort(x, 2), /^sort: dim 2 is out of range/]],
  topk: [[() => tg.topk(x, 5), /^topk: k = 5 is out of range for dim -1 of size 4 \(shape \[3,4\]\)/]],
  split: [[() => tg.split(x, [1, 1], 0), /^split: sizes \[1,1\] do not add up to 3, the size of dim 0 of \[3,4\]/]],
  chunk: [[() => tg.chunk(x, 0), /^chunk: chunks must be a positive integer, got 0/]],
  repeat: [[() => tg.repeat(x, [2]), /^repeat: 1 repetitions for a tensor of rank 2/]],
  tile: [[() => tg.tile(x, [1.5]), /^tile: repetitions must be integers ≥ 0, got \[1,1\.5\]/]],
  isclose: [[() => tg.isclose(x, x, { rtol: -1 }), /^isclose: rtol and atol must be ≥ 0/], [() => tg.isclose(x, zeros([5])), /^isclose: cannot broadcast/]],
  allclose: [[() => tg.allclose(x, zeros([5])), /^allclose: cannot broadcast \[3,4\] with \[5\]/]],
  einsum: [[() => tg.einsum('ij,jk->ik', x, x), /^einsum: dim 'j' has size 4 in one place and 3 in operand 1/]],
  posPow: [[() => tg.posPow(x, -1), /^posPow: exponent must be ≥ 0, got -1/]],
  pNorm: [[() => tg.pNorm(x, 0, 1), /^pNorm: p must be > 0, got 0/], [() => tg.pNorm(x, 2, 2), /^pNorm: dim 2 is out of range/]],
  l2Normalize: [[() => tg.l2Normalize(x, 2), /^l2Normalize: dim 2 is out of range for a tensor of rank 2/]],
  conv2d: [[() => tg.conv2d(zeros([1, 1, 4, 4]), 3 as never), /^conv2d: weight must be a Tensor, got 3/],
    [() => tg.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3])), /^conv2d: weight must be 4-D/]],
  maxPool2d: [[() => tg.maxPool2d(zeros([1, 1, 4, 4]), 0), /^maxPool2d: kernelSize must be an integer ≥ 1/]],
  avgPool2d: [[() => tg.avgPool2d(zeros([1, 1, 4, 4]), 2.5), /^avgPool2d: kernelSize must be an integer ≥ 1/]],
  unfold: [[() => tg.unfold(zeros([1, 1, 4, 4]), -1), /^unfold: kernelSize must be an integer ≥ 1/]],
  fold: [[() => tg.fold(zeros([1, 4, 4]), [2, 2] as never, 0 as never), /^fold: /]],
} satisfies Record<string, Row[]>);
// Unary elementwise ops take one tensor (or number) and nothing else that can be wrong.
const unaryOps = ['neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'square', 'sign', 'sigmoid', 'logSigmoid', 'tanh', 'relu', 'softplus', 'gelu', 'erf',
  'sin', 'cos', 'tan', 'atan', 'floor', 'ceil', 'round'] as const;
for (const k of unaryOps) {
  rows[k] = [[() => tg[k]([1] as never), new RegExp(`^${k}: expected a Tensor or a number, got `)]];
}

/** The public functions of the creation and op modules, as the entry exports them. */
const entry = tg as unknown as Record<string, unknown>;
const modules = { ...create, ...ops, ...einsum, ...composite, ...conv } as Record<string, unknown>;
/** Functions whose errors use PyTorch's name for them. */
const errorName: Record<string, string> = { variance: 'var' };
const publicFns = Object.keys(modules).filter((k) => typeof modules[k] === 'function' && entry[k] === modules[k]);

test('every public creation function and op has bad-input rows', () => {
  assert.ok(publicFns.length > 60, `found only ${publicFns.length} public functions`);
  const missing = publicFns.filter((k) => !rows[k]?.length);
  assert.equal(missing, [], `add rows for ${missing.join(', ')} to test/bad-input.test.ts`);
});

test('a non-tensor first argument is an error naming the function', () => {
  for (const k of publicFns) {
    const f = modules[k] as (...a: unknown[]) => unknown;
    try {
      f(notTensor, notTensor, notTensor, notTensor);
    } catch (e) {
      assert.instance(e, Error);
      assert.ok((e as Error).message.startsWith(`${errorName[k] ?? k}: `), `${k}('abc', ...) threw "${(e as Error).message}"`);
      continue;
    }
    assert.unreachable(`${k}('abc', ...) did not throw`);
  }
});

for (const [name, list] of Object.entries(rows)) {
  test(`${name}: bad input is a clear error`, () => {
    list.forEach(([call, error], i) => {
      let message: string | undefined;
      try {
        call();
      } catch (e) {
        message = (e as Error).message;
      }
      assert.ok(message !== undefined, `${name} row ${i} did not throw (expected ${error})`);
      assert.match(message!, error, `${name} row ${i}`);
    });
  });
}

test.run();
