import { Tensor } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
import { Module } from './module.js';
import { kaimingUniform, uniform } from './init.js';
import { checkOptions } from '../tensor/options.js';

/**
 * y = x·Wᵀ + b with W stored [out, in] as in PyTorch: Wᵀ is then a transposed view, which the
 * matmul kernel reads row by row without copying. PyTorch's default init: W ~ kaimingUniform with
 * a = √5, i.e. U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in).
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: { bias?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('Linear', opts, { bias: 'bool', dtype: 'floatDType' });
    const { bias = true, dtype = 'float32' } = opts;
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures < 1 || outFeatures < 1) {
      throw new RangeError(`Linear: feature counts must be positive integers, got ${inFeatures} and ${outFeatures}`);
    }
    this.weight = kaimingUniform([outFeatures, inFeatures], { a: Math.sqrt(5), dtype, requiresGrad: true });
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = bias ? uniform([outFeatures], -bound, bound, { dtype, requiresGrad: true }) : null;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      const got = x instanceof Tensor ? `input of shape ${shapeStr(x.shape)}` : `${typeof x} input`;
      throw new RangeError(`Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}): expected an input whose last dim is ${this.inFeatures}, got ${got}`);
    }
    const y = x.matmul(this.weight.T);
    return this.bias ? y.add(this.bias) : y;
  }
}
