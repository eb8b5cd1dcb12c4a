/** The composed everyday ops: gradchecks (first and second order), conventions, and the errors they give. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allclose, chunk, einsum, gradcheck, gradgradcheck, isclose, split, tensor, type Tensor } from '../src/index.js';
import { int32, normal64 } from './helpers.js';

const values = (t: Tensor) => Array.from(t.contiguousData());

const composed: [string, (...xs: Tensor[]) => Tensor, () => Tensor[]][] = [
  ['norm p=2 over all', (x) => x.norm(), () => [normal64([3, 4])]],
  ['norm p=3 dim 1 keepdim', (x) => x.norm(3, 1, true), () => [normal64([3, 4])]],
  ['norm p=1', (x) => x.norm(1, 0), () => [normal64([3, 4])]],
  ['norm p=Infinity', (x) => x.norm(Infinity, -1), () => [normal64([3, 4])]],
  ['norm fro', (x) => x.norm('fro', [0, 1]), () => [normal64([3, 4])]],
  ['var dim 0', (x) => x.var(0), () => [normal64([3, 4])]],
  ['var correction 0, keepdim', (x) => x.var(1, { correction: 0, keepdim: true }), () => [normal64([3, 4])]],
  ['std over all', (x) => x.std(), () => [normal64([3, 4])]],
  ['std unbiased false dim [0,2]', (x) => x.std([0, 2], { unbiased: false }), () => [normal64([2, 3, 4])]],
  ['sort values', (x) => x.sort(1).values, () => [normal64([3, 4])]],
  ['sort descending dim 0', (x) => x.sort(0, true).values, () => [normal64([3, 4])]],
  ['topk', (x) => x.topk(2).values, () => [normal64([3, 5])]],
  ['topk smallest dim 0', (x) => x.topk(2, 0, false).values, () => [normal64([3, 5])]],
  ['split pieces', (x) => x.split([1, 3], 1)[1].mul(x.split(2, 1)[0].sum()), () => [normal64([3, 4])]],
  ['chunk', (x) => x.chunk(3, 0)[2], () => [normal64([5, 2])]],
  ['repeat', (x) => x.repeat(2, 1, 3), () => [normal64([3, 2])]],
  ['tile', (x) => x.tile([2]), () => [normal64([3, 2])]],
  ['einsum bilinear', (a, w, b) => einsum('bi,oij,bj->bo', a, w, b), () => [normal64([4, 3]), normal64([2, 3, 5], 2), normal64([4, 5], 3)]],
  ['einsum attention', (q, k) => einsum('bqd,bkd->bqk', q, k).softmax(-1), () => [normal64([2, 3, 4]), normal64([2, 5, 4], 2)]],
  ['einsum trace', (a) => einsum('ii->', a), () => [normal64([4, 4])]],
  ['einsum diagonal and sum', (a, b) => einsum('iij,jk->ik', a, b), () => [normal64([3, 3, 2]), normal64([2, 4], 2)]],
  ['einsum ellipsis, broadcast batch', (q, k) => einsum('...qd,...kd->...qk', q, k), () => [normal64([2, 1, 3, 4]), normal64([3, 2, 4], 2)]],
  ['einsum size-1 broadcast', (a, b) => einsum('ij,j->i', a, b), () => [normal64([3, 4]), normal64([1], 2)]],
  ['atan2 with a number', (y) => y.atan2(2), () => [normal64([4])]],
];
for (const [name, f, inputs] of composed) {
  test(`${name}: first and second derivatives match central differences`, () => {
    const r1 = gradcheck(f, inputs());
    assert.ok(r1.ok, JSON.stringify(r1));
    const r2 = gradgradcheck(f, inputs(), { atol: 1e-4 });
    assert.ok(r2.ok, JSON.stringify(r2));
  });
}

test('norm and std at a zero vector / constant row: value 0, gradient 0 (subgradient)', () => {
  const z = tensor([0, 0, 0], { dtype: 'float64', requiresGrad: true });
  z.norm().backward();
  assert.equal(values(z.grad!), [0, 0, 0]);
  const c = tensor([2, 2, 2], { dtype: 'float64', requiresGrad: true });
  const s = c.std();
  assert.is(s.item(), 0);
  s.backward();
  assert.equal(values(c.grad!), [0, 0, 0]);
  assert.is(tensor([1, 0, -2, 0]).norm(0).item(), 2);
  assert.is(tensor([1, -3, 2]).norm(-Infinity).item(), 1);
});

test('var/std options: unbiased vs correction, contradictions and bad values are errors', () => {
  const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
  assert.is(x.var().item(), 5 / 3);
  assert.is(x.var(0, { unbiased: false }).item(), 1.25);
  assert.is(x.var(undefined, { correction: 2 }).item(), 2.5);
  assert.throws(() => x.var(0, { correction: 0, unbiased: true }), /var: correction 0 contradicts unbiased: true/);
  assert.throws(() => x.std(0, { correction: -1 }), /std: correction must be a finite number ≥ 0, got -1/);
  assert.throws(() => x.norm(-1), /norm: p must be a number ≥ 0, ±Infinity or 'fro', got -1/);
});

test('split and chunk follow PyTorch: sizes, remainders, errors', () => {
  const x = normal64([7, 2]);
  assert.equal(split(x, 3).map((t) => t.shape[0]), [3, 3, 1]);
  assert.equal(split(x, [2, 5]).map((t) => t.shape[0]), [2, 5]);
  assert.equal(chunk(x, 3).map((t) => t.shape[0]), [3, 3, 1]);
  assert.equal(normal64([6]).chunk(4).map((t) => t.shape[0]), [2, 2, 2], 'chunk may give fewer pieces');
  assert.equal(tensor([]).chunk(3).map((t) => t.shape), [[0], [0], [0]]);
  assert.equal(x.split(1, 1).map((t) => t.shape), [[7, 1], [7, 1]]);
  assert.throws(() => split(x, [2, 4]), /split: sizes \[2,4\] do not add up to 7, the size of dim 0 of \[7,2\]/);
  assert.throws(() => split(x, 0), /split: size must be a positive integer, got 0/);
  assert.throws(() => chunk(x, 1.5), /chunk: chunks must be a positive integer, got 1.5/);
  assert.throws(() => split(x, 2, 2), /split: dim 2 is out of range for a tensor of rank 2/);
});

test('repeat and tile: shapes and errors', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.equal(x.repeat(1, 2).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.equal(x.repeat(2, 1, 1).shape, [2, 2, 2]);
  assert.equal(x.tile([2]).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.equal(x.repeat(0, 1).shape, [0, 2]);
  assert.throws(() => x.repeat(2), /repeat: 1 repetitions for a tensor of rank 2 \(shape \[2,2\]\); give at least one per dim/);
  assert.throws(() => x.tile([1.5]), /tile: repetitions must be integers ≥ 0, got \[1,1.5\]/);
});

test('sort/topk/argsort: stable ties, k range, indices are int32 and not differentiable', () => {
  const x = tensor([2, 1, 2, 1, 3], { requiresGrad: true });
  const { values: v, indices } = x.sort();
  assert.equal(values(v), [1, 1, 2, 2, 3]);
  assert.equal(values(indices), [1, 3, 0, 2, 4]);
  assert.is(indices.dtype, 'int32');
  assert.is(indices.requiresGrad, false);
  assert.equal(values(x.topk(2).indices), [4, 0]);
  assert.equal(values(x.topk(3, 0, false).indices), [1, 3, 0]);
  assert.equal(x.topk(0).values.shape, [0]);
  assert.throws(() => x.topk(6), /topk: k = 6 is out of range for dim -1 of size 5 \(shape \[5\]\)/);
  assert.equal(values(x.argsort(0, true)), [4, 0, 2, 1, 3]);
});

test('argsort of long rows with many ties and NaNs equals a reference stable sort, both directions, along any dim', () => {
  for (const n of [1, 15, 16, 17, 33, 100, 257]) {
    const data = Array.from({ length: 3 * n }, (_, i) => (i % 11 === 5 ? NaN : Math.round(Math.sin(i * 12.9898) * 4)));
    const x = tensor(Float64Array.from(data), { shape: [3, n] });
    for (const descending of [false, true]) {
      for (const [dim, view] of [[1, x], [0, x.T]] as const) {
        const got = view.argsort(dim, descending).toArray() as number[][];
        for (let r = 0; r < 3; r++) {
          const row = data.slice(r * n, (r + 1) * n);
          const rank = (v: number) => (Number.isNaN(v) ? Infinity : v);
          const nanLast = (a: number, b: number) => (Number.isNaN(row[a]) ? 1 : 0) - (Number.isNaN(row[b]) ? 1 : 0);
          const want = row.map((_, k) => k).sort((a, b) => (descending ? -nanLast(a, b) || rank(row[b]) - rank(row[a]) : nanLast(a, b) || rank(row[a]) - rank(row[b])) || a - b);
          const gotRow = dim === 1 ? got[r] : got.map((col) => col[r]);
          assert.equal(gotRow, want, `n=${n} descending=${descending} dim=${dim} row ${r}`);
        }
      }
    }
  }
});

test('argmax/argmin: int32 result, keepdim, ties to the first index, int32 input, empty dims are errors', () => {
  const x = tensor([[1, 5, 5], [7, 0, 7]]);
  assert.equal(x.argmax(1).toArray(), [1, 0]);
  assert.equal(x.argmin(0, true).toArray(), [[0, 1, 0]]);
  assert.is(x.argmax().item(), 3);
  assert.is(x.argmax().dtype, 'int32');
  assert.equal(int32([3, 9, 9, 1]).argmax().item(), 1);
  assert.throws(() => tensor([]).argmax(), /argmax: cannot take the index of an empty dim of \[0\]/);
  assert.throws(() => tensor([[], []]).argmin(1), /argmin: cannot take the index of an empty dim of \[2,0\]/);
});

test('dtypes: rounding keeps int32 and float32; trigonometry of int32 is float32; cumsum of int32 stays int32', () => {
  assert.is(int32([1, 2]).round().dtype, 'int32');
  assert.is(tensor([1.5]).floor().dtype, 'float32');
  assert.is(int32([1, 2]).sin().dtype, 'float32');
  assert.equal(int32([1, 2, 3]).cumsum(0).toArray(), [1, 3, 6]);
  assert.equal(tensor([[1, 2], [3, 4]]).cumsum(1, { reverse: true }).toArray(), [[3, 2], [7, 4]]);
});

test('isclose/allclose: PyTorch tolerances, infinities, NaN, broadcasting, errors', () => {
  const a = tensor([1, 1 + 1e-6, Infinity, -Infinity, NaN, 1e10], { dtype: 'float64' });
  const b = tensor([1, 1, Infinity, Infinity, NaN, 1.00001e10], { dtype: 'float64' });
  assert.equal(values(isclose(a, b)), [1, 1, 1, 0, 0, 1]);
  assert.equal(values(isclose(a, b, { equalNan: true })), [1, 1, 1, 0, 1, 1]);
  assert.equal(values(isclose(tensor([1, 2]), Infinity)), [0, 0]);
  assert.ok(allclose(tensor([[1, 2], [3, 4]]), tensor([[1, 2], [3, 4 + 1e-7]])));
  assert.not.ok(tensor([1, 2]).allclose(tensor([1, 2.1])));
  assert.ok(tensor([1, 2]).allclose(tensor([1, 2.1]), { atol: 0.2 }));
  assert.ok(tensor([2, 2]).allclose(2));
  assert.ok(allclose(tensor([]), tensor([])));
  assert.throws(() => allclose(tensor([1, 2]), tensor([1, 2, 3])), /cannot broadcast \[2\] with \[3\]/);
  assert.throws(() => isclose(tensor([1]), tensor([1]), { rtol: -1 }), /isclose: rtol and atol must be ≥ 0, got -1 and 1e-8/);
});

test('einsum: implicit output, errors name the operand, letter and sizes', () => {
  const a = normal64([2, 3]), b = normal64([3, 4], 2);
  assert.ok(allclose(einsum('ij,jk', a, b), a.matmul(b)));
  assert.ok(allclose(einsum('ij->', a), a.sum()));
  assert.ok(allclose(einsum(' i j , j k -> k i ', a, b), a.matmul(b).T));
  assert.throws(() => einsum('ij,jk->ik', a, a), /einsum: dim 'j' has size 3 in one place and 2 in operand 1 \(shape \[2,3\]\)/);
  assert.throws(() => einsum('ijk,jk->ik', a, b), /einsum: operand 0 has shape \[2,3\] \(rank 2\), but 'ijk' names 3 dims/);
  assert.throws(() => einsum('ij,jk->iz', a, b), /einsum: output letter 'z' does not occur in any operand/);
  assert.throws(() => einsum('...j...,jk->k', a, b), /einsum: cannot parse '...j...,jk->k'/);
  assert.throws(() => einsum('...ijk,jk->k', a, b), /einsum: operand 0 has shape \[2,3\] \(rank 2\), but '...ijk' names 3 dims/);
  assert.throws(() => einsum('...j,...j->...', normal64([2, 3]), normal64([4, 3])), /einsum: dim '...' has size 2 in one place and 4 in operand 1/);
  assert.throws(() => einsum('ij,jk->ii', a, b), /einsum: output 'ii' repeats a letter/);
  assert.throws(() => einsum('ij->i->j', a), /einsum: cannot parse 'ij->i->j'/);
  assert.throws(() => einsum('ij,jk->ik', a), /einsum: 'ij,jk->ik' names 2 operands, got 1/);
  assert.throws(() => einsum('ii->i', normal64([2, 3])), /einsum: dim 'i' has size 2 in one place and 3 in operand 0/);
});

test('round halves to even, floor and ceil at negative numbers', () => {
  const x = tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -1.2, 1.7], { dtype: 'float64' });
  assert.equal(values(x.round()), [-2, -2, -0, 0, 2, 2, -1, 2]);
  assert.equal(values(x.floor()), [-3, -2, -1, 0, 1, 2, -2, 1]);
  assert.equal(values(x.ceil()), [-2, -1, -0, 1, 2, 3, -1, 2]);
});

test.run();
