/**
 * Shape compositions: transpose, select, squeeze/unsqueeze, stack, split/chunk, repeat/tile. Each
 * is made of the view primitives (permute, slice, reshape, expand, concat), so it needs no VJP
 * of its own.
 */
import { tensorArg } from '../tensor/create.js';
import { normalizeDim, normalizeDims, shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { describe } from '../tensor/validate.js';
import { concat } from './concat.js';
import { applyOp } from './define.js';
import { permute } from './permute.js';
import { reshape } from './reshape.js';
import { slice } from './slice.js';

type Dims = number | readonly number[];

/** Swaps dims d0 and d1 (default the last two); a tensor of fewer than 2 dims is returned as is. */
export function transpose(x: Tensor, d0 = -2, d1 = -1): Tensor {
  if (tensorArg('transpose', x).ndim < 2) return x;
  const a = normalizeDim('transpose', d0, x.ndim), b = normalizeDim('transpose', d1, x.ndim);
  const perm = [...Array(x.ndim).keys()];
  perm[a] = b;
  perm[b] = a;
  return applyOp('permute', [x], { dims: perm });
}

/**
 * The slice at `index` along dim with that dim removed (x[:, index] for dim 1); a negative index
 * counts from the end. Out of range is an error.
 */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, tensorArg('select', x).ndim);
  const i = index < 0 ? index + x.shape[d] : index;
  if (!Number.isInteger(i) || i < 0 || i >= x.shape[d]) {
    throw new RangeError(`select: index ${index} is out of range for dim ${dim} of size ${x.shape[d]}`);
  }
  return squeeze(slice(x, d, i, i + 1), d);
}

/** Removes size-1 dims: the given ones (a listed dim of another size is kept, as PyTorch), or all. */
export function squeeze(x: Tensor, dim?: Dims): Tensor {
  tensorArg('squeeze', x);
  if (Array.isArray(dim) && dim.length === 0) return x;
  const dims = dim === undefined ? x.shape.flatMap((n, i) => (n === 1 ? [i] : [])) : normalizeDims('squeeze', dim, x.ndim);
  return reshape(x, x.shape.filter((n, i) => !(dims.includes(i) && n === 1)));
}

/** Inserts a size-1 dim at position dim (−1: a new last dim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, tensorArg('unsqueeze', x).ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Joins same-shaped tensors along a new dim (torch.stack). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors)) throw new TypeError(`stack: expected an array of Tensors, got ${describe(tensors)}`);
  if (tensors.length === 0) throw new RangeError('stack: needs at least one tensor');
  tensors.forEach((t, i) => tensorArg('stack', t, `tensors[${i}]`));
  const d = normalizeDim('stack', dim, tensors[0].ndim + 1);
  return concat(tensors.map((t) => unsqueeze(t, d)), d);
}

/**
 * Views of consecutive pieces of x along dim: of `size` elements each (the last may be smaller),
 * or of the given sizes, which must add up to the dim's length.
 */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, tensorArg('split', x).ndim);
  const n = x.shape[d];
  let list: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new RangeError(`split: size must be a positive integer, got ${sizes}`);
    list = Array.from({ length: Math.max(Math.ceil(n / sizes), 1) }, (_, i) => Math.min(sizes, n - i * sizes));
  } else {
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      throw new RangeError(`split: sizes [${sizes.join(',')}] do not add up to ${n}, the size of dim ${dim} of ${shapeStr(x.shape)}`);
    }
    list = [...sizes];
  }
  let start = 0;
  return list.map((s) => x.slice(d, start, (start += s)));
}

/** x split into `chunks` pieces of ⌈n/chunks⌉ along dim, as PyTorch's chunk (which may give fewer pieces; an empty dim gives `chunks` empty ones). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  tensorArg('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim), n = x.shape[d];
  if (n === 0) return Array.from({ length: chunks }, () => x.slice(d, 0, 0));
  return split(x, Math.ceil(n / chunks), d);
}

function tiled(op: string, x: Tensor, reps: readonly number[]): Tensor {
  if (!Array.isArray(reps)) throw new TypeError(`${op}: repetitions must be an array of integers, got ${typeof reps}`);
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) throw new RangeError(`${op}: repetitions must be integers ≥ 0, got [${reps.join(',')}]`);
  const shape = [...Array(reps.length - x.ndim).fill(1), ...x.shape];
  // Each dim s becomes [r, s]: a broadcast (whose VJP sums the copies), then merged.
  const spaced = x.reshape(shape.flatMap((s) => [1, s]));
  const copies = spaced.expand(shape.flatMap((s, i) => [reps[i], s]));
  return copies.reshape(shape.map((s, i) => s * reps[i]));
}

/** PyTorch's Tensor.repeat: x tiled reps[i] times along dim i; reps may add leading dims, but not fewer than x.ndim. */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  tensorArg('repeat', x);
  if (!Array.isArray(reps)) throw new TypeError(`repeat: repetitions must be an array of integers, got ${typeof reps}`);
  if (reps.length < x.ndim) throw new RangeError(`repeat: ${reps.length} repetitions for a tensor of rank ${x.ndim} (shape ${shapeStr(x.shape)}); give at least one per dim`);
  return tiled('repeat', x, reps);
}

/** NumPy's and PyTorch's tile: repeat, with missing leading repetitions taken as 1. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  tensorArg('tile', x);
  if (!Array.isArray(reps)) throw new TypeError(`tile: repetitions must be an array of integers, got ${typeof reps}`);
  return tiled('tile', x, [...Array(Math.max(x.ndim - reps.length, 0)).fill(1), ...reps]);
}
