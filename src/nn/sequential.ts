import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Applies its layers in order; parameters are named "layers.<i>.<name>". */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    for (const layer of this.layers) x = layer.forward(x);
    return x;
  }
}
