import { makeView } from '../tensor/view.js';
import { shapeStr } from '../tensor/shape.js';
import type { OpDef } from './types.js';

/**
 * Broadcasts x to `shape` as a stride-0 view (no copy): new leading dims and size-1 dims repeat.
 * d = the gradient summed over the repeated dims: the only place broadcasting is undone.
 */
export const expand: OpDef<{ shape: number[] }> = {
  rule: 'expand: g summed over the expanded dims',
  dtype: 'promote',
  check: ([x], { shape }) => {
    const lead = shape.length - x.ndim;
    const ok = lead >= 0 && x.shape.every((n, i) => n === shape[lead + i] || n === 1);
    if (!ok) throw new RangeError(`expand: cannot expand ${shapeStr(x.shape)} to ${shapeStr(shape)}`);
  },
  forward: ([x], { shape }) => {
    const lead = shape.length - x.shape.length;
    const stride = shape.map((n, i) => (i < lead || (x.shape[i - lead] === 1 && n !== 1) ? 0 : x.stride[i - lead]));
    return makeView(x.data, shape.slice(), stride, x.offset);
  },
  vjp: (g, { inputs: [x], params: { shape } }) => {
    const lead = shape.length - x.ndim;
    const dims = shape.flatMap((n, i) => (i < lead || (x.shape[i - lead] === 1 && n !== 1) ? [i] : []));
    return [dims.length ? g.sum(dims, true).reshape(x.shape) : g.reshape(x.shape)];
  },
};
