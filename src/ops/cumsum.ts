import { makeView } from '../tensor/view.js';
import { allocate } from '../tensor/dtype.js';
import { copyInto } from '../tensor/elementwise.js';
import { isRowMajor, rowMajorStrides } from '../tensor/shape.js';
import { along } from './along.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { dimOf } from './operands.js';
import { checkOptions } from '../tensor/options.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

/** Running sums along dim: out[k] = x[0] + ... + x[k] (with `reverse`, x[k] + ... + x[n−1]). Accumulated in float64. */
export const cumsum = defineOp('cumsum', {
  // Running sums along dim (from the end when `reverse`), accumulated in float64 (JS numbers) as
  // PyTorch does on the CPU, and rounded once per output element. cumsum is linear: d = the running
  // sums of the gradient taken in the other direction. int32 sums are kept in float64 and a running
  // sum that leaves the int32 range is an error, as for `sum` (PyTorch would promote to int64).
  rule: 'cumsum: reverse cumsum of g along dim',
  dtype: 'promote',
  forward: ([x], { dim, reverse }: { dim: number; reverse: boolean }, dtype) => {
    const result = allocate(dtype, x.size);
    const out = dtype === 'int32' ? new Float64Array(x.size) : result; // exact sums, checked below
    let src = x.data, base = x.offset;
    if (!isRowMajor(x.shape, x.stride)) {
      src = allocate(dtype, x.size);
      copyInto(src, x);
      base = 0;
    }
    const { outer, n, inner } = along(x.shape, dim);
    const first = reverse ? n - 1 : 0, step = reverse ? -inner : inner;
    const run = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      const block = o * n * inner;
      if (inner === 1) {
        let acc = 0;
        for (let k = 0, at = block + first; k < n; k++, at += step) out[at] = acc += src[base + at];
        continue;
      }
      run.fill(0);
      for (let k = 0, row = block + first * inner; k < n; k++, row += step) {
        for (let i = 0; i < inner; i++) out[row + i] = run[i] += src[base + row + i];
      }
    }
    if (out !== result) {
      for (let i = 0; i < out.length; i++) {
        if (out[i]! < -(2 ** 31) || out[i]! >= 2 ** 31) {
          throw new RangeError(`cumsum: the int32 running sum ${out[i]} leaves the int32 range; convert first, e.g. x.to('float64').cumsum(${dim})`);
        }
      }
      result.set(out);
    }
    return makeView(result, x.shape.slice(), rowMajorStrides(x.shape), 0);
  },
  vjp: (g, { params: { dim, reverse } }): Grads => [g.cumsum(dim, { reverse: !reverse })],
  onnx: (c) =>
    void c.node('CumSum', [c.input(0, c.outDtype), c.ints([c.params.dim])], { reverse: { i: c.params.reverse ? 1 : 0 } }, c.out),
  api: (op, name) => (x: Tensor, dim: number, opts: { reverse?: boolean } = {}): Tensor => {
    checkOptions(name, opts, { reverse: 'bool' });
    return op([tensorArg(name, x)], { dim: dimOf(name, dim, x), reverse: opts.reverse ?? false });
  },
});
