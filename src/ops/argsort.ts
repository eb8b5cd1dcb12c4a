import { makeView } from '../tensor/view.js';
import { rowMajorStrides } from '../tensor/shape.js';
import { along, rowMajor64 } from './along.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from '../tensor/create.js';
import { dimOf, flag } from './operands.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';

/** The int32 indices that sort x along dim; stable (equal values keep their order), NaN sorts as the largest. */
export const argsort = defineOp('argsort', {
  // The int32 indices that sort x along dim (ascending, or descending). The sort is stable: equal
  // elements keep their order, in both directions. NaN sorts above +Infinity (last ascending,
  // first descending), as in PyTorch. Not differentiable: sort and topk gather the values with
  // these indices, and the gradient flows through the gather.
  rule: 'argsort: none (an index, not differentiable)',
  dtype: 'int32',
  forward: ([x], { dim, descending }: { dim: number; descending: boolean }) => {
    const flat = rowMajor64(x);
    const { outer, n, inner } = along(x.shape, dim);
    const out = new Int32Array(x.size);
    const keys = new Float64Array(n), order = new Int32Array(n), nans = new Int32Array(n), scratch = new Int32Array(n);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        // Descending = ascending on the negated keys (stability is kept); NaNs are set apart.
        let m = 0, nanCount = 0;
        for (let k = 0; k < n; k++) {
          const v = flat[base + k * inner];
          keys[k] = descending ? -v : v;
          if (v !== v) nans[nanCount++] = k;
          else order[m++] = k;
        }
        mergeSort(order, m, keys, scratch);
        let at = base;
        if (descending) for (let k = 0; k < nanCount; k++, at += inner) out[at] = nans[k];
        for (let k = 0; k < m; k++, at += inner) out[at] = order[k];
        if (!descending) for (let k = 0; k < nanCount; k++, at += inner) out[at] = nans[k];
      }
    }
    return makeView(out, x.shape.slice(), rowMajorStrides(x.shape), 0);
  },
  // TopK over the whole dim, stable (ONNX breaks ties by the lower index, as tapegrad's stable sort);
  // then a second stable TopK on "is NaN" puts the NaNs last (first when descending), as tapegrad does
  onnx: (c) => {
    const { dim, descending } = c.params;
    const k = c.sizes([c.inShapes[0][dim]], `in0:${dim}`);
    const attrs: Record<string, lower.AttrValue> = { axis: { i: dim }, largest: { i: descending ? 1 : 0 }, sorted: { i: 1 } };
    let [, order] = c.nodes('TopK', [c.input(0), k], attrs, 2);
    if (c.inDtypes[0] !== 'int32') {
      const nan = c.cast(c.node('IsNaN', [c.input(0)]), 'int32');
      const [, byNan] = c.nodes('TopK', [c.node('GatherElements', [nan, order], { axis: { i: dim } }), k], attrs, 2);
      order = c.node('GatherElements', [order, byNan], { axis: { i: dim } });
    }
    c.node('Cast', [order], { to: { i: lower.toElem('int32') } }, c.out);
  },
  api: (op, name) => (x: Tensor, dim = -1, descending = false): Tensor =>
    op([tensorArg(name, x)], { dim: dimOf(name, dim, x), descending: flag(name, 'descending', descending) }),
});

/**
 * Sorts idx[0..n) by keys[idx] ascending, stably: insertion sort of runs of 16, then bottom-up
 * merges that take from the left run on ties. Typed arrays and no comparator callback keep it
 * several times faster than Array.prototype.sort with one.
 */
function mergeSort(idx: Int32Array, n: number, keys: Float64Array, tmp: Int32Array): void {
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = idx[i], key = keys[v];
      let j = i - 1;
      while (j >= lo && keys[idx[j]] > key) idx[j + 1] = idx[j--];
      idx[j + 1] = v;
    }
  }
  let src = idx, dst = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
      let a = lo, b = mid, k = lo;
      while (a < mid && b < hi) dst[k++] = keys[src[b]] < keys[src[a]] ? src[b++] : src[a++];
      while (a < mid) dst[k++] = src[a++];
      while (b < hi) dst[k++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) idx.set(src.subarray(0, n));
}
