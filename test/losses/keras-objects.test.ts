/**
 * The Keras loss objects of losses.keras against Keras 3's docstring examples (float32, Keras'
 * floatx), above all those that pass sample_weight, and Keras' reduce_weighted_values rules by hand:
 * 'sum_over_batch_size' divides by the number of elements (not the weight sum), a [N, 1] weight is
 * squeezed, a rank-1 weight meets losses of shape [N, 1], ignoreClass is Keras' mask.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, printGraph, tensor, type Tensor } from '../../src/index.js';

const K = losses.keras;
const f32 = (d: unknown, dtype: 'float32' | 'int32' = 'float32') => tensor(d as number[], { dtype });
const values = (t: Tensor) => (t.ndim === 0 ? [t.item()] : (t.toArray() as number[]));
const near = (got: number[], want: number[], tol: number) =>
  got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= tol + 1e-6 * Math.abs(want[i]));

const bceT = f32([[0, 1], [0, 0]]), bceLogits = f32([[-18.6, 0.51], [2.94, -12.8]]), bceProbs = f32([[0.6, 0.4], [0.4, 0.6]]);
const cceT = f32([[0, 1, 0], [0, 0, 1]]), cceP = f32([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), sparseT = f32([1, 2], 'int32');
const diceT = f32([[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]]);
const diceP = f32([[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]]);

const docCases: [string, () => Tensor, number[], number][] = [
  ['BinaryCrossentropy(from_logits=True)', () => new K.BinaryCrossentropy({ fromLogits: true }).forward(bceT, bceLogits), [0.865], 1e-3],
  ['BinaryCrossentropy(from_logits=True), sample_weight=[0.8, 0.2]', () => new K.BinaryCrossentropy({ fromLogits: true }).forward(bceT, bceLogits, [0.8, 0.2]), [0.243], 1e-3],
  ['BinaryCrossentropy(from_logits=True, reduction="sum")', () => new K.BinaryCrossentropy({ fromLogits: true, reduction: 'sum' }).forward(bceT, bceLogits), [1.730], 1e-3],
  ['BinaryCrossentropy(from_logits=True, reduction=None)', () => new K.BinaryCrossentropy({ fromLogits: true, reduction: null }).forward(bceT, bceLogits), [0.235, 1.496], 1e-3],
  ['BinaryCrossentropy()', () => new K.BinaryCrossentropy().forward(bceT, bceProbs), [0.815], 1e-3],
  ['BinaryCrossentropy(), sample_weight=[1, 0]', () => new K.BinaryCrossentropy().forward(bceT, bceProbs, [1, 0]), [0.458], 1e-3],
  ['BinaryCrossentropy(reduction="sum")', () => new K.BinaryCrossentropy({ reduction: 'sum' }).forward(bceT, bceProbs), [1.630], 1e-3],
  ['BinaryCrossentropy(reduction="none")', () => new K.BinaryCrossentropy({ reduction: 'none' }).forward(bceT, bceProbs), [0.916, 0.714], 1e-3],
  ['BinaryFocalCrossentropy(gamma=3, from_logits=True)', () => new K.BinaryFocalCrossentropy({ gamma: 3, fromLogits: true }).forward(bceT, bceLogits), [0.647], 1e-3],
  ['BinaryFocalCrossentropy(gamma=3, from_logits=True), sample_weight=[0.8, 0.2]', () => new K.BinaryFocalCrossentropy({ gamma: 3, fromLogits: true }).forward(bceT, bceLogits, [0.8, 0.2]), [0.133], 1e-3],
  ['BinaryFocalCrossentropy(apply_class_balancing=True, gamma=3, from_logits=True), sample_weight=[0.8, 0.2]', () => new K.BinaryFocalCrossentropy({ applyClassBalancing: true, gamma: 3, fromLogits: true }).forward(bceT, bceLogits, [0.8, 0.2]), [0.097], 1e-3],
  ['BinaryFocalCrossentropy(gamma=4, from_logits=True, reduction="sum")', () => new K.BinaryFocalCrossentropy({ gamma: 4, fromLogits: true, reduction: 'sum' }).forward(bceT, bceLogits), [1.222], 1e-3],
  ['BinaryFocalCrossentropy(gamma=5, from_logits=True, reduction=None)', () => new K.BinaryFocalCrossentropy({ gamma: 5, fromLogits: true, reduction: null }).forward(bceT, bceLogits), [0.0017, 1.1561], 1e-4],
  ['CategoricalCrossentropy()', () => new K.CategoricalCrossentropy().forward(cceT, cceP), [1.177], 1e-3],
  ['CategoricalCrossentropy(), sample_weight=[0.3, 0.7]', () => new K.CategoricalCrossentropy().forward(cceT, cceP, f32([0.3, 0.7])), [0.814], 1e-3],
  ['CategoricalCrossentropy(reduction="sum")', () => new K.CategoricalCrossentropy({ reduction: 'sum' }).forward(cceT, cceP), [2.354], 1e-3],
  ['CategoricalCrossentropy(reduction=None)', () => new K.CategoricalCrossentropy({ reduction: null }).forward(cceT, cceP), [0.0513, 2.303], 1e-3],
  ['SparseCategoricalCrossentropy()', () => new K.SparseCategoricalCrossentropy().forward(sparseT, cceP), [1.177], 1e-3],
  ['SparseCategoricalCrossentropy(), sample_weight=[0.3, 0.7]', () => new K.SparseCategoricalCrossentropy().forward(sparseT, cceP, f32([0.3, 0.7])), [0.814], 1e-3],
  ['SparseCategoricalCrossentropy(reduction="sum")', () => new K.SparseCategoricalCrossentropy({ reduction: 'sum' }).forward(sparseT, cceP), [2.354], 1e-3],
  ['SparseCategoricalCrossentropy(reduction=None)', () => new K.SparseCategoricalCrossentropy({ reduction: null }).forward(sparseT, cceP), [0.0513, 2.303], 1e-3],
  ['CategoricalFocalCrossentropy()', () => new K.CategoricalFocalCrossentropy().forward(cceT, cceP), [0.23315276], 1e-6],
  ['CategoricalFocalCrossentropy(), sample_weight=[0.3, 0.7]', () => new K.CategoricalFocalCrossentropy().forward(cceT, cceP, f32([0.3, 0.7])), [0.1632], 1e-4],
  ['CategoricalFocalCrossentropy(reduction="sum")', () => new K.CategoricalFocalCrossentropy({ reduction: 'sum' }).forward(cceT, cceP), [0.46631], 1e-5],
  ['CategoricalFocalCrossentropy(reduction=None)', () => new K.CategoricalFocalCrossentropy({ reduction: null }).forward(cceT, cceP), [3.2058331e-05, 4.6627346e-01], 1e-7],
  ['Dice(axis=(1, 2, 3), reduction=None)', () => new K.Dice({ axis: [1, 2, 3], reduction: null }).forward(diceT, diceP), [0.5, 0.75757575], 1e-6],
  ['Dice()', () => new K.Dice().forward(diceT, diceP), [0.6164384], 1e-6],
];
for (const [name, run, want, tol] of docCases) {
  test(`Keras docstring: ${name}`, () => {
    const got = values(run());
    assert.ok(near(got, want, tol), `${JSON.stringify(got)} vs Keras ${JSON.stringify(want)}`);
  });
}

test('the seed: SparseCategoricalCrossentropy(from_logits=True) called as loss(y_true, y_pred, sample_weight)', () => {
  const logits = f32([[2, 0.5, -1], [0, 1, 3]]);
  const loss = new K.SparseCategoricalCrossentropy({ fromLogits: true });
  const per = values(K.sparseCategoricalCrossentropy(logits, sparseT, { fromLogits: true, agg: 'none' }));
  assert.ok(Math.abs(loss.forward(sparseT, logits, [2, 0.5]).item() - (2 * per[0] + 0.5 * per[1]) / 2) < 1e-6);
  assert.is(printGraph(new K.SparseCategoricalCrossentropy({ fromLogits: true }).forward(sparseT, tensor(logits, { requiresGrad: true }))).split('\n')[0], 'keras.SparseCategoricalCrossentropy');
});

test("reduce_weighted_values by hand: by the element count, not the weight sum; [N, 1] squeezed; numbers; per-element weights", () => {
  const t = tensor([[0, 1, 0], [0, 0, 1]], { dtype: 'float64' }), p = tensor([[0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], { dtype: 'float64' });
  const per = values(K.categoricalCrossentropy(p, t, { agg: 'none' }));
  const cce = new K.CategoricalCrossentropy();
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(cce.forward(t, p, [3, 1]).item(), (3 * per[0] + per[1]) / 2);
  close(cce.forward(t, p, tensor([[3], [1]], { dtype: 'float64' })).item(), (3 * per[0] + per[1]) / 2);
  close(cce.forward(t, p, 2).item(), per[0] + per[1]);
  close(new K.CategoricalCrossentropy({ reduction: 'mean' }).forward(t, p, [3, 1]).item(), (3 * per[0] + per[1]) / 2);
  assert.equal(values(new K.CategoricalCrossentropy({ reduction: 'none' }).forward(t, p, [3, 1])), [3 * per[0], per[1]]);
  // rank-3 input: one loss per [N, T] position, a [N, T] weight per position
  const y3 = tensor([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], { dtype: 'float64' }), p3 = tensor([[[0.7, 0.3], [0.4, 0.6]], [[0.1, 0.9], [0.5, 0.5]]], { dtype: 'float64' });
  const per3 = (K.categoricalCrossentropy(p3, y3, { agg: 'none' }).toArray() as number[][]).flat();
  close(cce.forward(y3, p3, tensor([[1, 0], [2, 1]], { dtype: 'float64' })).item(), (per3[0] + 2 * per3[2] + per3[3]) / 4);
  assert.throws(() => cce.forward(t, p, [1, 2, 3]), /keras.CategoricalCrossentropy: sampleWeight shape \[3\] does not broadcast against the per-sample losses of shape \[2\]/);
});

test('ignoreClass: Keras’ mask weighs the kept samples by total / (kept + ε)', () => {
  const p = tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], { dtype: 'float64' }), y = tensor([1, 2, 0], { dtype: 'int32' });
  const per = values(K.sparseCategoricalCrossentropy(p, y, { agg: 'none' }));
  const loss = new K.SparseCategoricalCrossentropy({ ignoreClass: 0 });
  assert.ok(Math.abs(loss.forward(y, p).item() - (per[0] + per[1]) / (2 + 1e-7)) < 1e-12);
  assert.ok(Math.abs(loss.forward(y, p, [1, 3, 5]).item() - (per[0] + 3 * per[1]) / (2 + 1e-7)) < 1e-12);
  assert.ok(Math.abs(new K.SparseCategoricalCrossentropy({ ignoreClass: 0, reduction: 'sum' }).forward(y, p).item() - (per[0] + per[1])) < 1e-12);
});

test('options are checked at construction, naming the class and the option', () => {
  assert.throws(() => new K.SparseCategoricalCrossentropy({ from_logits: true } as never), /keras.SparseCategoricalCrossentropy: unknown option 'from_logits'.*did you mean 'fromLogits'/);
  assert.throws(() => new K.BinaryCrossentropy({ reduction: 'auto' } as never), /keras.BinaryCrossentropy: option reduction must be one of 'sum_over_batch_size', 'mean', 'sum', 'none', null/);
  assert.throws(() => new K.Huber({ agg: 'sum' } as never), /keras.Huber: unknown option 'agg'/);
});

test.run();
