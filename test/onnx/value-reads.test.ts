// Issue 23: exportOnnx of a function that branches on item() used to export the branch taken in
// silence whenever rotating the rows did not change the branch. Now the first read of an
// input-dependent value warns once, naming the read, the op and the scope, as PyTorch's tracer does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportOnnx, losses, nn, scope, tensor, type Tensor } from '../../src/index.js';

function warnings(fn: () => void): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.join(' '));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return seen;
}
const x = tensor([[1, 2], [3, -4], [5, 6]]);

test('exportOnnx warns once when f reads an input-dependent value with item() or toArray()', () => {
  // the sum does not change when the rows rotate, so the rotation check cannot see this branch
  const branchy = (v: Tensor) => scope('gate', () => (v.sum().item() > 0 ? v.relu() : v.neg()));
  const seen = warnings(() => exportOnnx(branchy, [x]));
  assert.is(seen.length, 1, seen.join('\n'));
  assert.match(seen[0]!, /^exportOnnx: item\(\) read the result of 'sum' \(in gate\) during the trace; the model keeps/);
  const twice = (v: Tensor) => (v.max().item() > 0 && v.min().item() < 0 ? v.abs() : v);
  assert.is(warnings(() => exportOnnx(twice, [x])).length, 1);
  const listed = warnings(() => exportOnnx((v) => v.mul((v.toArray() as number[][])[0]![0]! > 0 ? 2 : 3), [x], { dynamicBatch: false }));
  assert.match(listed.join('\n'), /toArray\(\) read an input during the trace/);
});

test('exportOnnx does not warn for reads that decide nothing: constants, params, the losses\' own label checks', () => {
  const c = tensor([2]);
  assert.equal(warnings(() => exportOnnx((v) => v.mul(c.item()), [x])), []);
  const lin = new nn.Linear(2, 1);
  assert.equal(warnings(() => exportOnnx((v) => lin.forward(v).mul(lin.bias!.item() > 9 ? 1 : 1), [x], { params: lin.namedParameters() })), []);
  const p = tensor([[0.2], [0.7], [0.9]]), y = tensor([[0], [1], [1]]);
  assert.equal(warnings(() => exportOnnx((a, b) => losses.binaryCrossentropy(a, b), [p, y])), []);
  const h = tensor([0.5, -2, 1]), s = tensor([1, -1, 1]);
  assert.equal(warnings(() => exportOnnx((a, b) => losses.hingeLoss(a, b), [h, s])), []);
  // and item() outside an export is silent
  assert.equal(warnings(() => void x.sum().item()), []);
});

test.run();
