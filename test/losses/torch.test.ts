/**
 * losses.torch against PyTorch 1.13: every case of test/fixtures/torch-losses.json
 * (scripts/golden/torch_losses.py, torch.nn.functional's own numbers), value and gradient of
 * value.sum() w.r.t. every float argument, float64, 1e-9.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertGradcheck, assertGradgradcheck, losses, printGraph, tensor, valueAndGrad, type Tensor } from '../../src/index.js';
import { normal64 } from '../helpers.js';
import { mismatch, toOpts, toTensor, type Case } from './_fixtures.js';

const cases: Case[] = JSON.parse(readFileSync(new URL('../fixtures/torch-losses.json', import.meta.url), 'utf8')).cases;
const T = losses.torch as unknown as Record<string, (...a: unknown[]) => Tensor>;

/** The distance functions the generator names (the same math in torch ops). */
export const distances: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  l1: (a, b) => a.sub(b).abs().sum(-1),
  sqeuclidean: (a, b) => a.sub(b).square().sum(-1),
};

/** Calls a fixture case: maps a named distance function, and CTC's logits through logSoftmax. */
export function callCase(c: Case, args: Tensor[]): Tensor {
  const { inputTransform, distanceFunction, ...opts } = toOpts(c.opts);
  if (distanceFunction) opts.distanceFunction = distances[distanceFunction as string];
  const xs = inputTransform === 'logSoftmax' ? [args[0].logSoftmax(-1), ...args.slice(1)] : args;
  return T[c.loss](...xs, opts);
}

test('the fixture covers all 21 losses of torch.nn', () => {
  assert.equal(new Set(cases.map((c) => c.loss)).size, 21);
  assert.equal([...new Set(cases.map((c) => c.loss))].filter((l) => !T[l]), []);
  assert.ok(cases.length >= 450, `${cases.length} cases`);
});

for (const c of cases) {
  test(c.name, () => {
    const args = c.args.map((a) => toTensor(a));
    const diff = c.grads.flatMap((g, i) => (g ? [i] : []));
    const direct = callCase(c, args);
    const verr = mismatch(direct, c.value);
    assert.is(verr, null, `value: ${verr}`);
    if (diff.length === 0) return;
    const [, grads] = valueAndGrad((...xs: Tensor[]) => callCase(c, args.map((a, i) => (diff.includes(i) ? xs[diff.indexOf(i)] : a))).sum(), diff.map((_, k) => k))(...diff.map((i) => args[i]));
    diff.forEach((argIndex, k) => {
      const err = mismatch(grads[k], c.grads[argIndex]!);
      assert.is(err, null, `gradient of argument ${argIndex}: ${err}`);
    });
  });
}

test('ctcLoss: gradcheck and gradgradcheck through the alpha recursion (float64), on log-probabilities directly', () => {
  const targets = tensor([[1, 1], [2, 0]], { dtype: 'int32' });
  const f = (x: Tensor) => losses.torch.ctcLoss(x.logSoftmax(2), targets, [5, 3], [2, 1], { reduction: 'sum' });
  assertGradcheck(f, [normal64([5, 2, 3], 7)]);
  assertGradgradcheck(f, [normal64([5, 2, 3], 8)]);
  // w.r.t. log-probabilities themselves the gradient is −γ (occupancies): each frame's sums to −1 where the frame is used
  const lp = normal64([5, 2, 3], 9).logSoftmax(2);
  const [, [g]] = valueAndGrad((x: Tensor) => losses.torch.ctcLoss(x, targets, [5, 3], [2, 1], { reduction: 'sum' }), [0])(lp);
  const perFrame = g.sum(2).toArray() as number[][];
  perFrame.forEach((row, t) => row.forEach((v, n) => assert.ok(Math.abs(v - (t < [5, 3][n] ? -1 : 0)) < 1e-12, `${t},${n}: ${v}`)));
});

test('ctcLoss: one logsumexp per frame in its graph, inside one torch.ctcLoss box', () => {
  const x = tensor(normal64([6, 2, 4], 3), { requiresGrad: true });
  const graph = printGraph(losses.torch.ctcLoss(x.logSoftmax(2), tensor([[1, 2], [3, 3]], { dtype: 'int32' }), [6, 6], [2, 2]));
  assert.ok(graph.split('\n').includes('torch.ctcLoss'), graph);
  assert.is(graph.split('\n').filter((l) => /\blogsumexp\b/.test(l)).length, 5 + 1); // 5 frames after the first, and the end
});

test.run();
