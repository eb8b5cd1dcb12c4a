/**
 * `losses.keras`: Keras 3's losses with Keras' own semantics, exactly (TensorFlow backend numerics).
 *
 * **Arguments are (ŷ, y)**, prediction first as everywhere in tapegrad; Keras writes
 * `(y_true, y_pred)`. Keras' conventions apply: ε = 1e-7 with clipping (not added inside logs),
 * the class axis is −1, one loss per sample (reduced over the last axis) before `agg`, where
 * 'mean' is Keras' `sum_over_batch_size`, 'sum' sums, 'none' returns the per-sample losses.
 * Shapes must match exactly (Keras squeezes or expands a trailing dim of 1; tapegrad never
 * reshapes a target). Each function is a composition of primitives recorded as one named box.
 */
export {
  meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError,
  huber, logCosh, poisson, kld, cosineSimilarity,
} from './regression.js';
export { hinge, squaredHinge, categoricalHinge } from './hinge.js';
export { dice, tversky, type OverlapAxisOptions } from './overlap.js';
export { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, type KerasCrossentropyOptions } from './crossentropy.js';
export { binaryFocalCrossentropy, categoricalFocalCrossentropy, type KerasBinaryFocalOptions, type KerasCategoricalFocalOptions } from './focal.js';
export type { AxisOptions } from './common.js';
export {
  KerasLoss, MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
  Poisson, KLDivergence, CosineSimilarity, Hinge, SquaredHinge, CategoricalHinge, Dice, Tversky, BinaryCrossentropy,
  CategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryFocalCrossentropy, CategoricalFocalCrossentropy,
  type KerasReduction, type ObjectOptions,
} from './objects.js';
