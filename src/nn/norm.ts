import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { full } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import { noGrad } from '../autograd/state.js';
import { assignInto } from '../optim/assign.js';
import { Module } from './module.js';
import { checkOptions } from '../tensor/options.js';

/**
 * y = (x − mean) / √(var + eps) · weight + bias over the last dims (normalizedShape), with the
 * biased variance, as PyTorch's nn.LayerNorm (eps = 1e-5, weight 1, bias 0). Composed of primitives.
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
    const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
    const centered = x.sub(x.mean(dims, true));
    const y = centered.div(centered.square().mean(dims, true).add(this.eps).sqrt());
    return this.weight && this.bias ? y.mul(this.weight).add(this.bias) : y;
  }
}

/**
 * Batch normalization over [N, C] or [N, C, L] (PyTorch's nn.BatchNorm1d). Training: normalizes
 * with the batch's mean and biased variance per channel, and updates the buffers runningMean and
 * runningVar (the unbiased variance) as r ← (1 − momentum)·r + momentum·batch, counting
 * numBatchesTracked. Eval: normalizes with the running statistics. eps = 1e-5, momentum = 0.1.
 */
export class BatchNorm1d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  declare runningMean: Tensor;
  declare runningVar: Tensor;
  declare numBatchesTracked: Tensor;
  readonly eps: number;
  readonly momentum: number;

  constructor(readonly numFeatures: number, opts: { eps?: number; momentum?: number; affine?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('BatchNorm1d', opts, { eps: 'positive', momentum: 'unit', affine: 'bool', dtype: 'floatDType' });
    const { eps = 1e-5, momentum = 0.1, affine = true, dtype = 'float32' } = opts;
    if (!(Number.isInteger(numFeatures) && numFeatures >= 1)) throw new RangeError(`BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`);
    if (!(eps > 0)) throw new RangeError(`BatchNorm1d: eps must be > 0, got ${eps}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new RangeError(`BatchNorm1d: momentum must be in [0, 1], got ${momentum}`);
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? full([numFeatures], 1, { dtype, requiresGrad: true }) : null;
    this.bias = affine ? full([numFeatures], 0, { dtype, requiresGrad: true }) : null;
    this.registerBuffer('runningMean', full([numFeatures], 0, { dtype }));
    this.registerBuffer('runningVar', full([numFeatures], 1, { dtype }));
    this.registerBuffer('numBatchesTracked', full([], 0, { dtype: 'int32' }));
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new RangeError(`BatchNorm1d: input must be [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${shapeStr(x.shape)}`);
    }
    const dims = x.ndim === 2 ? [0] : [0, 2];
    const perChannel = (t: Tensor) => (x.ndim === 2 ? t : t.reshape([this.numFeatures, 1]));
    let mean: Tensor, variance: Tensor;
    if (this.training) {
      const count = x.size / this.numFeatures;
      if (count < 2) throw new RangeError(`BatchNorm1d: training needs more than one value per channel, got input ${shapeStr(x.shape)}`);
      mean = x.mean(dims, true);
      variance = x.sub(mean).square().mean(dims, true);
      noGrad(() => {
        const m = this.momentum;
        assignInto(this.runningMean, this.runningMean.mul(1 - m).add(mean.reshape([-1]).mul(m)));
        assignInto(this.runningVar, this.runningVar.mul(1 - m).add(variance.reshape([-1]).mul(m * count / (count - 1))));
        assignInto(this.numBatchesTracked, this.numBatchesTracked.add(1));
      });
    } else {
      mean = perChannel(this.runningMean);
      variance = perChannel(this.runningVar);
    }
    const y = x.sub(mean).div(variance.add(this.eps).sqrt());
    return this.weight && this.bias ? y.mul(perChannel(this.weight)).add(perChannel(this.bias)) : y;
  }
}
