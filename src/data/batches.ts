import type { Tensor } from '../tensor/tensor.js';
import { fromStorage } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { shapeStr } from '../tensor/shape.js';
import { defaultGenerator, Generator } from '../tensor/random.js';
import { permutation as seededPermutation } from './sources.js';
import { checkOptions, type OptionSpec } from '../tensor/options.js';

/** batchSize is checked below (it is required). */
const batchOptions = {
  batchSize: 'any', shuffle: 'bool', seed: 'real', dropLast: 'bool', generator: { want: 'a Generator', ok: (v) => v instanceof Generator },
} satisfies OptionSpec;

export interface BatchOptions {
  batchSize: number;
  /** A new order each pass over the data (each time the batches are iterated). */
  shuffle?: boolean;
  /** Seed of the shuffles (pass k uses seed + k). */
  seed?: number;
  /** The stream the shuffles are drawn from (each pass continues it). Without seed or generator, the global one. */
  generator?: Generator;
  /** Leave out a last batch smaller than batchSize. */
  dropLast?: boolean;
}

/** Mini-batches over the rows (dim 0) of x and y; iterate it once per epoch. */
export interface Batches extends Iterable<[Tensor, Tensor]> {
  /** Batches per pass. */
  readonly length: number;
}

/**
 * Pairs [xb, yb] of consecutive rows, in a shuffled order if asked. Unshuffled batches are views
 * (no copy); shuffled ones gather their rows into fresh tensors. dtypes are kept (int32 labels
 * stay int32).
 */
export function batches(x: Tensor, y: Tensor, opts: BatchOptions): Batches {
  checkOptions('batches', opts, batchOptions);
  const { batchSize, shuffle = false, seed, generator, dropLast = false } = opts;
  const n = x.shape[0];
  if (x.ndim === 0 || y.ndim === 0 || y.shape[0] !== n) {
    throw new RangeError(`batches: x and y need the same number of rows, got shapes ${shapeStr(x.shape)} and ${shapeStr(y.shape)}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batches: batchSize must be a positive integer, got ${batchSize}`);
  if (seed !== undefined && generator !== undefined) throw new TypeError('batches: give either seed or generator, not both');
  const length = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  let pass = 0;
  return {
    length,
    *[Symbol.iterator]() {
      const order = !shuffle ? null : seed !== undefined ? seededPermutation(n, seed + pass) : (generator ?? defaultGenerator).permutation(n);
      pass++;
      for (let b = 0; b < length; b++) {
        const start = b * batchSize, end = Math.min(start + batchSize, n);
        if (!order) yield [x.slice(0, start, end), y.slice(0, start, end)];
        else {
          const rows = order.subarray(start, end);
          yield [takeRows(x, rows), takeRows(y, rows)];
        }
      }
    },
  };
}

/** The rows of t at `rows` (indices along dim 0), copied into a new row-major tensor. */
export function takeRows(t: Tensor, rows: ArrayLike<number>): Tensor {
  const src = t.contiguousData();
  const width = t.shape[0] === 0 ? 0 : t.size / t.shape[0];
  const out = allocate(t.dtype, rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    if (!(i >= 0 && i < t.shape[0])) throw new RangeError(`takeRows: row ${i} is out of range for ${t.shape[0]} rows`);
    out.set(src.subarray(i * width, (i + 1) * width), r * width);
  }
  return fromStorage(out, [rows.length, ...t.shape.slice(1)], t.dtype);
}
