import { makeView } from './view.js';
import { allocate, type DType, type TypedArray } from './dtype.js';
import { copyInto, type Arr } from './kernels.js';
import { isRowMajor, rowMajorStrides, sizeOf } from './shape.js';

export type ReduceKind = 'sum' | 'max' | 'min' | 'prod';

// acc = step(acc, v); max/min propagate NaN as PyTorch does.
const STEP: Record<ReduceKind, [init: string, step: string]> = {
  sum: ['0', 'acc + v'],
  prod: ['1', 'acc * v'],
  max: ['-Infinity', '(v > acc || v !== v) ? v : acc'],
  min: ['Infinity', '(v < acc || v !== v) ? v : acc'],
};

type Reducer = (out: TypedArray, x: TypedArray, xo: number, outer: number, inner: number, leading: boolean) => void;

function compile(kind: ReduceKind): Reducer {
  const [init, step] = STEP[kind];
  const stepInto = step.replaceAll('acc', 'out[j]');
  return new Function(`
    return function reduce(out, x, xo, outer, inner, leading) {
      if (!leading) {
        for (let r = 0; r < outer; r++) {
          let acc = ${init};
          const base = xo + r * inner;
          for (let i = 0; i < inner; i++) { const v = x[base + i]; acc = ${step}; }
          out[r] = acc;
        }
        return;
      }
      out.fill(${init});
      for (let i = 0; i < inner; i++) {
        const base = xo + i * outer;
        for (let j = 0; j < outer; j++) { const v = x[base + j]; out[j] = ${stepInto}; }
      }
    };`)() as Reducer;
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
  const rank = x.shape.length;
  const keepShape = x.shape.map((n, i) => (dims.includes(i) ? 1 : n));
  const outer = sizeOf(keepShape);
  const inner = outer === 0 ? 0 : x.size / outer;
  const out = allocate(dtype, outer);
  const result = makeView(out, keepShape, rowMajorStrides(keepShape), 0);
  if (outer === 0) return result;
  const rowMajor = isRowMajor(x.shape, x.stride);
  const isPrefix = dims.every((d, i) => d === i);
  const isSuffix = dims.every((d, i) => d === rank - dims.length + i);
  if (rowMajor && isSuffix) {
    reducers[kind](out, x.data, x.offset, outer, inner, false);
  } else if (rowMajor && isPrefix) {
    reducers[kind](out, x.data, x.offset, outer, inner, true);
  } else {
    const kept = keepShape.map((_, i) => i).filter((i) => !dims.includes(i));
    const moved = x.transpose(...kept, ...dims);
    const buf = allocate(dtype, x.size);
    copyInto(buf, moved);
    reducers[kind](out, buf, 0, outer, inner, false);
  }
  return result;
}
