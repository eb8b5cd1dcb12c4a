import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** max(x, 0) as a module (relu'(0) = 0). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}
/** tanh(x) as a module. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}
/** σ(x) = 1/(1 + e⁻ˣ) as a module. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}
/** x for x > 0, slope·x otherwise (default slope 0.01, as PyTorch) as a module. */
export class LeakyReLU extends Module {
  constructor(readonly slope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return x.leakyRelu(this.slope); }
}
/** The exact (erf) GELU: x·Φ(x). */
export class GELU extends Module {
  forward(x: Tensor): Tensor { return x.gelu(); }
}
/** Returns its input unchanged: a placeholder layer (nn.Identity). */
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}
