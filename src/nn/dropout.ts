import type { Tensor } from '../tensor/tensor.js';
import { rand, randomOptions } from '../tensor/create.js';
import type { Generator } from '../tensor/random.js';
import { Module } from './module.js';
import { checkOptions } from '../tensor/options.js';

/**
 * Inverted dropout: in training, zeroes each element with probability p (a mask drawn from the
 * seeded generator) and scales the survivors by 1/(1 − p), so E[output] = input and eval mode
 * can be the identity.
 */
export class Dropout extends Module {
  /** The stream the masks come from (default: the global one that manualSeed reseeds). */
  readonly generator: Generator | undefined;

  /** @example new Dropout(0.2, { generator: new Generator(0) }) */
  constructor(readonly p = 0.5, opts: { generator?: Generator } = {}) {
    super();
    checkOptions('Dropout', opts, { generator: randomOptions.generator });
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
    this.generator = opts.generator;
  }

  /** x with a fresh mask in training mode; x itself in eval mode. */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return x.mul(0);
    const keep = rand(x.shape, { dtype: x.dtype === 'float64' ? 'float64' : 'float32', generator: this.generator }).ge(this.p);
    return x.mul(keep.mul(1 / (1 - this.p)));
  }
}
