import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { describe } from '../tensor/validate.js';
import { normalizeDim, shapeStr } from '../tensor/shape.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** The dims of x reordered: result dim i is dim dims[i] of x (torch.permute); negative dims count from the end. */
export const permute = defineOp('permute', {
  // A view with the dims reordered: out dim i is x dim dims[i]. d = the inverse permutation.
  rule: 'permute: g permuted back (inverse permutation)',
  dtype: 'promote',
  forward: ([x], { dims }: { dims: number[] }) => x.transpose(...dims),
  vjp: (g, { params: { dims } }): Grads => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [g.permute(inverse)];
  },
  onnx: (c) => void c.node('Transpose', [c.input(0)], { perm: { ints: c.params.dims } }, c.out),
  api: (op, name) => (x: Tensor, dims: readonly number[]): Tensor => {
    tensorArg(name, x);
    if (!Array.isArray(dims)) throw new TypeError(`${name}: dims must be an array of integers, got ${describe(dims)}`);
    const perm = dims.map((d) => normalizeDim(name, d, x.ndim));
    if (perm.length !== x.ndim || new Set(perm).size !== perm.length) {
      throw new RangeError(`${name}: [${dims.join(',')}] is not a permutation of the ${x.ndim} dims of ${shapeStr(x.shape)}`);
    }
    return op([x], { dims: perm });
  },
});
