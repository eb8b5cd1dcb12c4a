/** float64 gradcheck (full Jacobian, small inputs) of every loss w.r.t. ŷ and every differentiable target. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertGradcheck, l2Normalize, pNorm, posPow, tensor, type Tensor } from '../../src/index.js';
import { int32, normal64, uniform64 } from '../helpers.js';
import { callLoss, lossFn, lossNames, specs } from './_specs.js';

for (const name of lossNames) {
  const spec = specs[name];
  if (spec.diff.length === 0) continue;
  for (const agg of ['mean', 'none'] as const) {
    test(`${name} (agg ${agg}) w.r.t. arguments ${spec.diff.join(', ')}`, () => {
      const args = spec.args();
      const f = (...xs: Tensor[]) => {
        const all = args.map((a, i) => (spec.diff.includes(i) ? xs[spec.diff.indexOf(i)] : a));
        return callLoss(name, all, { agg });
      };
      assertGradcheck(f, spec.diff.map((i) => args[i]), { mode: 'full' });
    });
  }
}

// class-index targets: every option combination, w.r.t. ŷ
const idx = int32([2, 1, 3]);
const weight = tensor([0.5, 2, 1, 1.5], { dtype: 'float64' });
const inputs: Record<string, () => Tensor> = {
  crossentropy: () => normal64([3, 4], 1).softmax(1),
  logitCrossentropy: () => normal64([3, 4], 1).mul(2),
  focalLoss: () => normal64([3, 4], 1).softmax(1),
  nllLoss: () => normal64([3, 4], 1).logSoftmax(1),
};
for (const [name, make] of Object.entries(inputs)) {
  for (const opts of [{}, { weight }, { ignoreIndex: 1 }, { labelSmoothing: 0.2 }, { weight, ignoreIndex: 3, labelSmoothing: 0.1, agg: 'sum' }]) {
    test(`${name} with class indices ${JSON.stringify({ ...opts, weight: 'weight' in opts ? 'tensor' : undefined })}`, () => {
      assertGradcheck((x) => lossFn(name)(x, idx, { ...(name === 'focalLoss' ? { gamma: 1.5 } : {}), ...opts }), [make()], { mode: 'full' });
    });
  }
}

test('rank-3 inputs with classes on the last dim (dims: -1)', () => {
  const y = normal64([2, 3, 4], 2).softmax(-1);
  for (const name of ['crossentropy', 'focalLoss', 'kldivergence'])
    assertGradcheck((x, t) => lossFn(name)(x, t, { dims: -1, agg: 'none' }), [normal64([2, 3, 4], 1).softmax(-1), y]);
  assertGradcheck((x, t) => lossFn('logitCrossentropy')(x, t, { dims: -1 }), [normal64([2, 3, 4], 1), y]);
  assertGradcheck((x) => lossFn('logitCrossentropy')(x, int32([[0, 3, 1], [2, 2, 0]]), { dims: 2, agg: 'none' }), [normal64([2, 3, 4], 1)]);
});

test('triplet options: p = 1, p = 3, swap', () => {
  const [a, p, n] = specs.tripletMarginLoss.args();
  for (const opts of [{ p: 1 }, { p: 3 }, { swap: true, margin: 3 }])
    assertGradcheck((x, y, z) => lossFn('tripletMarginLoss')(x, y, z, { ...opts, agg: 'none' }), [a, p, n]);
});

test('labelSmoothing and classBalancedWeights are differentiable compositions', () => {
  assertGradcheck((y) => lossFn('labelSmoothing')(y, 0.1), [uniform64([3, 4], 0, 1, 1)]);
  assertGradcheck((n) => lossFn('classBalancedWeights')(n, 0.99), [uniform64([4], 1, 50, 1)]);
});

test('composite helpers: posPow for γ < 1, = 1 and > 1; pNorm; l2Normalize', () => {
  const x = normal64([5], 1).add(0.3);
  for (const g of [0.5, 1, 2.5]) assertGradcheck((t) => posPow(t, g), [x]);
  for (const p of [1, 2, 3]) assertGradcheck((t) => pNorm(t, p, 1), [normal64([2, 3], 2)]);
  assertGradcheck((t) => l2Normalize(t, 1), [normal64([2, 3], 3)]);
  // at and below 0: posPow is 0 with a finite gradient; pNorm of a zero vector has gradient 0
  const z = tensor([-0.5, 0, 0.25], { dtype: 'float64', requiresGrad: true });
  for (const g of [0, 0.5, 1, 2]) {
    const y = posPow(z, g);
    if (g > 0) y.sum().backward();
    if (g > 0) assert.ok(Array.from(z.grad!.contiguousData()).every(Number.isFinite));
    z.zeroGrad();
  }
  assert.throws(() => posPow(z, -1), /exponent must be ≥ 0/);
  assert.throws(() => pNorm(z, 0, 0), /p must be > 0/);
  const zero = tensor([[0, 0, 0]], { dtype: 'float64', requiresGrad: true });
  pNorm(zero, 2, 1).sum().backward();
  assert.equal(zero.grad!.toArray(), [[0, 0, 0]]);
});

test.run();
