import type { DType } from './dtype.js';
import type { Tensor } from './tensor.js';

/**
 * The JSON form of a tensor, what `Tensor.toJSON()` gives and `fromJSON()` reads:
 * `{ "dtype": "float32" | "float64" | "int32", "shape": [2, 3], "data": [flat row-major values] }`.
 * JSON has no NaN or infinities, and JSON.stringify drops the sign of −0, so those are written
 * as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"`. float32 values are written as the shortest decimal that reads back to the same
 * float32 (`Math.fround(Number(text))`), so a round trip is exact for every dtype.
 */
export interface TensorJSON {
  /** Element type. */
  dtype: DType;
  /** Dimensions; `[]` for a scalar. */
  shape: number[];
  /** The values in row-major order. */
  data: Array<number | JSONSpecial>;
}
export type JSONSpecial = 'NaN' | 'Infinity' | '-Infinity' | '-0';

const encodeNumber = (x: number): number | JSONSpecial =>
  Number.isFinite(x) ? (Object.is(x, -0) ? '-0' : x) : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';

/** The documented JSON form of `t` (see {@link TensorJSON}); `JSON.stringify(t)` calls this. */
export function tensorToJSON(t: Tensor): TensorJSON {
  const flat = t.contiguousData();
  const data = new Array<number | JSONSpecial>(flat.length);
  if (t.dtype === 'float32') for (let i = 0; i < flat.length; i++) data[i] = encodeNumber(shortestFloat32(flat[i]!));
  else for (let i = 0; i < flat.length; i++) data[i] = encodeNumber(flat[i]!);
  return { dtype: t.dtype, shape: [...t.shape], data };
}

/** The fewest significant digits that still round back to the same float32 (at most 9). */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 6; p < 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return Number(x.toPrecision(9));
}
