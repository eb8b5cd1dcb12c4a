import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { Module } from './module.js';
import { normal } from './init.js';
import { checkOptions } from '../tensor/options.js';

const embeddingOptions = { dtype: 'floatDType' } as const;

/**
 * A lookup table (PyTorch's nn.Embedding): int32 indices of any shape → [...shape, dim], rows of
 * weight [num, dim] ~ N(0, 1). A gather along dim 0, so the gradient is scatter-added into the
 * rows that were used (repeated indices accumulate).
 */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: { dtype?: DType } = {}) {
    super();
    checkOptions('Embedding', opts, embeddingOptions);
    const { dtype = 'float32' } = opts;
    if (![numEmbeddings, embeddingDim].every((n) => Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`Embedding: numEmbeddings (${numEmbeddings}) and embeddingDim (${embeddingDim}) must be positive integers`);
    }
    this.weight = normal([numEmbeddings, embeddingDim], { dtype, requiresGrad: true });
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new TypeError(`Embedding: indices must be an int32 tensor, got ${indices.dtype}`);
    const flat = indices.contiguousData();
    for (let i = 0; i < flat.length; i++) {
      if (!(flat[i]! >= 0 && flat[i]! < this.numEmbeddings)) {
        throw new RangeError(`Embedding: index ${flat[i]} is out of range for ${this.numEmbeddings} embeddings`);
      }
    }
    const n = indices.size, D = this.embeddingDim;
    const rows = indices.reshape([n, 1]).expand([n, D]);
    return this.weight.gather(0, rows).reshape([...indices.shape, D]);
  }
}
