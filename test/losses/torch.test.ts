/**
 * losses.torch against PyTorch 1.13: every case of test/fixtures/torch-losses.json
 * (scripts/golden/torch_losses.py, torch.nn.functional's own numbers), value and gradient of
 * value.sum() w.r.t. every float argument, float64, 1e-9.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, valueAndGrad, type Tensor } from '../../src/index.js';
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

test.run();
