// The loss explorer's catalogue outside the browser: every curve is a real loss with a formula in
// its doc comment, the derivatives are the tape's, and the framework variants differ where the
// explorer says they do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axes, curve, defaultOn, defaultOptions, explorerLosses, grid, sliders, type AxisName } from '../playground/explorer-losses.js';
import { docsOf, lossDocs } from '../playground/loss-docs.js';

const docs = lossDocs();
const byCall = (call: string) => explorerLosses.find((l) => l.call === call)!;

test('every explorer loss has a formula from its doc comment, options that are sliders, and defaults that exist', () => {
  for (const l of explorerLosses) {
    assert.ok(docs[l.doc]?.formula.startsWith('`'), `${l.doc}: formula`);
    assert.ok(docs[l.doc]!.summary.length > 5, `${l.doc}: summary`);
    for (const o of l.options) assert.ok(o in sliders, `${l.call}: ${o}`);
  }
  for (const [axis, calls] of Object.entries(defaultOn)) for (const c of calls) assert.is(byCall(c)?.axis, axis as AxisName, c);
  assert.is(new Set(explorerLosses.map((l) => l.call)).size, explorerLosses.length, 'calls are unique');
  assert.equal(docsOf('/**\n * One.\n *\n * `f(x)`, more\n * text\n *\n * @example\n * f(1)\n */\nexport function f(x) {}'), { f: { summary: 'One.', formula: '`f(x)`, more text' } });
});

test('curves: finite values, and tape derivatives that match central differences away from kinks', () => {
  const o = defaultOptions();
  for (const l of explorerLosses) {
    for (const t of axes[l.axis].targets) {
      const xs = grid(l.axis, 41);
      const c = curve(l, xs, t.value, o, 'float64');
      assert.ok(c.loss.every(Number.isFinite) && c.grad.every(Number.isFinite), `${l.call} y=${t.value}`);
      const h = 1e-6;
      for (const i of [7, 23, 33]) {
        const x = xs[i]!;
        const [lo, hi] = [curve(l, Float64Array.of(x - h), t.value, o, 'float64').loss[0]!, curve(l, Float64Array.of(x + h), t.value, o, 'float64').loss[0]!];
        assert.ok(Math.abs((hi - lo) / (2 * h) - c.grad[i]!) < 1e-4 * (1 + Math.abs(c.grad[i]!)), `${l.call} y=${t.value} at ${x}: ${(hi - lo) / (2 * h)} vs ${c.grad[i]}`);
      }
    }
  }
});

test('the comparisons the explorer is for: Keras clipping vs ε inside the log at ŷ = 0, label smoothing, δ', () => {
  const o = defaultOptions();
  const zero = Float64Array.of(0);
  const inside = curve(byCall('binaryCrossentropy(ŷ, y, { eps })'), zero, 1, o);
  const clipped = curve(byCall('keras.binaryCrossentropy(ŷ, y, { labelSmoothing })'), zero, 1, o);
  assert.ok(Math.abs(inside.loss[0]! - clipped.loss[0]!) < 1e-5, 'both −log(1e-7) at ŷ = 0');
  assert.ok(inside.grad[0]! < -1e6, `ε inside the log: a gradient of −1/ε (${inside.grad[0]})`);
  assert.is(clipped.grad[0], 0, 'clipping: no gradient below ε');
  // two-class logitCrossentropy with label smoothing is Keras' binary form from logits
  const xs = grid('logit', 21);
  const smooth = { ...o, labelSmoothing: 0.2 };
  const ce = curve(byCall('logitCrossentropy([0, z], y, { labelSmoothing }) (two classes)'), xs, 1, smooth, 'float64');
  const kb = curve(byCall('keras.binaryCrossentropy(z, y, { fromLogits: true, labelSmoothing })'), xs, 1, smooth, 'float64');
  for (let i = 0; i < xs.length; i++) assert.ok(Math.abs(ce.loss[i]! - kb.loss[i]!) < 1e-12 && Math.abs(ce.grad[i]! - kb.grad[i]!) < 1e-12);
  // PyTorch's BCE clamps the log at −100: 100 at ŷ = 0, where ε inside the log gives −log(ε)
  assert.is(curve(byCall('torch.binaryCrossEntropy(ŷ, y)'), zero, 1, o, 'float64').loss[0], 100);
  // PyTorch's soft margin loss on ±1 labels is logistic: the logit BCE curve (posWeight 1)
  const soft = curve(byCall('torch.softMarginLoss(z, 2y − 1)'), xs, 0, o, 'float64');
  const bce = curve(byCall('logitBinaryCrossentropy(z, y, { posWeight })'), xs, 0, { ...o, posWeight: 1 }, 'float64');
  for (let i = 0; i < xs.length; i++) assert.ok(Math.abs(soft.loss[i]! - bce.loss[i]!) < 1e-12 && Math.abs(soft.grad[i]! - bce.grad[i]!) < 1e-12);
  // a slider changes the curve: Huber's slope beyond δ is δ
  const huber = byCall('huberLoss(ŷ, y, { delta })');
  assert.is(curve(huber, Float64Array.of(3), 0, { ...o, delta: 0.5 }).grad[0], 0.5);
  assert.is(curve(huber, Float64Array.of(3), 0, { ...o, delta: 2 }).grad[0], 2);
});

test.run();
