/**
 * Keras' loss objects: `new keras.SparseCategoricalCrossentropy({ fromLogits: true })` then
 * `loss.forward(yTrue, yPred, sampleWeight?)`, as Keras' `loss(y_true, y_pred, sample_weight)`.
 *
 * **Arguments are Keras' order, (yTrue, yPred)**, as the seed code writes them (the `losses.keras`
 * functions keep tapegrad's (ŷ, y)). Options are the function's, with Keras' `reduction` in place of
 * `agg`: 'sum_over_batch_size' (default; 'mean' is its other name), 'sum', 'none' (or null). The
 * per-sample losses are Keras' (the function with agg 'none'); then Keras' `reduce_weighted_values`:
 * sampleWeight (a Tensor, an array or a number) has its trailing dim of 1 squeezed or a rank-1
 * weight expanded to meet the losses' rank (Keras' squeeze_or_expand_to_same_rank), broadcasts
 * against them and multiplies them; 'sum_over_batch_size' divides the weighted sum by the **number
 * of elements**, not by the sum of the weights. A 0-d loss (dice, tversky over the whole batch) is
 * returned as is. With ignoreClass, Keras' mask weighs each kept sample by total / (kept + ε) (ε =
 * 1e-7) under 'sum_over_batch_size', so the mean runs over the kept samples.
 */
import { scope } from '../../autograd/tape/state.js';
import { tensor } from '../../tensor/create.js';
import { broadcastShapes, shapeStr } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AggOptions } from '../common.js';
import { checkOptions, type LossName } from '../options.js';
import { EPSILON, type AxisOptions } from './common.js';
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, type KerasCrossentropyOptions } from './crossentropy.js';
import { binaryFocalCrossentropy, categoricalFocalCrossentropy, type KerasBinaryFocalOptions, type KerasCategoricalFocalOptions } from './focal.js';
import { categoricalHinge, hinge, squaredHinge } from './hinge.js';
import { dice, tversky, type OverlapAxisOptions } from './overlap.js';
import {
  cosineSimilarity, huber, kld, logCosh, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError,
  meanSquaredLogarithmicError, poisson,
} from './regression.js';

/** Keras' reductions ('mean' is Keras 3's other name for 'sum_over_batch_size', null its 'none'). */
export type KerasReduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'none' | null;

/** A loss object's options: the function's, with Keras' `reduction` instead of `agg`. */
export type ObjectOptions<O> = Omit<O, 'agg'> & { reduction?: KerasReduction };

/** Keras' squeeze_or_expand_to_same_rank: when the ranks differ by one and the longer ends in 1. */
function sameRank(values: Tensor, w: Tensor): [Tensor, Tensor] {
  const [a, b] = [values.ndim, w.ndim];
  if (a === b + 1 && values.shape[a - 1] === 1) return b === 1 ? [values, w.unsqueeze(-1)] : [values.squeeze(-1), w];
  if (b === a + 1 && w.shape[b - 1] === 1) return a === 1 ? [values.unsqueeze(-1), w] : [values, w.squeeze(-1)];
  return [values, w];
}

/**
 * Base of the Keras loss objects: checks the options once (errors name the class), and reduces the
 * function's per-sample losses with sample weights as Keras' Loss.__call__ does.
 */
export abstract class KerasLoss<O extends AggOptions> {
  /** Keras' reduction of this loss ('sum_over_batch_size' by default). */
  readonly reduction: KerasReduction;
  /** The function's options (everything but the reduction). */
  readonly options: Readonly<Omit<O, 'agg'>>;

  constructor(row: LossName, opts: ObjectOptions<O>, private readonly fn: (yhat: Tensor, y: Tensor, opts: O) => Tensor) {
    checkOptions(row, opts, `keras.${new.target.name}`);
    const { reduction = 'sum_over_batch_size', ...rest } = opts ?? ({} as ObjectOptions<O>);
    this.reduction = reduction;
    this.options = Object.freeze(rest) as unknown as Readonly<Omit<O, 'agg'>>;
  }

