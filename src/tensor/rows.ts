import { makeView } from './view.js';
import { allocate, type TypedArray } from './dtype.js';
import { copyInto, type Arr } from './elementwise.js';
import { isRowMajor, rowMajorStrides } from './shape.js';

export { rowShift } from './kernels/js/rows.js';

/**
 * The elements of x as row-major rows over `dims` (those dims moved last and flattened): what
 * softmax, logSoftmax and logsumexp loop over. No copy when the dims already are x's last ones in
 * a row-major layout.
 */
export interface Rows {
  data: TypedArray;
  offset: number;
  rows: number;
  cols: number;
  /** x's shape with dims moved last. */
  movedShape: number[];
  /** The permutation that moved them. */
  perm: number[];
}

export function rowsOver(x: Arr, dims: readonly number[]): Rows {
  const rank = x.shape.length;
  if (rank === 0) dims = []; // dim 0 / −1 of a 0-d tensor: its one element is its own row

  const perm = [...Array(rank).keys()].filter((d) => !dims.includes(d)).concat(dims);
  const moved = rank === 0 ? x : x.transpose(...perm);
  const cols = dims.reduce((n, d) => n * x.shape[d], 1);
  // cols = 0 (an empty reduced dim) still leaves one row per kept position: lse = −∞ there.
  const rows = x.shape.reduce((n, s, d) => (dims.includes(d) ? n : n * s), 1);
  const movedShape = moved.shape.slice();
  if (isRowMajor(moved.shape, moved.stride)) return { data: x.data, offset: x.offset, rows, cols, movedShape, perm };
  const data = allocate(x.dtype === 'float64' ? 'float64' : 'float32', x.size);
  copyInto(data, moved);
  return { data, offset: 0, rows, cols, movedShape, perm };
}

/** A row-major result laid out like `r` (dims last), viewed back in x's dim order. */
export function fromRows(out: TypedArray, r: Rows): Arr {
  const view = makeView(out, r.movedShape, rowMajorStrides(r.movedShape), 0);
  if (r.perm.length === 0) return view;
  const inverse = new Array<number>(r.perm.length);
  r.perm.forEach((p, i) => (inverse[p] = i));
  return view.transpose(...inverse);
}

