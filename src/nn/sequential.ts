import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Applies its layers in order; parameters are named "layers.<i>.<name>", and "<i>.<name>" in
 * stateDict({ keys: 'torch' }) as in PyTorch's nn.Sequential.
 */
export class Sequential extends Module {
  /** stateDict({ keys: 'torch' }) names the layers without the field: `0.weight`, as PyTorch. */
  static readonly torchChildren = 'layers';
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  /** An error inside a layer is rethrown (same type, original as `cause`) with the layer's index and class. */
  forward(x: Tensor): Tensor {
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      try {
        x = layer.forward(x);
      } catch (e) {
        if (!(e instanceof Error)) throw e;
        const Ctor = e instanceof RangeError ? RangeError : e instanceof TypeError ? TypeError : Error;
        throw new Ctor(`${this.constructor.name} layers.${i} (${layer.constructor.name}): ${e.message}`, { cause: e });
      }
    }
    return x;
  }
}
