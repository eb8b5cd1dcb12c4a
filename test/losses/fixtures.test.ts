/** Every case of test/fixtures/losses.json: the value and the gradient of value.sum() w.r.t. each differentiable argument. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { valueAndGrad, type Tensor } from '../../src/index.js';
import { call, cases, mismatch, toOpts, toTensor } from './_fixtures.js';

test('the fixture covers every case the generator writes', () => {
  assert.ok(cases.length >= 780, `${cases.length} cases`);
});

for (const c of cases) {
  test(c.name, () => {
    const args = c.args.map((a) => toTensor(a));
    const opts = toOpts(c.opts);
    const diff = c.grads.flatMap((g, i) => (g ? [i] : []));
    if (diff.length === 0) {
      const err = mismatch(call(c.loss, args, opts), c.value);
      assert.is(err, null, `value: ${err}`);
      return;
    }
    const [value, grads] = valueAndGrad((...xs: Tensor[]) => call(c.loss, xs, opts).sum(), diff)(...args);
    const direct = call(c.loss, args, opts);
    const verr = mismatch(direct, c.value);
    assert.is(verr, null, `value: ${verr}`);
    assert.ok(Math.abs(value.item() - direct.sum().item()) <= 1e-9 * (1 + Math.abs(value.item())) || !Number.isFinite(value.item()));
    diff.forEach((argIndex, k) => {
      const err = mismatch(grads[k], c.grads[argIndex]!);
      assert.is(err, null, `gradient of argument ${argIndex}: ${err}`);
    });
  });
}

test.run();
