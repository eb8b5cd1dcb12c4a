export type Shape = readonly number[];

export const shapeStr = (s: Shape): string => `[${s.join(',')}]`;

/**
 * The most dims a decoded tensor (safetensors, .npy, fromJSON) may have: PyTorch's limit. Checked before anything is built, since
 * a view of rank r costs about r² to make (a 2 KB header of 1,000 ones took seconds to decode).
 */
export const MAX_DIMS = 64;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function rowMajorStrides(shape: Shape): number[] {
  const stride = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    stride[i] = s;
    s *= shape[i];
  }
  return stride;
}

/** True when elements sit densely in row-major order (dims of size 1 may have any stride). */
export function isRowMajor(shape: Shape, stride: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves a possibly negative dim against a rank, or throws naming the op. A 0-d tensor takes 0 and −1, as in PyTorch. */
export function normalizeDim(op: string, dim: number, rank: number): number {
  const d = dim < 0 ? dim + Math.max(rank, 1) : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= Math.max(rank, 1)) {
    throw new RangeError(`${op}: dim ${dim} is out of range for a tensor of rank ${rank}`);
  }
  return d;
}

/**
 * Sorted dims of a reduction. undefined and [] mean all dims (PyTorch 1.13 reduces everything for
 * dim=[]); a dim named twice (also as d and d − rank) is an error, as in PyTorch.
 */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, rank: number): number[] {
  if (dims === undefined || (Array.isArray(dims) && dims.length === 0)) return Array.from({ length: rank }, (_, i) => i);
  if (typeof dims !== 'number' && !Array.isArray(dims)) throw new TypeError(`${op}: dim must be a number or an array of numbers, got ${typeof dims}`);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normalizeDim(op, d, rank)).sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new RangeError(`${op}: dim ${out[i]} appears more than once in [${list.join(',')}]`);
  }
  if (rank === 0) return [];
  return out;
}

/** NumPy broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new RangeError(`${op}: cannot broadcast ${shapeStr(a)} with ${shapeStr(b)}`);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}
