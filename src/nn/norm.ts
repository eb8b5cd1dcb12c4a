import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { full } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import { noGrad } from '../autograd/tape/state.js';
import { assignInto } from '../tensor/assign.js';
import { checkOptions, oneOf, type OptionSpec } from '../tensor/options.js';
import { layerNorm } from '../ops/layerNorm.js';
import { Module } from './module.js';

/**
 * y = (x − mean) / √(var + eps) · weight + bias over the last dims (normalizedShape), with the
 * biased variance, as PyTorch's nn.LayerNorm (eps = 1e-5, weight 1, bias 0): the normalization is
 * one primitive (its VJP another), the affine part a mul and an add.
 */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly normalizedShape: number[];
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], opts: { eps?: number; elementwiseAffine?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('LayerNorm', opts, { eps: 'nonNegative', elementwiseAffine: 'bool', dtype: 'floatDType' });
    const { eps = 1e-5, elementwiseAffine = true, dtype = 'float32' } = opts;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (!this.normalizedShape.length || !this.normalizedShape.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    if (!(eps > 0)) throw new RangeError(`LayerNorm: eps must be > 0, got ${eps}`);
    this.eps = eps;
    this.weight = elementwiseAffine ? full(this.normalizedShape, 1, { dtype, requiresGrad: true }) : null;
    this.bias = elementwiseAffine ? full(this.normalizedShape, 0, { dtype, requiresGrad: true }) : null;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    if (x.ndim < k || x.shape.slice(-k).some((n, i) => n !== this.normalizedShape[i])) {
      throw new RangeError(`LayerNorm: input shape ${shapeStr(x.shape)} does not end in normalizedShape ${shapeStr(this.normalizedShape)}`);
    }
    // (x − mean)/√(var + eps) over the normalized dims as one primitive (ops/layerNorm.ts)
    const y = layerNorm([x], { dims: k, eps: this.eps });
    return this.weight && this.bias ? y.mul(this.weight).add(this.bias) : y;
  }
}

const batchNormSpec: OptionSpec = {
  eps: 'positive', affine: 'bool', trackRunningStats: 'bool', dtype: 'floatDType',
  momentum: { want: 'a number in [0, 1] or null', ok: (v) => v === null || (typeof v === 'number' && v >= 0 && v <= 1) },
};

/** BatchNorm1d's and BatchNorm2d's options, PyTorch's names. */
export interface BatchNormOptions {
  eps?: number;
  /** The running statistics' update weight (default 0.1); null: their cumulative average, 1/numBatchesTracked. */
  momentum?: number | null;
  affine?: boolean;
  /** Keep running statistics (default true); false: none (no buffers), batch statistics in eval too. */
  trackRunningStats?: boolean;
  dtype?: DType;
}

/**
 * Batch normalization per channel (dim 1) of [N, C, ...]. Training: normalizes with the batch's
 * mean and biased variance over every dim but 1, and updates the buffers runningMean and
 * runningVar (the unbiased variance) as r ← (1 − m)·r + m·batch, m = momentum (null: m =
 * 1/numBatchesTracked, a cumulative average), counting numBatchesTracked. Eval: normalizes with
 * the running statistics (without trackRunningStats: with the batch's, as in training).
 * eps = 1e-5, momentum = 0.1. BatchNorm1d and BatchNorm2d fix the input's rank.
 */
