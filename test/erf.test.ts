/** erfScalar, the per-element erf behind erf, gelu and gelu's VJP, against the exact series. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { erfScalar, erfSeries } from '../src/tensor/erf.js';

test('erfScalar is within 3e-15 of the exact series (relative below |x| = 1, absolute above), piece edges included', () => {
  const xs: number[] = [];
  for (let i = -700000; i <= 700000; i += 7) xs.push(i / 100000 + 1e-7 * Math.sin(i));
  // each piece's two ends: u = x² at multiples of 1/4 below 1, x at multiples of 1/4 above
  for (let k = 0; k <= 4; k++) for (const e of [-1e-12, 0, 1e-12]) xs.push(Math.sqrt(k / 4) + e);
  for (let k = 4; k <= 24; k++) for (const e of [-1e-12, 0, 1e-12]) xs.push(k / 4 + e, -(k / 4 + e));
  xs.push(1e-300, -1e-300, 5e-324, 1e-8);
  for (const x of xs) {
    const want = erfSeries(x, 2), err = Math.abs(erfScalar(x) - want);
    assert.ok(err <= 3e-15 * (Math.abs(x) < 1 ? Math.abs(want) : 1), `erf(${x}) = ${erfScalar(x)}, series ${want}`);
  }
});

test('erfScalar at the edges: ±0, ±∞, NaN and the tails', () => {
  assert.ok(Object.is(erfScalar(0), 0) && Object.is(erfScalar(-0), -0));
  assert.is(erfScalar(Infinity), 1);
  assert.is(erfScalar(-Infinity), -1);
  assert.ok(Number.isNaN(erfScalar(NaN)));
  assert.is(erfScalar(6.5), 1);
  assert.is(erfScalar(-30), -1);
});

test.run();
