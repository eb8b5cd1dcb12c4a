import type { Optimizer } from './optimizer.js';

/**
 * Learning-rate schedules in PyTorch's recursive form: each step() derives the new rate from the
 * optimizer's current one, so a rate changed by hand in between carries over (as in PyTorch).
 * Call step() once per epoch, after the optimizer's steps.
 */
abstract class Scheduler {
  /** Completed schedule steps (PyTorch's last_epoch). */
  epoch = 0;
  readonly baseLr: number;

  constructor(readonly optimizer: Optimizer) {
    this.baseLr = optimizer.initialLr;
  }

  get lr(): number { return this.optimizer.lr; }

  step(): number {
    this.epoch++;
    this.optimizer.lr = this.next(this.optimizer.lr, this.epoch);
    return this.optimizer.lr;
  }

  protected abstract next(lr: number, epoch: number): number;
}

/** Multiplies the rate by gamma every stepSize epochs. */
export class StepLR extends Scheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number }) {
    super(optimizer);
    if (!Number.isInteger(stepSize) || stepSize < 1) throw new RangeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  protected next(lr: number, epoch: number): number {
    return epoch % this.stepSize === 0 ? lr * this.gamma : lr;
  }
}

/**
 * Cosine annealing from the base rate η₀ to etaMin over tMax epochs (then back up, periodically).
 * Closed form η_t = η_min + (η₀ − η_min)(1 + cos(πt/T))/2; PyTorch steps it recursively as
 * η_t = η_min + (η_{t−1} − η_min)·(1 + cos(πt/T)) / (1 + cos(π(t−1)/T)), except at the restart
 * t − 1 − T ≡ 0 (mod 2T), where that ratio is 0/0 and it adds (η₀ − η_min)(1 − cos(π/T))/2 instead.
 */
export class CosineAnnealingLR extends Scheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }) {
    super(optimizer);
    if (!(tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  protected next(lr: number, t: number): number {
    const { tMax: T, etaMin, baseLr } = this;
    if ((t - 1 - T) % (2 * T) === 0) return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / T))) / 2;
    return ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - etaMin) + etaMin;
  }
}

export type { Scheduler };