abstract class BatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** Buffers; null without trackRunningStats. */
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  /** The input ranks taken, and how the error message writes them. */
  protected abstract readonly ranks: { ndims: number[]; shapes: string };

  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    const name = new.target.name;
    checkOptions(name, opts, batchNormSpec);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' } = opts;
    if (!(Number.isInteger(numFeatures) && numFeatures >= 1)) throw new RangeError(`${name}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? full([numFeatures], 1, { dtype, requiresGrad: true }) : null;
    this.bias = affine ? full([numFeatures], 0, { dtype, requiresGrad: true }) : null;
    if (trackRunningStats) {
      this.registerBuffer('runningMean', full([numFeatures], 0, { dtype }));
      this.registerBuffer('runningVar', full([numFeatures], 1, { dtype }));
      this.registerBuffer('numBatchesTracked', full([], 0, { dtype: 'int32' }));
    } else {
      // PyTorch's None buffers: not state, not in the state dict
      for (const field of ['runningMean', 'runningVar', 'numBatchesTracked']) Object.defineProperty(this, field, { value: null, writable: true, enumerable: false });
    }
  }

  forward(x: Tensor): Tensor {
    const name = this.constructor.name, C = this.numFeatures;
    if (!this.ranks.ndims.includes(x.ndim) || x.shape[1] !== C) {
      throw new RangeError(`${name}: input must be ${this.ranks.shapes.replace(/C/g, String(C))}, got ${shapeStr(x.shape)}`);
    }
    const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const perChannel = (t: Tensor) => t.reshape([C, ...x.shape.slice(2).map(() => 1)]);
    let mean: Tensor, variance: Tensor;
    if (this.training || !this.runningMean || !this.runningVar) {
      const count = x.size / C;
      if (count < 2) throw new RangeError(`${name}: batch statistics (training, or no running statistics) need more than one value per channel, got input ${shapeStr(x.shape)}`);
      mean = x.mean(dims, true);
      variance = x.sub(mean).square().mean(dims, true);
      if (this.training && this.runningMean && this.runningVar && this.numBatchesTracked) {
        const [runningMean, runningVar, tracked] = [this.runningMean, this.runningVar, this.numBatchesTracked];
        noGrad(() => {
          assignInto(tracked, tracked.add(1));
          const m = this.momentum ?? 1 / tracked.item();
          assignInto(runningMean, runningMean.mul(1 - m).add(mean.reshape([-1]).mul(m)));
          assignInto(runningVar, runningVar.mul(1 - m).add(variance.reshape([-1]).mul(m * count / (count - 1))));
        });
      }
    } else {
      mean = perChannel(this.runningMean);
      variance = perChannel(this.runningVar);
    }
    const y = x.sub(mean).div(variance.add(this.eps).sqrt());
    return this.weight && this.bias ? y.mul(perChannel(this.weight)).add(perChannel(this.bias)) : y;
  }
}

/** Batch normalization over [N, C] or [N, C, L] (PyTorch's nn.BatchNorm1d); see BatchNorm. */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = { ndims: [2, 3], shapes: '[N, C] or [N, C, L]' };
}

/** Batch normalization over [N, C, H, W], per channel over N, H and W (PyTorch's nn.BatchNorm2d). */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = { ndims: [4], shapes: '[N, C, H, W]' };
}

const groupNormSpec: OptionSpec = { eps: 'positive', affine: 'bool', dtype: 'floatDType' };

/**
 * Group normalization (PyTorch's nn.GroupNorm) of [N, C, ...]: the C channels split into numGroups
 * groups of C/numGroups; each sample's group is normalized by its own mean and biased variance
 * (no running statistics, the same in training and eval), then scaled and shifted per channel
 * (weight 1, bias 0). eps = 1e-5. Composed of primitives.
 */
export class GroupNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly eps: number;

  constructor(readonly numGroups: number, readonly numChannels: number, opts: { eps?: number; affine?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('GroupNorm', opts, groupNormSpec);
    const { eps = 1e-5, affine = true, dtype = 'float32' } = opts;
    if (![numGroups, numChannels].every((n) => Number.isInteger(n) && n >= 1) || numChannels % numGroups !== 0) {
      throw new RangeError(`GroupNorm: numChannels (${numChannels}) must be a positive multiple of numGroups (${numGroups})`);
    }
    this.eps = eps;
    this.weight = affine ? full([numChannels], 1, { dtype, requiresGrad: true }) : null;
    this.bias = affine ? full([numChannels], 0, { dtype, requiresGrad: true }) : null;
  }

  forward(x: Tensor): Tensor {
    const C = this.numChannels;
    if (x.ndim < 2 || x.shape[1] !== C) throw new RangeError(`GroupNorm: input must be [N, ${C}, ...], got ${shapeStr(x.shape)}`);
    const grouped = x.reshape([x.shape[0]!, this.numGroups, -1]);
    const centered = grouped.sub(grouped.mean(2, true));
    const y = centered.div(centered.square().mean(2, true).add(this.eps).sqrt()).reshape(x.shape);
    if (!this.weight || !this.bias) return y;
    const perChannel = (t: Tensor) => t.reshape([C, ...x.shape.slice(2).map(() => 1)]);
    return y.mul(perChannel(this.weight)).add(perChannel(this.bias));
  }
}
