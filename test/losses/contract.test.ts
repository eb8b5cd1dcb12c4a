/**
 * The shared contract, looped over every exported loss: default agg gives a scalar, 'none' keeps
 * the per-element (or per-sample) shape, 'sum'/a function agg agree with 'none', a shape mismatch
 * is an error naming the loss and both shapes, each loss is one named scope in the graph, and
 * grad(grad(loss)) runs and matches finite differences of the gradient.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, printGraph, tensor, type Tensor } from '../../src/index.js';
import { normal64 } from '../helpers.js';
import { callLoss, helpers, lossNames, specs } from './_specs.js';

test('every exported loss has a spec (and nothing else is exported)', () => {
  assert.equal(lossNames.filter((n) => !specs[n]), []);
  assert.equal(Object.keys(specs).filter((n) => !lossNames.includes(n)), []);
  assert.ok(lossNames.length >= 33, `${lossNames.length} losses`);
  assert.equal(helpers.length, 2);
});

const shapeOf = (t: Tensor) => `[${t.shape.join(',')}]`;

for (const name of lossNames) {
  const spec = specs[name];

  test(`${name}: default agg is a scalar; 'none' keeps ${JSON.stringify(spec.none)}; 'sum' and agg functions reduce 'none'`, () => {
    const args = spec.args();
    const mean = callLoss(name, args);
    assert.equal(mean.shape, []);
    const none = callLoss(name, args, { agg: 'none' });
    assert.equal(none.shape, spec.none);
    assert.ok(Math.abs(mean.item() - none.mean().item()) < 1e-12);
    assert.ok(Math.abs(callLoss(name, args, { agg: 'sum' }).item() - none.sum().item()) < 1e-12);
    const w = normal64(spec.none, 9);
    const weighted = callLoss(name, args, { agg: (t: Tensor) => t.mul(w).mean() });
    assert.ok(Math.abs(weighted.item() - none.mul(w).mean().item()) < 1e-12);
  });

  test(`${name}: a shape mismatch names the loss and both shapes`, () => {
    const args = spec.args();
    // ŷ (or x2 / positive for the three-argument losses) gets a trailing dim of size 1
    const k = args.length === 3 ? 1 : 0;
    const bad = args.map((a, i) => (i === k ? a.unsqueeze(-1) : a));
    let message = '';
    try {
      callLoss(name, bad);
    } catch (e) {
      message = (e as Error).message;
    }
    assert.ok(message.startsWith(`${name}: `), `message: ${message}`);
    assert.ok(message.includes(shapeOf(bad[k])), `message: ${message}`);
    assert.ok(message.includes(shapeOf(args[k === 0 ? 1 : 0])) || message.includes(shapeOf(args[2])), `message: ${message}`);
  });

  test(`${name}: recorded as one named scope in the graph`, () => {
    const args = spec.args().map((a, i) => (i === 0 ? tensor(a, { requiresGrad: true }) : a));
    const out = callLoss(name, args);
    if (name === 'zeroOneLoss') {
      assert.is(out.requiresGrad, false);
      return;
    }
    const lines = printGraph(out).split('\n');
    assert.is(lines[0], name);
    assert.ok(lines.slice(1).every((l) => l.startsWith('  ')), printGraph(out));
  });

  test(`${name}: grad(grad(loss)) runs and matches finite differences of the gradient`, () => {
    const args = spec.args();
    const f = (x: Tensor) => callLoss(name, [x, ...args.slice(1)]).sum();
    const g = grad(f);
    const v = normal64(args[0].shape, 5);
    const hv = grad((x: Tensor) => g(x).mul(v).sum())(args[0]);
    assert.equal(hv.shape, args[0].shape);
    // H·v by central differences of the gradient along v (H is symmetric)
    const h = 1e-5;
    const fd = g(args[0].add(v.mul(h))).sub(g(args[0].sub(v.mul(h)))).div(2 * h);
    const a = Array.from(hv.contiguousData()), b = Array.from(fd.contiguousData());
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-5 + 1e-4 * Math.abs(b[i]), `element ${i}: ${x} vs ${b[i]}`));
  });
}

test('the 0-d shape of the whole-batch overlap losses: perSample false gives one scalar for any agg', () => {
  for (const name of ['diceCoeffLoss', 'tverskyLoss']) {
    const args = specs[name].args();
    const whole = callLoss(name, args, { perSample: false, agg: 'none' });
    assert.equal(whole.shape, []);
    assert.ok(Math.abs(whole.item() - callLoss(name, args, { perSample: false }).item()) < 1e-15);
  }
});

test.run();
