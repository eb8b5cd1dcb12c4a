/**
 * PyTorch's criterion classes: `new CrossEntropyLoss(opts)` then `criterion.forward(input, target)`,
 * as `nn.CrossEntropyLoss(...)` then `criterion(output, target)` in PyTorch. Each is a Module (so it
 * is a named box in printGraph/toDot, and its tensor options are buffers in its state dict, as
 * PyTorch registers `weight`), and its forward is the `losses.torch` function of the same loss.
 *
 * The one import of nn from losses (docs/design.md, "Losses and nn"): criteria are Modules, so
 * this file imports nn/module.ts, and nothing in nn imports losses (`nn.CrossEntropyLoss` is
 * assembled in src/nn-namespace.ts, beside the entry).
 */
import { Module } from '../../nn/module.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkOptions, type LossName } from '../options.js';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv, type WeightOptions,
} from './binary.js';
import {
  crossEntropy, multiMarginLoss, multilabelMarginLoss, multilabelSoftMarginLoss, nllLoss,
  type ClassWeightOptions, type CrossEntropyOptions,
} from './classification.js';
import type { Reduction, ReductionOptions } from './common.js';
import { ctcLoss, type CtcOptions } from './ctc.js';
import {
  cosineEmbeddingLoss, hingeEmbeddingLoss, marginRankingLoss, tripletMarginLoss, tripletMarginWithDistanceLoss, type TripletOptions,
} from './embedding.js';
import {
  gaussianNllLoss, huberLoss, l1Loss, mseLoss, poissonNllLoss, smoothL1Loss, softMarginLoss, type PoissonNllOptions,
} from './regression.js';

/**
 * Base of the criteria: checks the options once, at construction, against the function's row of
 * the options table (errors name the class), keeps them, and registers tensor options (weight,
 * posWeight) as buffers. Extend it for a loss of your own (`class DiceLoss extends Criterion`, as
 * `nn.Module` in PyTorch): a Module whose forward takes (input, target, ...).
 */
export abstract class Criterion<O extends object = Record<string, never>> extends Module {
  /** The options given at construction (tensor options are read from the buffers at each call). */
  declare readonly options: Readonly<O>;

  /** `fn`: the options row to check `opts` against (a criterion of your own passes none). */
  constructor(fn?: LossName, opts: O = {} as O) {
    super();
    if (fn) checkOptions(fn, opts, new.target.name);
    Object.defineProperty(this, 'options', { value: Object.freeze({ ...opts }), enumerable: false });
    for (const [key, value] of Object.entries(opts ?? {})) if (value instanceof Tensor) this.registerBuffer(key, value);
  }

  /** The options of this call: the given ones, with tensor options taken from the (loadable) buffers. */
  protected current(): O {
    const self = this as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = { ...this.options };
    for (const key of Object.keys(out)) if (out[key] instanceof Tensor) out[key] = self[key];
    return out as O;
  }

  /** The loss of a batch (the function of the same loss, with the options given at construction). */
  abstract override forward(input: Tensor, ...rest: never[]): Tensor;
}

/**
 * PyTorch's `nn.L1Loss`: mean absolute error; `forward(input, target)` is `losses.torch.l1Loss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.L1Loss.html
 */
export class L1Loss extends Criterion<ReductionOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions = {}) {
    super('torch.l1Loss', opts);
  }

  /** The loss, as `losses.torch.l1Loss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.MSELoss`: mean squared error; `forward(input, target)` is `losses.torch.mseLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MSELoss.html
 */
export class MSELoss extends Criterion<ReductionOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions = {}) {
    super('torch.mseLoss', opts);
  }

  /** The loss, as `losses.torch.mseLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.CrossEntropyLoss`: cross-entropy of logits against class indices or probabilities; `forward(input, target)` is `losses.torch.crossEntropy(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CrossEntropyLoss.html
 */
export class CrossEntropyLoss extends Criterion<CrossEntropyOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: CrossEntropyOptions = {}) {
    super('torch.crossEntropy', opts);
  }

  /** The loss, as `losses.torch.crossEntropy`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.CTCLoss`: connectionist temporal classification; `forward(logProbs, targets, inputLengths, targetLengths)` is `losses.torch.ctcLoss(logProbs, targets, inputLengths, targetLengths, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CTCLoss.html
 */
