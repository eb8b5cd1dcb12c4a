import * as assert from 'uvu/assert';
import type { Tensor } from '../../src/index.js';
import type { ort } from './_ort.js';

/** The tolerance of the ONNX tests: relative 1e-5 (float32) or 1e-10 (float64), plus a tiny absolute floor for values near 0. */
export const tolerance = { float32: { rtol: 1e-5, atol: 1e-6 }, float64: { rtol: 1e-10, atol: 1e-14 }, int32: { rtol: 0, atol: 0 } };

/** The largest |ort − tapegrad| / (|tapegrad| + atol/rtol) over the elements (NaN = NaN). */
export function worstRelative(got: ort.Tensor, want: Tensor): number {
  const a = got.data as ArrayLike<number>, b = want.contiguousData();
  const { rtol, atol } = tolerance[want.dtype];
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (a[i] === b[i]) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (Math.abs(b[i]) + (rtol ? atol / rtol : 1e-300)));
  }
  return worst;
}

export function assertClose(got: ort.Tensor, want: Tensor, dtype: 'float32' | 'float64', what = ''): void {
  assert.equal([...got.dims], want.shape, `${what} shape`);
  assert.is(got.type, want.dtype, `${what} dtype`);
  const rtol = want.dtype === 'int32' ? 0 : tolerance[dtype].rtol;
  const worst = worstRelative(got, want);
  assert.ok(worst <= rtol, `${what} ONNX Runtime ${Array.from(got.data as ArrayLike<number>).slice(0, 8)} vs tapegrad ${Array.from(want.contiguousData()).slice(0, 8)}: relative error ${worst} > ${rtol}`);
}
