/**
 * Stability rows in float32 and float64: huge logits (±1e3, ±1e4), −∞ on a non-target class,
 * probabilities exactly 0 and 1, zero vectors and zero distances give finite values and gradients.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oneHot, tensor, valueAndGrad, type DType, type Tensor } from '../../src/index.js';
import { int32 } from '../helpers.js';
import { lossFn } from './_specs.js';

const finite = (t: Tensor) => Array.from(t.contiguousData()).every(Number.isFinite);

/** The loss and its gradients w.r.t. the float arguments at `diff` are finite, for every agg. */
function assertFinite(name: string, args: Tensor[], opts: Record<string, unknown> = {}, diff = [0]) {
  for (const agg of ['mean', 'sum', 'none']) {
    const f = (...xs: Tensor[]) => lossFn(name)(...xs, { ...opts, agg }).sum();
    const [value, grads] = valueAndGrad(f, diff)(...args);
    assert.ok(finite(value), `${name} ${agg}: value ${value.item()}`);
    grads.forEach((g, k) => assert.ok(finite(g), `${name} ${agg}: gradient of argument ${diff[k]}: ${g.toArray()}`));
  }
}

for (const dtype of ['float32', 'float64'] as DType[]) {
  const T = (data: number[] | number[][]) => tensor(data, { dtype });

  test(`${dtype}: logits ±1e3 and ±1e4, class indices and one-hot, with weight and label smoothing`, () => {
    for (const m of [1e3, 1e4]) {
      const logits = T([[m, -m, 0, 1], [-m, m, 2, -1], [m, m, -m, 0]]);
      const y = int32([0, 0, 2]);
      const Y = oneHot(y, 4).to(dtype);
      assertFinite('logitCrossentropy', [logits, y]);
      assertFinite('logitCrossentropy', [logits, y], { weight: T([1, 2, 0.5, 1.5]), labelSmoothing: 0.1, ignoreIndex: 0 });
      assertFinite('logitCrossentropy', [logits, Y], {}, [0, 1]);
      assertFinite('nllLoss', [logits.logSoftmax(1), y]);
      assertFinite('focalLoss', [logits.softmax(1), y], { gamma: 0.5 });
      assertFinite('crossentropy', [logits.softmax(1), Y], {}, [0, 1]);
      const x = T([[m, -m, m], [-m, m, -m]]);
      const yb = T([[1, 0, 0], [1, 0, 1]]);
      assertFinite('logitBinaryCrossentropy', [x, yb], {}, [0, 1]);
      assertFinite('logitBinaryCrossentropy', [x, yb], { posWeight: T([2, 0.5, 3]) }, [0, 1]);
      assertFinite('logCoshLoss', [T([m, -m, 0.5]), T([0, 0, 0])], {}, [0, 1]);
      assertFinite('hingeLoss', [T([m, -m]), T([1, 1])], {}, [0, 1]);
    }
  });

  test(`${dtype}: −Infinity on a non-target class`, () => {
    const logits = T([[2, -Infinity, 0.5, -1], [-Infinity, 1, -Infinity, 0], [0.3, 0.2, 0.1, -Infinity]]);
    const y = int32([0, 1, 2]);
    assertFinite('logitCrossentropy', [logits, y]);
    assertFinite('logitCrossentropy', [logits, y], { weight: T([1, 2, 0.5, 1.5]) });
    assertFinite('logitCrossentropy', [logits, y], { ignoreIndex: 1 });
    assertFinite('logitCrossentropy', [logits, oneHot(y, 4).to(dtype)], {}, [0, 1]);
    assertFinite('nllLoss', [logits.logSoftmax(1), y]);
    assertFinite('nllLoss', [logits.logSoftmax(1), oneHot(y, 4).to(dtype)]);
    // the value matches the class-index form
    const a = lossFn('logitCrossentropy')(logits, y).item();
    const b = lossFn('logitCrossentropy')(logits, oneHot(y, 4).to(dtype)).item();
    assert.ok(Math.abs(a - b) < 1e-6 * (1 + Math.abs(a)));
  });

  test(`${dtype}: −Infinity on the target class is an infinite loss, not a silently finite one`, () => {
    const v = lossFn('logitCrossentropy')(T([[-Infinity, 0]]), oneHot(int32([0]), 2).to(dtype)).item();
    assert.is(v, Infinity);
  });

  test(`${dtype}: probabilities exactly 0 and 1 with one-hot targets`, () => {
    const P = T([[1, 0, 0, 0], [1, 0, 0, 0], [0, 0.5, 0.5, 0]]);
    const yi = int32([0, 2, 1]);
    const Y = oneHot(yi, 4).to(dtype);
    for (const name of ['crossentropy', 'kldivergence', 'focalLoss', 'categoricalHinge']) assertFinite(name, [P, Y], {}, [0, 1]);
    for (const gamma of [0, 0.5, 1, 2.5]) assertFinite('focalLoss', [P, Y], { gamma }, [0, 1]);
    assertFinite('crossentropy', [P, yi]);
    assertFinite('focalLoss', [P, yi], { gamma: 0.5, labelSmoothing: 0.1 });
    const bp = T([0, 1, 0, 1]), by = T([0, 1, 1, 0]);
    assertFinite('binaryCrossentropy', [bp, by], {}, [0, 1]);
    for (const gamma of [0, 0.5, 1, 2, 2.5]) assertFinite('binaryFocalLoss', [bp, by], { gamma, alpha: 0.25 }, [0, 1]);
    for (const alpha of [0.5, 1, 2]) assertFinite('selfAdjustingDiceLoss', [bp, by], { alpha }, [0, 1]);
    for (const name of ['diceCoeffLoss', 'tverskyLoss']) assertFinite(name, [bp, by], {}, [0, 1]);
    assertFinite('msle', [T([0, 0, 1]), T([0, 1, 0])], {}, [0, 1]);
    assertFinite('poissonLoss', [T([0.5, 2]), T([0, 3])], {}, [0, 1]);
  });

  test(`${dtype}: zero vectors, zero distances, zero targets`, () => {
    const zero = T([[0, 0, 0], [1, 2, 3]]);
    assertFinite('tripletMarginLoss', [zero, zero, T([[1, 0, 0], [0, 0, 0]])], { eps: 0 }, [0, 1, 2]);
    assertFinite('tripletMarginLoss', [zero, zero, T([[1, 0, 0], [0, 0, 0]])], { eps: 0, p: 1, swap: true }, [0, 1, 2]);
    assertFinite('cosineEmbeddingLoss', [zero, T([[1, 0, 0], [0, 0, 0]]), T([1, -1])], {}, [0, 1]);
    assertFinite('cosineSimilarityLoss', [zero, T([[1, 0, 0], [0, 0, 0]])], {}, [0, 1]);
    assertFinite('siameseContrastiveLoss', [T([0, 0, 1]), T([0, 1, 1])], {}, [0, 1]);
    assertFinite('smape', [T([0, 1, -2]), T([0, 1, 2])], {}, [0, 1]);
    assertFinite('mape', [T([0.3, 1]), T([0, 1.5])], { eps: 1e-7 }, [0, 1]);
  });
}

test('float32 losses stay float32; default eps follows the dtype', () => {
  const p = tensor([[0.7, 0.2, 0.1]]), y = tensor([[1, 0, 0]]);
  assert.is(lossFn('crossentropy')(p, y).dtype, 'float32');
  // at ŷ = 0 the eps inside the log decides the value: −log(2⁻²³) for float32, −log(2⁻⁵²) for float64
  const z = (dtype: DType) => lossFn('crossentropy')(tensor([[0, 1]], { dtype }), tensor([[1, 0]], { dtype })).item();
  assert.ok(Math.abs(z('float32') - 23 * Math.LN2) < 1e-4);
  assert.ok(Math.abs(z('float64') - 52 * Math.LN2) < 1e-12);
});

test.run();
