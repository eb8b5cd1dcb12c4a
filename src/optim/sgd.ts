import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamState } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's update rule:
 *   d = g + λ·p;  b ← d on the first step, else μ·b + (1 − τ)·d;
 *   d = nesterov ? d + μ·b : b  (when μ ≠ 0);  p ← p − lr·d.
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: Iterable<Tensor>, { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 }: SGDOptions) {
    super(params, lr);
    if (momentum < 0 || weightDecay < 0) throw new RangeError(`SGD: momentum and weightDecay must be >= 0, got ${momentum} and ${weightDecay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('SGD: nesterov needs momentum > 0 and dampening = 0');
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  protected update(p: Tensor, g: Tensor, { buffers }: ParamState): Tensor {
    let d = this.weightDecay !== 0 ? g.add(p.mul(this.weightDecay)) : g;
    if (this.momentum !== 0) {
      const prev = buffers['momentumBuffer'];
      // The first buffer may alias .grad: state tensors are replaced, never written in place.
      const buf = prev ? prev.mul(this.momentum).add(this.dampening !== 0 ? d.mul(1 - this.dampening) : d) : d;
      buffers['momentumBuffer'] = buf;
      d = this.nesterov ? d.add(buf.mul(this.momentum)) : buf;
    }
    return p.sub(d.mul(this.lr));
  }
}
