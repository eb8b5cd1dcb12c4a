/** isclose and allclose: PyTorch's tolerance tests, as 0/1 masks computed without recording. */
import { noGrad } from '../autograd/tape/state.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { asTensor } from './operands.js';
import { checkOptions } from '../tensor/options.js';

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** NaN against NaN counts as close (default false). */
  equalNan?: boolean;
}

/**
 * A 0/1 mask (broadcast shape) of |a − b| ≤ atol + rtol·|b| (not symmetric, as in PyTorch and
 * NumPy). Infinities are close only to themselves; NaN to nothing unless `equalNan`.
 */
export function isclose(a: TensorLike, b: TensorLike, opts: CloseOptions = {}): Tensor {
  checkOptions('isclose', opts, { rtol: 'any', atol: 'any', equalNan: 'bool' });
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  if (!(rtol >= 0) || !(atol >= 0)) throw new RangeError(`isclose: rtol and atol must be ≥ 0, got ${rtol} and ${atol}`);
  return noGrad(() => {
    const x = asTensor('isclose', a), y = asTensor('isclose', b);
    broadcastShapes('isclose', x.shape, y.shape);
    const finite = (t: Tensor) => t.sub(t).eq(0);
    const near = x.sub(y).abs().le(y.abs().mul(rtol).add(atol)).mul(finite(x)).mul(finite(y));
    const same = near.maximum(x.eq(y));
    return equalNan ? same.maximum(x.eq(x).add(y.eq(y)).eq(0)) : same;
  });
}

/** True when every element of a is close to b (isclose's rule and options). */
export function allclose(a: TensorLike, b: TensorLike, opts: CloseOptions = {}): boolean {
  checkOptions('allclose', opts, { rtol: 'any', atol: 'any', equalNan: 'bool' });
  broadcastShapes('allclose', asTensor('allclose', a).shape, asTensor('allclose', b).shape);
  const m = isclose(a, b, opts);
  return m.size === 0 || noGrad(() => m.min()).item() === 1;
}
