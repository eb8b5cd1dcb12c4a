/**
 * Every loss's options and the domain of each: one typed table, checked at the top of every call
 * (an unknown option or a value outside its domain is an error naming the loss and the option,
 * never a silently ignored option or a wrong number), and walked by the tests.
 */
import { checkOptions as check, domains, oneOf, type Domain, type DomainName, type OptionSpec } from '../tensor/options.js';

export { domains, type Domain, type DomainName };

const reduce = { agg: 'agg' } as const;
const classDim = { agg: 'agg', dims: 'dim' } as const;
const indexTarget = { ...classDim, weight: 'tensor', ignoreIndex: 'integer', labelSmoothing: 'smoothing' } as const;
const kerasAxis = { agg: 'agg', axis: 'dim' } as const;
/** PyTorch's reduction (klDiv adds 'batchmean'). */
const reduction = oneOf('mean', 'sum', 'none');
const torchReduce = { reduction } as const;
/** Keras' reduction of its loss objects. */
const kerasReduction = { reduction: oneOf('sum_over_batch_size', 'mean', 'sum', 'none', null) } as const;
const kerasObjectAxis = { ...kerasReduction, axis: 'dim' } as const;
const torchIndex = { weight: 'tensor', ignoreIndex: 'integer', reduction } as const;
const torchTriplet = { margin: 'real', swap: 'bool', reduction } as const;

/**
 * Loss name → option name → domain. Keys `keras.x` are the functions of `losses.keras`, `torch.x`
 * those of `losses.torch` (its criterion classes check their options against their function's row).
 */
