import ndarray from 'ndarray';
import { dtypeOf, type DType, type TypedArray } from './dtype.js';
import type { Arr } from './elementwise.js';
import { rowMajorStrides } from './shape.js';

type ViewClass = new (...args: unknown[]) => Arr;
const classes: Record<DType, ViewClass[]> = { float32: [], float64: [], int32: [] };

/**
 * ndarray(data, shape, stride, offset), without ndarray's per-call sniffing of the storage type
 * (Object.prototype.toString and a Buffer check, which cost more than a small op itself). The
 * view class ndarray compiles for a dtype and rank is found once and then constructed directly;
 * the result is the same ndarray object.
 */
export function makeView(data: TypedArray, shape: number[], stride: number[], offset: number): Arr {
  const byRank = classes[dtypeOf(data)];
  const View = byRank[shape.length];
  switch (View ? shape.length : -1) {
    case 0: return new View(data, offset);
    case 1: return new View(data, shape[0], stride[0], offset);
    case 2: return new View(data, shape[0], shape[1], stride[0], stride[1], offset);
    case 3: return new View(data, shape[0], shape[1], shape[2], stride[0], stride[1], stride[2], offset);
    default: {
      const view = ndarray(data, shape, stride, offset) as Arr;
      byRank[shape.length] ??= view.constructor as ViewClass;
      return view;
    }
  }
}

/**
 * A row-major view of `data` with `shape` (copied; strides computed here): what every op returns
 * for a fresh output. Small ranks skip the stride array altogether.
 */
export function makeRowMajorView(data: TypedArray, shape: readonly number[], dtype: DType = dtypeOf(data)): Arr {
  const View = classes[dtype][shape.length];
  switch (View ? shape.length : -1) {
    case 0: return new View(data, 0);
    case 1: return new View(data, shape[0], 1, 0);
    case 2: return new View(data, shape[0], shape[1], shape[1], 1, 0);
    case 3: return new View(data, shape[0], shape[1], shape[2], shape[1] * shape[2], shape[2], 1, 0);
    default: return makeView(data, shape.slice(), rowMajorStrides(shape), 0);
  }
}
