import type { DType } from '../tensor/dtype.js';
import { Module } from './module.js';
import { checkOptions } from '../tensor/options.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';
import { Dropout } from './dropout.js';
import { GELU, LeakyReLU, ReLU, Sigmoid, Tanh } from './activations.js';

export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu' | 'gelu';

const activations: Record<ActivationName, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  leakyRelu: () => new LeakyReLU(),
  gelu: () => new GELU(),
};

/**
 * Linear layers through `sizes` ([784, 128, 10]: one hidden layer of 128) with the activation
 * (and optional dropout) between them and nothing after the last: it outputs logits.
 */
export class MLP extends Sequential {
  constructor(sizes: readonly number[], activation: ActivationName = 'relu', opts: { dropout?: number; dtype?: DType } = {}) {
    checkOptions('MLP', opts, { dropout: 'unit', dtype: 'floatDType' });
    const { dropout = 0, dtype } = opts;
    if (sizes.length < 2) throw new RangeError(`MLP: sizes needs at least an input and an output size, got [${sizes.join(', ')}]`);
    if (!(activation in activations)) throw new RangeError(`MLP: unknown activation '${activation}' (one of ${Object.keys(activations).join(', ')})`);
    const layers: Module[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { dtype }));
      if (i + 2 < sizes.length) {
        layers.push(activations[activation]());
        if (dropout > 0) layers.push(new Dropout(dropout));
      }
    }
    super(...layers);
  }
}
