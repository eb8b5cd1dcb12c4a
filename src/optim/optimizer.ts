import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/state.js';

/** Per-parameter state: steps taken with a gradient, and buffers as plain untracked tensors. */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

/**
 * Base of the optimizers: one parameter group with a learning rate that schedules may change,
 * and per-parameter state held as plain (untracked) tensors.
 */
export abstract class Optimizer {
  readonly params: readonly Tensor[];
  /** The learning rate the optimizer was built with (schedules start from it). */
  readonly initialLr: number;
  /** Number of step() calls so far. */
  stepCount = 0;
  protected readonly state = new Map<Tensor, ParamState>();
  private _lr: number;

  constructor(params: Iterable<Tensor>, lr: number) {
    this.params = [...params];
    if (this.params.length === 0) throw new RangeError(`${this.constructor.name}: got an empty parameter list`);
    this.params.forEach((p, i) => {
      if (!p.requiresGrad || !p.isLeaf) {
        throw new TypeError(`${this.constructor.name}: parameter ${i} must be a leaf tensor with requiresGrad: true`);
      }
    });
    if (!(lr >= 0)) throw new RangeError(`${this.constructor.name}: lr must be a non-negative number, got ${lr}`);
    this.initialLr = lr;
    this._lr = lr;
  }

  get lr(): number { return this._lr; }
  set lr(value: number) {
    if (!(value >= 0)) throw new RangeError(`${this.constructor.name}: lr must be a non-negative number, got ${value}`);
    this._lr = value;
  }

  /** Updates every parameter that has a gradient, in place, without recording on the tape. */
  step(): void {
    this.stepCount++;
    noGrad(() => {
      for (const p of this.params) {
        if (!p.grad) continue;
        let s = this.state.get(p);
        if (!s) this.state.set(p, (s = { step: 0, buffers: {} }));
        s.step++;
        this.update(p, p.grad, s);
      }
    });
  }

  /** Clears the gradients of every parameter (backward() accumulates into them). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** One parameter's state (its step count, momentum buffers, moments), for inspection. */
  stateOf(p: Tensor): Readonly<ParamState> | undefined {
    return this.state.get(p);
  }

  /**
   * Writes the parameter's new value into its storage, given its gradient, in one pass over the
   * elements (see ./inplace.ts: updateInPlace, gradValues, stateBuffer); state buffers are
   * updated in place too.
   */
  protected abstract update(p: Tensor, g: Tensor, state: ParamState): void;
}