  /** The per-sample losses of a batch, in Keras' argument order (yTrue, yPred). */
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yPred, yTrue, { ...this.options, agg: 'none' } as O);
  }

  /** Keras' mask of the per-sample losses, if any (ignoreClass). */
  protected mask(_yTrue: Tensor): Tensor | null {
    return null;
  }

  /** `loss(y_true, y_pred, sample_weight)`: the per-sample losses, weighted, then reduced as Keras. */
  forward(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | number | readonly number[]): Tensor {
    const name = `keras.${this.constructor.name}`;
    return scope(name, () => {
      let values = this.call(yTrue, yPred);
      let w = sampleWeight === undefined ? null : sampleWeight instanceof Tensor ? sampleWeight : tensor(sampleWeight as number[], { dtype: values.dtype });
      const mask = this.mask(yTrue);
      if (mask) {
        let m = mask.to(values.dtype);
        if (this.reduction === 'sum_over_batch_size' || this.reduction === 'mean') m = m.mul(m.size).div(m.sum().add(EPSILON));
        if (w) [m, w] = sameRank(m, w);
        w = w ? w.mul(m) : m;
      }
      if (w) {
        [values, w] = sameRank(values, w);
        try {
          broadcastShapes(name, values.shape, w.shape);
        } catch {
          throw new RangeError(`${name}: sampleWeight shape ${shapeStr(w.shape)} does not broadcast against the per-sample losses of shape ${shapeStr(values.shape)}`);
        }
        values = values.mul(w);
      }
      if (this.reduction === 'none' || this.reduction === null || values.ndim === 0 || (values.ndim === 1 && values.shape[0] === 0)) return values;
      const total = values.sum();
      return this.reduction === 'sum' ? total : total.div(values.size);
    });
  }
}

/**
 * Keras' `keras.losses.MeanSquaredError`: mean squared error; per-sample losses of `losses.keras.meanSquaredError`.
 * @see https://keras.io/api/losses/
 */
export class MeanSquaredError extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.MeanSquaredError', opts, meanSquaredError);
  }
}

/**
 * Keras' `keras.losses.MeanAbsoluteError`: mean absolute error; per-sample losses of `losses.keras.meanAbsoluteError`.
 * @see https://keras.io/api/losses/
 */
export class MeanAbsoluteError extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.MeanAbsoluteError', opts, meanAbsoluteError);
  }
}

/**
 * Keras' `keras.losses.MeanAbsolutePercentageError`: mean absolute percentage error; per-sample losses of `losses.keras.meanAbsolutePercentageError`.
 * @see https://keras.io/api/losses/
 */
export class MeanAbsolutePercentageError extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.MeanAbsolutePercentageError', opts, meanAbsolutePercentageError);
  }
}

/**
 * Keras' `keras.losses.MeanSquaredLogarithmicError`: mean squared logarithmic error; per-sample losses of `losses.keras.meanSquaredLogarithmicError`.
 * @see https://keras.io/api/losses/
 */
export class MeanSquaredLogarithmicError extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.MeanSquaredLogarithmicError', opts, meanSquaredLogarithmicError);
  }
}

/**
 * Keras' `keras.losses.Huber`: Huber loss; per-sample losses of `losses.keras.huber`.
 * @see https://keras.io/api/losses/
 */
export class Huber extends KerasLoss<AggOptions & { delta?: number }> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions & { delta?: number }> = {}) {
    super('keras.Huber', opts, huber);
  }
}

/**
 * Keras' `keras.losses.LogCosh`: log-cosh loss; per-sample losses of `losses.keras.logCosh`.
 * @see https://keras.io/api/losses/
 */
export class LogCosh extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.LogCosh', opts, logCosh);
  }
}

/**
 * Keras' `keras.losses.Poisson`: Poisson loss; per-sample losses of `losses.keras.poisson`.
 * @see https://keras.io/api/losses/
 */
export class Poisson extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.Poisson', opts, poisson);
  }
}

/**
 * Keras' `keras.losses.KLDivergence`: Kullback–Leibler divergence; per-sample losses of `losses.keras.kld`.
 * @see https://keras.io/api/losses/
 */
export class KLDivergence extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.KLDivergence', opts, kld);
  }
}

/**
 * Keras' `keras.losses.CosineSimilarity`: cosine similarity loss; per-sample losses of `losses.keras.cosineSimilarity`.
 * @see https://keras.io/api/losses/
 */
export class CosineSimilarity extends KerasLoss<AxisOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AxisOptions> = {}) {
    super('keras.CosineSimilarity', opts, cosineSimilarity);
  }
}

/**
 * Keras' `keras.losses.Hinge`: hinge loss (0/1 labels converted to ±1); per-sample losses of `losses.keras.hinge`.
 * @see https://keras.io/api/losses/
 */