export class CTCLoss extends Criterion<CtcOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: CtcOptions = {}) {
    super('torch.ctcLoss', opts);
  }

  /** The loss, as `losses.torch.ctcLoss`. */
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | number | readonly number[], targetLengths: Tensor | number | readonly number[]): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, this.current());
  }
}

/**
 * PyTorch's `nn.NLLLoss`: negative log-likelihood of log-probabilities; `forward(input, target)` is `losses.torch.nllLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.NLLLoss.html
 */
export class NLLLoss extends Criterion<Omit<CrossEntropyOptions, 'labelSmoothing'>> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: Omit<CrossEntropyOptions, 'labelSmoothing'> = {}) {
    super('torch.nllLoss', opts);
  }

  /** The loss, as `losses.torch.nllLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.PoissonNLLLoss`: Poisson negative log-likelihood (log-rate input by default); `forward(input, target)` is `losses.torch.poissonNllLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.PoissonNLLLoss.html
 */
export class PoissonNLLLoss extends Criterion<PoissonNllOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: PoissonNllOptions = {}) {
    super('torch.poissonNllLoss', opts);
  }

  /** The loss, as `losses.torch.poissonNllLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return poissonNllLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.GaussianNLLLoss`: Gaussian negative log-likelihood with a predicted variance; `forward(input, target, variance)` is `losses.torch.gaussianNllLoss(input, target, variance, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.GaussianNLLLoss.html
 */
export class GaussianNLLLoss extends Criterion<ReductionOptions & { full?: boolean; eps?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { full?: boolean; eps?: number } = {}) {
    super('torch.gaussianNllLoss', opts);
  }

  /** The loss, as `losses.torch.gaussianNllLoss`. */
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return gaussianNllLoss(input, target, variance, this.current());
  }
}

/**
 * PyTorch's `nn.KLDivLoss`: KL divergence of log-probability input; `forward(input, target)` is `losses.torch.klDiv(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.KLDivLoss.html
 */
export class KLDivLoss extends Criterion<{ reduction?: Reduction | 'batchmean'; logTarget?: boolean }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super('torch.klDiv', opts);
  }

  /** The loss, as `losses.torch.klDiv`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.BCELoss`: binary cross-entropy of probabilities; `forward(input, target)` is `losses.torch.binaryCrossEntropy(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCELoss.html
 */
export class BCELoss extends Criterion<WeightOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: WeightOptions = {}) {
    super('torch.binaryCrossEntropy', opts);
  }

  /** The loss, as `losses.torch.binaryCrossEntropy`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.BCEWithLogitsLoss`: binary cross-entropy of logits; `forward(input, target)` is `losses.torch.binaryCrossEntropyWithLogits(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCEWithLogitsLoss.html
 */
export class BCEWithLogitsLoss extends Criterion<WeightOptions & { posWeight?: Tensor }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: WeightOptions & { posWeight?: Tensor } = {}) {
    super('torch.binaryCrossEntropyWithLogits', opts);
  }

  /** The loss, as `losses.torch.binaryCrossEntropyWithLogits`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.MarginRankingLoss`: margin ranking loss; `forward(input1, input2, target)` is `losses.torch.marginRankingLoss(input1, input2, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MarginRankingLoss.html
 */
export class MarginRankingLoss extends Criterion<ReductionOptions & { margin?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { margin?: number } = {}) {
    super('torch.marginRankingLoss', opts);
  }

  /** The loss, as `losses.torch.marginRankingLoss`. */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return marginRankingLoss(input1, input2, target, this.current());
  }
}

/**
 * PyTorch's `nn.HingeEmbeddingLoss`: hinge embedding loss; `forward(input, target)` is `losses.torch.hingeEmbeddingLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.HingeEmbeddingLoss.html
 */
export class HingeEmbeddingLoss extends Criterion<ReductionOptions & { margin?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { margin?: number } = {}) {
    super('torch.hingeEmbeddingLoss', opts);
  }

  /** The loss, as `losses.torch.hingeEmbeddingLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return hingeEmbeddingLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.MultiLabelMarginLoss`: multi-label hinge loss; `forward(input, target)` is `losses.torch.multilabelMarginLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelMarginLoss.html
 */
