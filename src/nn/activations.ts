import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}
export class LeakyReLU extends Module {
  constructor(readonly slope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return x.leakyRelu(this.slope); }
}
/** The exact (erf) GELU: x·Φ(x). */
export class GELU extends Module {
  forward(x: Tensor): Tensor { return x.gelu(); }
}
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}