export class Hinge extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.Hinge', opts, hinge);
  }
}

/**
 * Keras' `keras.losses.SquaredHinge`: squared hinge loss; per-sample losses of `losses.keras.squaredHinge`.
 * @see https://keras.io/api/losses/
 */
export class SquaredHinge extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.SquaredHinge', opts, squaredHinge);
  }
}

/**
 * Keras' `keras.losses.CategoricalHinge`: categorical hinge loss; per-sample losses of `losses.keras.categoricalHinge`.
 * @see https://keras.io/api/losses/
 */
export class CategoricalHinge extends KerasLoss<AggOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<AggOptions> = {}) {
    super('keras.CategoricalHinge', opts, categoricalHinge);
  }
}

/**
 * Keras' `keras.losses.Dice`: Dice loss; per-sample losses of `losses.keras.dice`.
 * @see https://keras.io/api/losses/
 */
export class Dice extends KerasLoss<OverlapAxisOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<OverlapAxisOptions> = {}) {
    super('keras.Dice', opts, dice);
  }
}

/**
 * Keras' `keras.losses.Tversky`: Tversky loss; per-sample losses of `losses.keras.tversky`.
 * @see https://keras.io/api/losses/
 */
export class Tversky extends KerasLoss<OverlapAxisOptions & { alpha?: number; beta?: number }> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<OverlapAxisOptions & { alpha?: number; beta?: number }> = {}) {
    super('keras.Tversky', opts, tversky);
  }
}

/**
 * Keras' `keras.losses.BinaryCrossentropy`: binary cross-entropy; per-sample losses of `losses.keras.binaryCrossentropy`.
 * @see https://keras.io/api/losses/
 */
export class BinaryCrossentropy extends KerasLoss<KerasCrossentropyOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<KerasCrossentropyOptions> = {}) {
    super('keras.BinaryCrossentropy', opts, binaryCrossentropy);
  }
}

/**
 * Keras' `keras.losses.CategoricalCrossentropy`: categorical cross-entropy; per-sample losses of `losses.keras.categoricalCrossentropy`.
 * @see https://keras.io/api/losses/
 */
export class CategoricalCrossentropy extends KerasLoss<KerasCrossentropyOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<KerasCrossentropyOptions> = {}) {
    super('keras.CategoricalCrossentropy', opts, categoricalCrossentropy);
  }
}

/**
 * Keras' `keras.losses.SparseCategoricalCrossentropy`: sparse categorical cross-entropy of int32 class indices; per-sample losses of `losses.keras.sparseCategoricalCrossentropy`.
 * @see https://keras.io/api/losses/
 */
export class SparseCategoricalCrossentropy extends KerasLoss<Omit<KerasCrossentropyOptions, 'labelSmoothing'> & { ignoreClass?: number }> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<Omit<KerasCrossentropyOptions, 'labelSmoothing'> & { ignoreClass?: number }> = {}) {
    super('keras.SparseCategoricalCrossentropy', opts, sparseCategoricalCrossentropy);
  }

  /** Keras' mask: the samples whose class is not ignoreClass. */
  protected override mask(yTrue: Tensor): Tensor | null {
    const { ignoreClass } = this.options;
    return ignoreClass === undefined ? null : yTrue.eq(ignoreClass).lt(1);
  }
}

/**
 * Keras' `keras.losses.BinaryFocalCrossentropy`: binary focal cross-entropy; per-sample losses of `losses.keras.binaryFocalCrossentropy`.
 * @see https://keras.io/api/losses/
 */
export class BinaryFocalCrossentropy extends KerasLoss<KerasBinaryFocalOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<KerasBinaryFocalOptions> = {}) {
    super('keras.BinaryFocalCrossentropy', opts, binaryFocalCrossentropy);
  }
}

/**
 * Keras' `keras.losses.CategoricalFocalCrossentropy`: categorical focal cross-entropy; per-sample losses of `losses.keras.categoricalFocalCrossentropy`.
 * @see https://keras.io/api/losses/
 */
export class CategoricalFocalCrossentropy extends KerasLoss<KerasCategoricalFocalOptions> {
  /** Keras' options in camelCase, with `reduction`; checked once. */
  constructor(opts: ObjectOptions<KerasCategoricalFocalOptions> = {}) {
    super('keras.CategoricalFocalCrossentropy', opts, categoricalFocalCrossentropy);
  }
}
