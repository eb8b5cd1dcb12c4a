/**
 * The loss catalogue (`import { losses } from 'tapegrad'` or `from 'tapegrad/losses'`). Every loss
 * is `loss(ŷ, y, opts?)`, a composition of differentiable primitives run inside a named scope.
 */
export { mae, mse, msle, huberLoss, smoothL1Loss, poissonLoss } from './regression.js';
export { crossentropy, logitCrossentropy, nllLoss, focalLoss, kldivergence, type CrossentropyOptions, type FocalOptions } from './classification.js';
export { binaryCrossentropy, logitBinaryCrossentropy, binaryFocalLoss, type LogitBinaryOptions, type BinaryFocalOptions } from './binary.js';
export { hingeLoss, squaredHingeLoss, exponentialLoss, perceptronLoss, zeroOneLoss, hingeEmbeddingLoss, categoricalHinge } from './margin.js';
export { diceCoeffLoss, tverskyLoss, selfAdjustingDiceLoss, type OverlapOptions } from './segmentation.js';
export { marginRankingLoss, tripletMarginLoss, cosineEmbeddingLoss, siameseContrastiveLoss, cosineSimilarityLoss, type TripletOptions } from './embedding.js';
export { logCoshLoss, quantileLoss, mape, smape } from './robust.js';
export { labelSmoothing, classBalancedWeights } from './helpers.js';
export type { Agg, AggOptions, ClassDimOptions, EpsOptions, IndexTargetOptions } from './common.js';
export * as keras from './keras/index.js';
export * as torch from './torch/index.js';