export class MultiLabelMarginLoss extends Criterion<ReductionOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions = {}) {
    super('torch.multilabelMarginLoss', opts);
  }

  /** The loss, as `losses.torch.multilabelMarginLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabelMarginLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.HuberLoss`: Huber loss; `forward(input, target)` is `losses.torch.huberLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.HuberLoss.html
 */
export class HuberLoss extends Criterion<ReductionOptions & { delta?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { delta?: number } = {}) {
    super('torch.huberLoss', opts);
  }

  /** The loss, as `losses.torch.huberLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.SmoothL1Loss`: smooth L1 loss; `forward(input, target)` is `losses.torch.smoothL1Loss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.SmoothL1Loss.html
 */
export class SmoothL1Loss extends Criterion<ReductionOptions & { beta?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { beta?: number } = {}) {
    super('torch.smoothL1Loss', opts);
  }

  /** The loss, as `losses.torch.smoothL1Loss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.SoftMarginLoss`: logistic loss for ±1 labels; `forward(input, target)` is `losses.torch.softMarginLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.SoftMarginLoss.html
 */
export class SoftMarginLoss extends Criterion<ReductionOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions = {}) {
    super('torch.softMarginLoss', opts);
  }

  /** The loss, as `losses.torch.softMarginLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return softMarginLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.MultiLabelSoftMarginLoss`: multi-label logistic loss; `forward(input, target)` is `losses.torch.multilabelSoftMarginLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiLabelSoftMarginLoss.html
 */
export class MultiLabelSoftMarginLoss extends Criterion<ClassWeightOptions> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ClassWeightOptions = {}) {
    super('torch.multilabelSoftMarginLoss', opts);
  }

  /** The loss, as `losses.torch.multilabelSoftMarginLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return multilabelSoftMarginLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.CosineEmbeddingLoss`: cosine embedding loss; `forward(input1, input2, target)` is `losses.torch.cosineEmbeddingLoss(input1, input2, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.CosineEmbeddingLoss.html
 */
export class CosineEmbeddingLoss extends Criterion<ReductionOptions & { margin?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ReductionOptions & { margin?: number } = {}) {
    super('torch.cosineEmbeddingLoss', opts);
  }

  /** The loss, as `losses.torch.cosineEmbeddingLoss`. */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return cosineEmbeddingLoss(input1, input2, target, this.current());
  }
}

/**
 * PyTorch's `nn.MultiMarginLoss`: multi-class hinge loss; `forward(input, target)` is `losses.torch.multiMarginLoss(input, target, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MultiMarginLoss.html
 */
export class MultiMarginLoss extends Criterion<ClassWeightOptions & { p?: 1 | 2; margin?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: ClassWeightOptions & { p?: 1 | 2; margin?: number } = {}) {
    super('torch.multiMarginLoss', opts);
  }

  /** The loss, as `losses.torch.multiMarginLoss`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return multiMarginLoss(input, target, this.current());
  }
}

/**
 * PyTorch's `nn.TripletMarginLoss`: triplet margin loss; `forward(anchor, positive, negative)` is `losses.torch.tripletMarginLoss(anchor, positive, negative, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginLoss.html
 */
export class TripletMarginLoss extends Criterion<TripletOptions & { p?: number; eps?: number }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: TripletOptions & { p?: number; eps?: number } = {}) {
    super('torch.tripletMarginLoss', opts);
  }

  /** The loss, as `losses.torch.tripletMarginLoss`. */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return tripletMarginLoss(anchor, positive, negative, this.current());
  }
}

/**
 * PyTorch's `nn.TripletMarginWithDistanceLoss`: triplet loss with any distance function; `forward(anchor, positive, negative)` is `losses.torch.tripletMarginWithDistanceLoss(anchor, positive, negative, opts)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.TripletMarginWithDistanceLoss.html
 */
export class TripletMarginWithDistanceLoss extends Criterion<TripletOptions & { distanceFunction?: (u: Tensor, v: Tensor) => Tensor }> {
  /** Checks the options (PyTorch's names in camelCase, PyTorch's defaults) once. */
  constructor(opts: TripletOptions & { distanceFunction?: (u: Tensor, v: Tensor) => Tensor } = {}) {
    super('torch.tripletMarginWithDistanceLoss', opts);
  }

  /** The loss, as `losses.torch.tripletMarginWithDistanceLoss`. */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return tripletMarginWithDistanceLoss(anchor, positive, negative, this.current());
  }
}
