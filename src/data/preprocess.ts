import type { Tensor } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { noGrad } from '../autograd/tape/state.js';
import { where } from '../ops/index.js';
import { permutation, seedDomain, type Seed } from './sources.js';
import { takeRows } from './batches.js';
import { checkOptions } from '../tensor/options.js';

export interface Split {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
}

/**
 * A seeded random split of the rows: round(n · testFraction) test rows, the rest for training.
 * `seed` is a number or a Generator to draw the order from.
 */
export function trainTestSplit(x: Tensor, y: Tensor, opts: { testFraction?: number; seed?: Seed } = {}): Split {
  checkOptions('trainTestSplit', opts, { testFraction: 'any', seed: seedDomain });
  const { testFraction = 0.2, seed = 0 } = opts;
  const n = x.shape[0];
  if (x.ndim === 0 || y.ndim === 0 || y.shape[0] !== n) {
    throw new RangeError(`trainTestSplit: x and y need the same number of rows, got shapes ${shapeStr(x.shape)} and ${shapeStr(y.shape)}`);
  }
  const nTest = Math.round(n * testFraction);
  if (nTest < 1 || nTest >= n) throw new RangeError(`trainTestSplit: testFraction ${testFraction} of ${n} rows leaves an empty train or test set`);
  const order = permutation(n, seed);
  const test = order.subarray(0, nTest), train = order.subarray(nTest);
  return { xTrain: takeRows(x, train), yTrain: takeRows(y, train), xTest: takeRows(x, test), yTest: takeRows(y, test) };
}

export interface Standardized {
  xTrain: Tensor;
  /** xTest scaled with the training statistics (undefined when no xTest was given). */
  xTest: Tensor | undefined;
  /** Per-column mean of xTrain, shape [1, ...]. */
  mean: Tensor;
  /** Per-column population standard deviation of xTrain (1 where a column is constant). */
  std: Tensor;
}

/**
 * (x − μ)/σ per column with μ, σ of the training rows only, so no test information leaks into
 * the scaling. Untracked (preprocessing, not part of a model).
 */
export function standardize(xTrain: Tensor, xTest?: Tensor): Standardized {
  return noGrad(() => {
    const mean = xTrain.mean(0, true);
    const sd = xTrain.sub(mean).square().mean(0, true).sqrt();
    const std = where(sd.eq(0), 1, sd);
    const scale = (x: Tensor) => x.sub(mean).div(std);
    return { xTrain: scale(xTrain), xTest: xTest && scale(xTest), mean, std };
  });
}
