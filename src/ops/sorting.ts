/** sort and topk: argsort's indices, and the values gathered with them (so the gradient flows back through gather). */
import { tensorArg } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { argsort } from './argsort.js';
import { dimOf, flag } from './operands.js';
import { checkFlag } from '../tensor/options.js';

/**
 * x sorted along dim and the int32 indices it came from (values = x.gather(dim, indices)). Stable:
 * ties keep their original order. The gradient of `values` flows back to the original positions.
 */
export function sort(x: Tensor, dim = -1, descending = false): { values: Tensor; indices: Tensor } {
  dimOf('sort', dim, tensorArg('sort', x));
  checkFlag('sort', 'descending', descending);
  const indices = argsort(x, dim, descending);
  return { values: x.gather(dimOf('sort', dim, x), indices), indices };
}

/**
 * The k largest (smallest, `largest: false`) elements along dim, sorted, and their int32 indices.
 * Among equal values the one at the lower index comes first.
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true): { values: Tensor; indices: Tensor } {
  const d = dimOf('topk', dim, tensorArg('topk', x));
  const n = x.ndim === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`topk: k = ${k} is out of range for dim ${dim} of size ${n} (shape ${shapeStr(x.shape)})`);
  const indices = argsort(x, d, flag('topk', 'largest', largest)).slice(d, 0, k);
  return { values: x.gather(d, indices), indices };
}