export const lossOptions = {
  mae: reduce,
  mse: reduce,
  msle: { agg: 'agg', eps: 'nonNegative' },
  huberLoss: { agg: 'agg', delta: 'positive' },
  smoothL1Loss: { agg: 'agg', beta: 'nonNegative' },
  poissonLoss: { agg: 'agg', eps: 'nonNegative' },
  crossentropy: { ...indexTarget, eps: 'nonNegative' },
  logitCrossentropy: indexTarget,
  nllLoss: indexTarget,
  focalLoss: { ...indexTarget, eps: 'nonNegative', gamma: 'nonNegative' },
  kldivergence: { ...classDim, eps: 'nonNegative' },
  binaryCrossentropy: { agg: 'agg', eps: 'nonNegative' },
  logitBinaryCrossentropy: { agg: 'agg', posWeight: 'tensor' },
  binaryFocalLoss: { agg: 'agg', eps: 'nonNegative', gamma: 'nonNegative', alpha: 'unit' },
  hingeLoss: reduce,
  squaredHingeLoss: reduce,
  exponentialLoss: reduce,
  perceptronLoss: reduce,
  zeroOneLoss: reduce,
  hingeEmbeddingLoss: { agg: 'agg', margin: 'real' },
  diceCoeffLoss: { agg: 'agg', perSample: 'bool', smooth: 'nonNegative' },
  tverskyLoss: { agg: 'agg', perSample: 'bool', beta: 'unit', smooth: 'nonNegative' },
  selfAdjustingDiceLoss: { agg: 'agg', alpha: 'nonNegative', gamma: 'nonNegative' },
  marginRankingLoss: { agg: 'agg', margin: 'real' },
  tripletMarginLoss: { agg: 'agg', margin: 'real', p: 'positive', eps: 'nonNegative', swap: 'bool' },
  cosineEmbeddingLoss: { agg: 'agg', margin: 'cosine' },
  siameseContrastiveLoss: { agg: 'agg', margin: 'nonNegative' },
  logCoshLoss: reduce,
  quantileLoss: { agg: 'agg', quantile: 'unit' },
  mape: { agg: 'agg', eps: 'nonNegative' },
  smape: reduce,
  categoricalHinge: classDim,
  cosineSimilarityLoss: classDim,
  'keras.meanSquaredError': reduce,
  'keras.meanAbsoluteError': reduce,
  'keras.meanAbsolutePercentageError': reduce,
  'keras.meanSquaredLogarithmicError': reduce,
  'keras.huber': { agg: 'agg', delta: 'positive' },
  'keras.logCosh': reduce,
  'keras.poisson': reduce,
  'keras.kld': reduce,
  'keras.cosineSimilarity': kerasAxis,
  'keras.hinge': reduce,
  'keras.squaredHinge': reduce,
  'keras.categoricalHinge': reduce,
  'keras.dice': { agg: 'agg', axis: 'axes' },
  'keras.tversky': { agg: 'agg', axis: 'axes', alpha: 'nonNegative', beta: 'nonNegative' },
  'keras.binaryCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.categoricalCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.sparseCategoricalCrossentropy': { ...kerasAxis, fromLogits: 'bool', ignoreClass: 'integer' },
  'keras.binaryFocalCrossentropy': {
    ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'unit', applyClassBalancing: 'bool',
  },
  'keras.categoricalFocalCrossentropy': { ...kerasAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'weights' },
  'keras.MeanSquaredError': kerasReduction,
  'keras.MeanAbsoluteError': kerasReduction,
  'keras.MeanAbsolutePercentageError': kerasReduction,
  'keras.MeanSquaredLogarithmicError': kerasReduction,
  'keras.Huber': { ...kerasReduction, delta: 'positive' },
  'keras.LogCosh': kerasReduction,
  'keras.Poisson': kerasReduction,
  'keras.KLDivergence': kerasReduction,
  'keras.CosineSimilarity': kerasObjectAxis,
  'keras.Hinge': kerasReduction,
  'keras.SquaredHinge': kerasReduction,
  'keras.CategoricalHinge': kerasReduction,
  'keras.Dice': { ...kerasReduction, axis: 'axes' },
  'keras.Tversky': { ...kerasReduction, axis: 'axes', alpha: 'nonNegative', beta: 'nonNegative' },
  'keras.BinaryCrossentropy': { ...kerasObjectAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.CategoricalCrossentropy': { ...kerasObjectAxis, fromLogits: 'bool', labelSmoothing: 'unit' },
  'keras.SparseCategoricalCrossentropy': { ...kerasObjectAxis, fromLogits: 'bool', ignoreClass: 'integer' },
  'keras.BinaryFocalCrossentropy': {
    ...kerasObjectAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'unit', applyClassBalancing: 'bool',
  },
  'keras.CategoricalFocalCrossentropy': { ...kerasObjectAxis, fromLogits: 'bool', labelSmoothing: 'unit', gamma: 'nonNegative', alpha: 'weights' },
  'torch.l1Loss': torchReduce,
  'torch.mseLoss': torchReduce,
  'torch.crossEntropy': { ...torchIndex, labelSmoothing: 'unit' },
  'torch.ctcLoss': { blank: 'nonNegativeInt', reduction, zeroInfinity: 'bool' },
  'torch.nllLoss': torchIndex,
  'torch.poissonNllLoss': { logInput: 'bool', full: 'bool', eps: 'nonNegative', reduction },
  'torch.gaussianNllLoss': { full: 'bool', eps: 'nonNegative', reduction },
  'torch.klDiv': { reduction: oneOf('mean', 'sum', 'none', 'batchmean'), logTarget: 'bool' },
  'torch.binaryCrossEntropy': { weight: 'tensor', reduction },
  'torch.binaryCrossEntropyWithLogits': { weight: 'tensor', posWeight: 'tensor', reduction },
  'torch.marginRankingLoss': { margin: 'real', reduction },
  'torch.hingeEmbeddingLoss': { margin: 'real', reduction },
  'torch.multilabelMarginLoss': torchReduce,
  'torch.huberLoss': { reduction, delta: 'positive' },
  'torch.smoothL1Loss': { reduction, beta: 'nonNegative' },
  'torch.softMarginLoss': torchReduce,
  'torch.multilabelSoftMarginLoss': { weight: 'tensor', reduction },
  'torch.cosineEmbeddingLoss': { margin: 'cosine', reduction },
  'torch.multiMarginLoss': { p: oneOf(1, 2), margin: 'real', weight: 'tensor', reduction },
  'torch.tripletMarginLoss': { ...torchTriplet, p: 'positive', eps: 'nonNegative' },
  'torch.tripletMarginWithDistanceLoss': { ...torchTriplet, margin: 'positive', distanceFunction: 'function' },
} as const satisfies Record<string, OptionSpec>;

export type LossName = keyof typeof lossOptions;

/**
 * Throws unless `opts` is an object whose every key is an option of `loss` and whose every
 * defined value lies in that option's domain. An explicit `undefined` means the default. `as` is the
 * name the error gives (a criterion class checks its function's row under its own name).
 */
export function checkOptions(loss: LossName, opts: unknown, as: string = loss): void {
  check(as, opts, lossOptions[loss]);
}
