import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { fromStorage } from '../tensor/tensor.js';
import { checkOptions, oneOf, type OptionSpec } from '../tensor/options.js';
import { noGrad } from '../autograd/tape/state.js';
import { assignInto } from '../tensor/assign.js';
import { where } from '../ops/index.js';
import { Module } from './module.js';
import { normal } from './init.js';


/** Embedding's options, PyTorch's names. */
export interface EmbeddingOptions {
  /** A row (negative: counted from the end) that starts at zeros and never gets a gradient. */
  paddingIdx?: number | null;
  /** Before each lookup, rows used whose normType-norm exceeds maxNorm are rescaled to maxNorm (in place). */
  maxNorm?: number | null;
  /** The p of maxNorm's p-norm (default 2). */
  normType?: number;
  dtype?: DType;
}
const embeddingSpec: OptionSpec = {
  paddingIdx: { want: 'an integer row index or null', ok: (v) => v === null || Number.isInteger(v) },
  maxNorm: { want: 'a finite number > 0 or null', ok: (v) => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0) },
  normType: 'positive',
  dtype: 'floatDType',
};

/**
 * A lookup table (PyTorch's nn.Embedding): int32 indices of any shape → [...shape, dim], rows of
 * weight [num, dim] ~ N(0, 1). A gather along dim 0, so the gradient is scatter-added into the
 * rows that were used (repeated indices accumulate). paddingIdx's row is zeroed at init and its
 * lookups pass no gradient (a detached `where`); maxNorm renormalizes the rows an input uses
 * before the lookup, as PyTorch's embedding_renorm_: row · maxNorm / (‖row‖ₚ + 1e-7), not
 * differentiated.
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  /** The padding row as an index in [0, numEmbeddings), or null. */
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    checkOptions('Embedding', opts, embeddingSpec);
    const { paddingIdx = null, maxNorm = null, normType = 2, dtype = 'float32' } = opts;
    if (![numEmbeddings, embeddingDim].every((n) => Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`Embedding: numEmbeddings (${numEmbeddings}) and embeddingDim (${embeddingDim}) must be positive integers`);
    }
    if (paddingIdx !== null && !(paddingIdx >= -numEmbeddings && paddingIdx < numEmbeddings)) {
      throw new RangeError(`Embedding: paddingIdx ${paddingIdx} must be in [${-numEmbeddings}, ${numEmbeddings}) for ${numEmbeddings} embeddings`);
    }
    this.paddingIdx = paddingIdx === null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.maxNorm = maxNorm;
    this.normType = normType;
    this.weight = normal([numEmbeddings, embeddingDim], { dtype, requiresGrad: true });
    if (this.paddingIdx !== null) this.weight.data.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new TypeError(`Embedding: indices must be an int32 tensor, got ${indices.dtype}`);
    const flat = indices.contiguousData();
    for (let i = 0; i < flat.length; i++) {
      if (!(flat[i]! >= 0 && flat[i]! < this.numEmbeddings)) {
        throw new RangeError(`Embedding: index ${flat[i]} is out of range for ${this.numEmbeddings} embeddings`);
      }
    }
    if (this.maxNorm !== null) this.renorm(flat as Int32Array);
    const n = indices.size, D = this.embeddingDim;
    const rows = indices.reshape([n, 1]).expand([n, D]);
    let out = this.weight.gather(0, rows);
    if (this.paddingIdx !== null) {
      // The padding row's lookups come from the detached table: same value, no gradient.
      const isPad = indices.reshape([n, 1]).eq(this.paddingIdx);
      out = where(isPad, this.weight.detach().gather(0, rows), out);
    }
    return out.reshape([...indices.shape, D]);
  }

  /** Scales each used row whose p-norm exceeds maxNorm by maxNorm / (norm + 1e-7), in place (PyTorch's renorm). */
  private renorm(used: Int32Array): void {
    const D = this.embeddingDim, p = this.normType, w = this.weight.contiguousData();
    const scale = new (this.weight.dtype === 'float64' ? Float64Array : Float32Array)(this.numEmbeddings).fill(1);
    let any = false;
    for (const row of new Set(used)) {
      let norm = 0;
      for (let j = 0; j < D; j++) norm += Math.abs(w[row * D + j]!) ** p;
      norm = norm ** (1 / p);
      if (norm > this.maxNorm!) { scale[row] = this.maxNorm! / (norm + 1e-7); any = true; }
    }
    if (any) noGrad(() => assignInto(this.weight, this.weight.mul(fromStorage(scale, [this.numEmbeddings, 1], this.weight.dtype))));
  }
}
