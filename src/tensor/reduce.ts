import { makeView } from './view.js';
import { allocate, dtypeOf, type DType, type TypedArray } from './dtype.js';
import { fitsInt32 } from './validate.js';
import { copyInto, type Arr } from './elementwise.js';
import { isRowMajor, rowMajorStrides, sizeOf } from './shape.js';
import { kernel } from './kernels/index.js';

export type ReduceKind = 'sum' | 'max' | 'min' | 'prod';

// acc = step(acc, v); max/min propagate NaN as PyTorch does.
const STEP: Record<ReduceKind, [init: string, step: string]> = {
  sum: ['0', 'acc + v'],
  prod: ['1', 'acc * v'],
  max: ['-Infinity', '(v > acc || v !== v) ? v : acc'],
  min: ['Infinity', '(v < acc || v !== v) ? v : acc'],
};

type Reducer = (out: TypedArray, x: TypedArray, xo: number, outer: number, inner: number, leading: boolean, wide: TypedArray) => void;

/**
 * The trailing path accumulates in float64 locals. The leading path keeps its running values in
 * `wide`: for prod a float64 scratch (a float32 partial product could underflow to 0 and turn −∞
 * into NaN, or overflow), for the others `out` itself (max/min are exact in any precision; a
 * float32 sum rounds per row, which is cheaper than a float64 pass over a wide output). It starts
 * from the first row, not from init: ±Infinity stored into an Int32Array reads back as 0.
 */
function compile(kind: ReduceKind): Reducer {
  const [init, step] = STEP[kind];
  const stepInto = step.replaceAll('acc', 'wide[j]');
  // A sum keeps four partial sums (one chain of dependent adds waits on each add's latency),
  // combined pairwise at the end (the trailing path of a sum is KernelSet.sumRows, the same arithmetic).
  const row = kind === 'sum'
    ? `let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = 0;
          for (; i + 3 < inner; i += 4) { a0 += x[base + i]; a1 += x[base + i + 1]; a2 += x[base + i + 2]; a3 += x[base + i + 3]; }
          for (; i < inner; i++) a0 += x[base + i];
          out[r] = (a0 + a1) + (a2 + a3);`
    : `let acc = ${init};
          for (let i = 0; i < inner; i++) { const v = x[base + i]; acc = ${step}; }
          out[r] = acc;`;
  return new Function(`
    return function reduce(out, x, xo, outer, inner, leading, wide) {
      if (!leading) {
        for (let r = 0; r < outer; r++) {
          const base = xo + r * inner;
          ${row}
        }
        return;
      }
      if (inner === 0) { out.fill(${init}); return; }
      for (let j = 0; j < outer; j++) wide[j] = x[xo + j];
      for (let i = 1; i < inner; i++) {
        const base = xo + i * outer;
        for (let j = 0; j < outer; j++) { const v = x[base + j]; wide[j] = ${stepInto}; }
      }
      if (wide !== out) for (let j = 0; j < outer; j++) out[j] = wide[j];
    };`)() as Reducer;
}
let scratch = new Float64Array(0);
function wideFor(kind: ReduceKind, out: TypedArray): TypedArray {
  if (kind !== 'prod' || out instanceof Float64Array) return out;
  if (scratch.length < out.length) scratch = new Float64Array(out.length);
  return scratch;
}
const reducers = {
  sum: compile('sum'), prod: compile('prod'), max: compile('max'), min: compile('min'),
} satisfies Record<ReduceKind, Reducer>;

/**
 * Reduces `dims` of x (sorted, unique) and returns the result with those dims kept as size 1.
 * Fast paths: reduced dims last in a row-major x (a tight loop per output), or first (rows are
 * accumulated into the output, as for a bias gradient); anything else is copied into a row-major
 * buffer with the reduced dims moved last.
 */
export function reduce(x: Arr, dims: readonly number[], kind: ReduceKind, dtype: DType): Arr {
  const keepShape = x.shape.map((n, i) => (dims.includes(i) ? 1 : n));
  // An int32 sum or product is accumulated in float64 (exact to 2⁵³) and must land in int32.
  if (dtype === 'int32' && (kind === 'sum' || kind === 'prod')) {
    const wide = reduceInto(allocate('float64', sizeOf(keepShape)), x, dims, kind, keepShape);
    for (let i = 0; i < wide.length; i++) {
      if (!fitsInt32(wide[i])) {
        throw new RangeError(`${kind}: the int32 result ${wide[i]} leaves the int32 range; convert first, e.g. x.to('float64').${kind}()`);
      }
    }
    return makeView(Int32Array.from(wide), keepShape, rowMajorStrides(keepShape), 0);
  }
  return makeView(reduceInto(allocate(dtype, sizeOf(keepShape)), x, dims, kind, keepShape), keepShape, rowMajorStrides(keepShape), 0);
}

function reduceInto(out: TypedArray, x: Arr, dims: readonly number[], kind: ReduceKind, keepShape: number[]): TypedArray {
  const rank = x.shape.length;
  const outer = out.length;
  const inner = outer === 0 ? 0 : x.size / outer;
  if (outer === 0) return out;
  const rowMajor = isRowMajor(x.shape, x.stride);
  const isPrefix = dims.every((d, i) => d === i);
  const isSuffix = dims.every((d, i) => d === rank - dims.length + i);
  if (rowMajor && isSuffix && kind === 'sum') {
    kernel.sumRows(x.data, x.offset, outer, inner, out);
  } else if (rowMajor && isSuffix) {
    reducers[kind](out, x.data, x.offset, outer, inner, false, scratch);
  } else if (rowMajor && isPrefix && kind === 'sum' && inner > 0) {
    kernel.sumColumns(x.data, x.offset, inner, outer, out);
  } else if (rowMajor && isPrefix) {
    reducers[kind](out, x.data, x.offset, outer, inner, true, wideFor(kind, out));
  } else {
    const kept = keepShape.map((_, i) => i).filter((i) => !dims.includes(i));
    const moved = x.transpose(...kept, ...dims);
    const buf = allocate(dtypeOf(x.data), x.size);
    copyInto(buf, moved);
    reducers[kind](out, buf, 0, outer, inner, false, scratch);
  }
  return out;
}
