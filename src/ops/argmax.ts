import { makeView } from '../tensor/view.js';
import { rowMajorStrides } from '../tensor/shape.js';
import type { Arr } from '../tensor/elementwise.js';
import { along, rowMajor64 } from './along.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import { dimOf, flag } from './operands.js';
import { tensorArg } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

export interface ArgParams {
  /** null: over all elements, as if flattened. */
  dim: number | null;
  keepdim: boolean;
}

/**
 * The int32 index of the largest (smallest) element along dim. Ties go to the first index; a NaN
 * counts as the extreme (its index is returned), as in PyTorch. Not differentiable (no VJP).
 */
function argExtreme(name: string, onnxOp: string, better: (v: number, best: number) => boolean) {
  return defineOp(name, {
    rule: `${name}: none (an index, not differentiable)`,
    dtype: 'int32',
    check: ([x], { dim }: ArgParams) => {
      const n = dim === null ? x.size : x.shape[dim] ?? 1;
      if (n === 0) throw new RangeError(`${name}: cannot take the index of an empty dim of ${JSON.stringify(x.shape)}`);
    },
    forward: ([x], { dim, keepdim }) => {
      const flat = rowMajor64(x);
      const { outer, n, inner } = dim === null ? { outer: 1, n: x.size, inner: 1 } : along(x.shape, dim);
      const out = new Int32Array(outer * inner);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let best = flat[o * n * inner + i], at = 0;
          for (let k = 1; k < n && best === best; k++) {
            const v = flat[(o * n + k) * inner + i];
            if (better(v, best)) { best = v; at = k; }
          }
          out[o * inner + i] = at;
        }
      }
      return view(out, outShape(x, dim, keepdim));
    },
    onnx: (c) => lower.argExtreme(c, onnxOp),
    api: (op) => (x: Tensor, dim?: number, keepdim = false): Tensor =>
      op([tensorArg(name, x)], { dim: dim === undefined ? null : dimOf(name, dim, x), keepdim: flag(name, 'keepdim', keepdim) }),
  });
}
function outShape(x: Arr, dim: number | null, keepdim: boolean): number[] {
  if (dim === null) return keepdim ? x.shape.map(() => 1) : [];
  return keepdim ? x.shape.map((n, d) => (d === dim ? 1 : n)) : x.shape.filter((_, d) => d !== dim);
}
const view = (data: Int32Array, shape: number[]) => makeView(data, shape, rowMajorStrides(shape), 0);

/** The int32 index of the largest element along dim (of the flattened tensor when dim is omitted); ties: the first; NaN counts as largest. */
export const argmax = argExtreme('argmax', 'ArgMax', (v, best) => v > best || v !== v);
/** The int32 index of the smallest element along dim (of the flattened tensor when dim is omitted); ties: the first; NaN counts as smallest. */
export const argmin = argExtreme('argmin', 'ArgMin', (v, best) => v < best || v !== v);
