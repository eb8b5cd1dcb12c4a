/**
 * losses.keras against Keras 3: the example values printed in Keras' docstrings (float32, Keras'
 * default floatx), and test/fixtures/keras-losses.json (scripts/golden/keras_losses.py: Keras'
 * formulas step by step in float64 and float32, gradients w.r.t. ŷ and y) in float64 and float32,
 * with clipped and unclipped regions, exact clip bounds, kinks and ties.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, printGraph, tensor, valueAndGrad, type Tensor } from '../../src/index.js';
import { mismatch, num, toOpts, toTensor, type T } from './_fixtures.js';

const K = losses.keras as unknown as Record<string, (...a: unknown[]) => Tensor>;
const f32 = (d: unknown, dtype: 'float32' | 'int32' = 'float32') => tensor(d as number[], { dtype });

// ---------------------------------------------------------------- Keras' docstring examples

const near = (got: number[], want: number[], tol: number) =>
  got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= tol + 1e-6 * Math.abs(want[i]));
const docCases: [string, () => Tensor, number[], number][] = [
  ['BinaryCrossentropy(from_logits) 1-d', () => K.binaryCrossentropy(f32([-18.6, 0.51, 2.94, -12.8]), f32([0, 1, 0, 0]), { fromLogits: true }), [0.8654], 1e-4],
  ['BinaryCrossentropy(from_logits) 2-d', () => K.binaryCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { fromLogits: true }), [0.8654], 1e-4],
  ['BinaryCrossentropy sum', () => K.binaryCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { fromLogits: true, agg: 'sum' }), [1.730], 1e-3],
  ['BinaryCrossentropy none', () => K.binaryCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { fromLogits: true, agg: 'none' }), [0.235, 1.496], 1e-3],
  ['binary_crossentropy', () => K.binaryCrossentropy(f32([[0.6, 0.4], [0.4, 0.6]]), f32([[0, 1], [0, 0]]), { agg: 'none' }), [0.916, 0.714], 1e-3],
  ['BinaryFocalCrossentropy γ=2', () => K.binaryFocalCrossentropy(f32([-18.6, 0.51, 2.94, -12.8]), f32([0, 1, 0, 0]), { gamma: 2, fromLogits: true }), [0.691], 1e-3],
  ['BinaryFocalCrossentropy γ=2 balanced', () => K.binaryFocalCrossentropy(f32([-18.6, 0.51, 2.94, -12.8]), f32([0, 1, 0, 0]), { gamma: 2, fromLogits: true, applyClassBalancing: true }), [0.51], 1e-2],
  ['BinaryFocalCrossentropy γ=3', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 3, fromLogits: true }), [0.647], 1e-3],
  ['BinaryFocalCrossentropy γ=3 balanced', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 3, fromLogits: true, applyClassBalancing: true }), [0.482], 1e-3],
  ['BinaryFocalCrossentropy γ=4 sum', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 4, fromLogits: true, agg: 'sum' }), [1.222], 1e-3],
  ['BinaryFocalCrossentropy γ=4 sum balanced', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 4, fromLogits: true, agg: 'sum', applyClassBalancing: true }), [0.914], 1e-3],
  ['BinaryFocalCrossentropy γ=5 none', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 5, fromLogits: true, agg: 'none' }), [0.0017, 1.1561], 1e-4],
  ['BinaryFocalCrossentropy γ=5 none balanced', () => K.binaryFocalCrossentropy(f32([[-18.6, 0.51], [2.94, -12.8]]), f32([[0, 1], [0, 0]]), { gamma: 5, fromLogits: true, agg: 'none', applyClassBalancing: true }), [0.0004, 0.8670], 1e-4],
  ['binary_focal_crossentropy γ=2', () => K.binaryFocalCrossentropy(f32([[0.6, 0.4], [0.4, 0.6]]), f32([[0, 1], [0, 0]]), { gamma: 2, agg: 'none' }), [0.330, 0.206], 1e-3],
  ['CategoricalCrossentropy', () => K.categoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]])), [1.177], 1e-3],
  ['CategoricalCrossentropy sum', () => K.categoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]]), { agg: 'sum' }), [2.354], 1e-3],
  ['CategoricalCrossentropy none', () => K.categoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]]), { agg: 'none' }), [0.0513, 2.303], 1e-3],
  ['backend categorical_crossentropy', () => K.categoricalCrossentropy(f32([[0.9, 0.05, 0.05], [0.05, 0.89, 0.06], [0.05, 0.01, 0.94]]), f32([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), { agg: 'none' }), [0.10536, 0.11653, 0.06188], 1e-5],
  ['to_categorical + categorical_crossentropy', () => K.categoricalCrossentropy(f32([[0.9, 0.04, 0.03, 0.03], [0.3, 0.45, 0.15, 0.13], [0.04, 0.01, 0.94, 0.05], [0.12, 0.21, 0.5, 0.17]]), f32([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), { agg: 'none' }), [0.10536, 0.82807, 0.1011, 1.77196], 1e-5],
  ['CategoricalFocalCrossentropy', () => K.categoricalFocalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]])), [0.23315276], 1e-6],
  ['CategoricalFocalCrossentropy sum', () => K.categoricalFocalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]]), { agg: 'sum' }), [0.46631], 1e-5],
  ['CategoricalFocalCrossentropy none', () => K.categoricalFocalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([[0, 1, 0], [0, 0, 1]]), { agg: 'none' }), [3.2058331e-05, 4.6627346e-01], 1e-7],
  ['categorical_focal_crossentropy', () => K.categoricalFocalCrossentropy(f32([[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]), f32([[0, 1, 0], [0, 0, 1]]), { agg: 'none' }), [2.63401289e-04, 6.75912094e-01], 1e-7],
  ['SparseCategoricalCrossentropy', () => K.sparseCategoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([1, 2], 'int32')), [1.177], 1e-3],
  ['SparseCategoricalCrossentropy sum', () => K.sparseCategoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([1, 2], 'int32'), { agg: 'sum' }), [2.354], 1e-3],
  ['SparseCategoricalCrossentropy none', () => K.sparseCategoricalCrossentropy(f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), f32([1, 2], 'int32'), { agg: 'none' }), [0.0513, 2.303], 1e-3],
  ['huber', () => K.huber(f32([[0.6, 0.4], [0.4, 0.6]]), f32([[0, 1], [0, 0]])), [0.155], 1e-3],
  ['log_cosh', () => K.logCosh(f32([[1, 1], [0, 0]]), f32([[0, 1], [0, 0]])), [0.108], 1e-3],
  ['cosine_similarity', () => K.cosineSimilarity(f32([[1, 0], [1, 1], [-1, -1]]), f32([[0, 1], [1, 1], [1, 1]]), { agg: 'none' }), [0, -0.99999994, 0.99999994], 1e-7],
  ['dice', () => K.dice(f32([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]), f32([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]])), [0.6164384], 1e-6],
  ['dice axis (1,2,3)', () => K.dice(f32([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]), f32([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]]), { axis: [1, 2, 3], agg: 'none' }), [0.5, 0.75757575], 1e-6],
];
for (const [name, run, want, tol] of docCases) {
  test(`Keras docstring: ${name}`, () => {
    const out = run();
    const got = out.ndim === 0 ? [out.item()] : (out.toArray() as number[]);
    assert.ok(near(got, want, tol), `${JSON.stringify(got)} vs Keras ${JSON.stringify(want)}`);
  });
}

// ---------------------------------------------------------------- generated fixtures

interface KCase { name: string; loss: string; args: T[]; opts: Record<string, unknown>; value: T; value32: T; grads: (T | null)[] }
const cases: KCase[] = JSON.parse(readFileSync(new URL('../fixtures/keras-losses.json', import.meta.url), 'utf8')).cases;

test('the keras fixture covers every losses.keras function', () => {
  assert.equal([...new Set(cases.map((c) => c.loss))].sort(), Object.keys(losses.keras).filter((k) => !/^[A-Z]/.test(k)).sort());
  assert.ok(cases.length >= 300, `${cases.length} cases`);
});

for (const c of cases) {
  test(`${c.name}: float64 value and gradients`, () => {
    const [yhat, y] = c.args.map((a) => toTensor(a));
    const opts = toOpts(c.opts);
    const diff = c.grads.flatMap((g, i) => (g ? [i] : []));
    const direct = K[c.loss](yhat, y, opts);
    assert.is(mismatch(direct, c.value, 1e-9, 1e-12), null);
    if (diff.length === 0) return;
    const [value, grads] = valueAndGrad((a: Tensor, b: Tensor) => K[c.loss](a, b, opts).sum(), diff)(yhat, y);
    assert.ok(Math.abs(value.item() - direct.sum().item()) <= 1e-9 * (1 + Math.abs(value.item())));
    diff.forEach((arg, k) => assert.is(mismatch(grads[k], c.grads[arg]!, 1e-8, 1e-11), null, `gradient of argument ${arg}`));
  });
  test(`${c.name}: float32 value (and gradients to float32 precision)`, () => {
    const yhat = toTensor(c.args[0], 'float32');
    const y = toTensor(c.args[1], 'float32');
    const opts = toOpts(c.opts, 'float32');
    const out = K[c.loss](yhat, y, opts);
    assert.is(out.dtype, 'float32');
    assert.is(mismatch(out, c.value32, 2e-5, 1e-6), null, 'value');
    // float32 rounding moves the inputs of the clip-edge rows (1 − 1e-9 becomes 1; the bound 1 − ε
    // becomes 1 − 1.19e-7), so their float64 gradients are not the float32 ones: values only there
    const diff = c.grads.flatMap((g, i) => (g ? [i] : []));
    if (/\/(clipped|at-bounds)\//.test(c.name) || diff.length === 0) return;
    const [, grads] = valueAndGrad((a: Tensor, b: Tensor) => K[c.loss](a, b, opts).sum(), diff)(yhat, y);
    diff.forEach((arg, k) => assert.is(mismatch(grads[k], c.grads[arg]!, 2e-3, 2e-4), null, `gradient of argument ${arg}`));
  });
}

// ---------------------------------------------------------------- conventions and errors

test('each losses.keras function is one named box in the graph', () => {
  const p = tensor([[0.2, 0.8], [0.6, 0.4]], { requiresGrad: true });
  const lines = printGraph(K.categoricalCrossentropy(p, tensor([[0, 1], [1, 0]]))).split('\n');
  assert.is(lines[0], 'keras.categoricalCrossentropy');
});

test('hinge converts 0/1 labels only when every label is 0 or 1', () => {
  const p = tensor([[0.3, -0.4, 2]], { dtype: 'float64' });
  const pm = K.hinge(p, tensor([[1, -1, 1]], { dtype: 'float64' })).item();
  assert.ok(Math.abs(K.hinge(p, tensor([[1, 0, 1]], { dtype: 'float64' })).item() - pm) < 1e-15);
});

test('sparseCategoricalCrossentropy: int32 targets only; indices checked', () => {
  const p = tensor([[0.2, 0.8], [0.6, 0.4]]);
  assert.throws(() => K.sparseCategoricalCrossentropy(p, tensor([1, 0])), /keras\.sparseCategoricalCrossentropy: float32 target of shape \[2\].*int32/);
  assert.throws(() => K.sparseCategoricalCrossentropy(p, tensor([[0, 1], [1, 0]])), /keras\.sparseCategoricalCrossentropy: target must hold int32 class indices/);
  assert.throws(() => K.sparseCategoricalCrossentropy(p, tensor([1, 2], { dtype: 'int32' })), /class index 2 is out of range/);
  const ignoredAll = K.sparseCategoricalCrossentropy(p, tensor([5, 5], { dtype: 'int32' }), { ignoreClass: 5 });
  assert.is(ignoredAll.item(), 0);
});

test('categoricalFocalCrossentropy: a Tensor alpha needs one weight per class of the last dim', () => {
  const p = tensor([[0.2, 0.8], [0.6, 0.4]]), y = tensor([[0, 1], [1, 0]]);
  assert.throws(() => K.categoricalFocalCrossentropy(p, y, { alpha: tensor([1, 2, 3]) }), /option alpha as a Tensor must have shape \[2\]/);
});

test('shapes must match exactly (no squeeze or expand of a trailing 1)', () => {
  assert.throws(() => K.meanSquaredError(tensor([[1], [2]]), tensor([1, 2])), /keras\.meanSquaredError: prediction shape \[2,1\] does not match target shape \[2\]/);
});

test('numbers in clipped regions are Keras’: −log ε at a confident mistake, 0 gradient there', () => {
  const v = K.binaryCrossentropy(tensor([0], { dtype: 'float64' }), tensor([1], { dtype: 'float64' })).item();
  assert.ok(Math.abs(v - -Math.log(1e-7)) < 1e-9);
  assert.ok(num(String(v)) > 16);
});

test.run();
