import { Optimizer } from './optimizer.js';
import { describe } from '../tensor/validate.js';
import type { Tensor } from '../tensor/tensor.js';
import { full } from '../tensor/create.js';
import { readStateDict } from '../tensor/from-json.js';
import type { TensorJSON } from '../tensor/json.js';
import { checkOptions, oneOf, type Domain } from '../tensor/options.js';

const factorInUnit: Domain = { want: 'a number in (0, 1]', ok: (v) => typeof v === 'number' && v > 0 && v <= 1 };
const belowOne: Domain = { want: 'a number in [0, 1)', ok: (v) => typeof v === 'number' && v >= 0 && v < 1 };

const scalar = (x: number): Tensor => full([], x, { dtype: 'float64' });

/** Reads `keys` from a scheduler state dict as numbers, naming the scheduler and a missing key. */
function readState(cls: string, saved: Record<string, Tensor | TensorJSON>, keys: readonly string[]): number[] {
  const dict = readStateDict(`${cls}.loadStateDict`, saved);
  for (const k of Object.keys(dict)) if (!keys.includes(k)) throw new RangeError(`${cls}.loadStateDict: unexpected key '${k}' (keys: ${keys.join(', ')})`);
  return keys.map((k) => {
    const t = dict[k];
    if (!t || t.size !== 1) throw new RangeError(`${cls}.loadStateDict: '${k}' must be a one-element tensor${t ? '' : ' (missing)'}`);
    return t.item();
  });
}

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
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${new.target.name}: expected an optimizer, got ${describe(optimizer)}`);
    this.baseLr = optimizer.initialLr;
  }

  /** The optimizer's current learning rate. */
  get lr(): number { return this.optimizer.lr; }

  /** Ends an epoch: advances the schedule, sets the optimizer's rate and returns it. */
  step(): number {
    this.epoch++;
    this.optimizer.lr = this.next(this.optimizer.lr, this.epoch);
    return this.optimizer.lr;
  }

  /**
   * The schedule's position as named 0-d float64 tensors (`{ epoch }`), for `save`. The rate
   * itself lives in the optimizer's state dict.
   */
  stateDict(): Record<string, Tensor> {
    return { epoch: scalar(this.epoch) };
  }

  /** Restores what `stateDict()` returned, so the schedule continues where it stopped. */
  loadStateDict(dict: Record<string, Tensor | TensorJSON>): void {
    [this.epoch] = readState(this.constructor.name, dict, ['epoch']);
  }

  protected abstract next(lr: number, epoch: number): number;
}

/** Multiplies the rate by gamma every stepSize epochs. */
export class StepLR extends Scheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number }) {
    super(optimizer);
    checkOptions('StepLR', opts, { stepSize: 'positiveInt', gamma: 'nonNegative' });
    const { stepSize, gamma = 0.1 } = opts;
    if (!Number.isInteger(stepSize)) throw new RangeError(`StepLR: stepSize must be a positive integer, got ${describe(stepSize)}`);
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

  constructor(optimizer: Optimizer, opts: { tMax: number; etaMin?: number }) {
    super(optimizer);
    checkOptions('CosineAnnealingLR', opts, { tMax: 'positive', etaMin: 'nonNegative' });
    const { tMax, etaMin = 0 } = opts;
    if (tMax === undefined) throw new RangeError(`CosineAnnealingLR: tMax must be a positive number, got undefined`);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  protected next(lr: number, t: number): number {
    const { tMax: T, etaMin, baseLr } = this;
    if ((t - 1 - T) % (2 * T) === 0) return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / T))) / 2;
    return ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - etaMin) + etaMin;
  }
}


export interface LinearLROptions {
  /** Factor of the base rate at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached after totalIters epochs, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs over which the factor moves linearly (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay) of the rate: η_t = η₀·(s + (e − s)·min(t, T)/T). Like PyTorch, it
 * sets η₀·s on the optimizer as soon as it is built, and steps in the recursive form
 * η_t = η_{t−1}·(1 + (e − s)/(T·s + (t − 1)(e − s))) for t ≤ T.
 * @example const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 10 })
 */
export class LinearLR extends Scheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, opts: LinearLROptions = {}) {
    checkOptions('LinearLR', opts, { startFactor: factorInUnit, endFactor: 'unit', totalIters: 'positiveInt' });
    super(optimizer);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = opts;
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    optimizer.lr = optimizer.lr * startFactor;
  }

  protected next(lr: number, t: number): number {
    const { startFactor: s, endFactor: e, totalIters: T } = this;
    if (t > T) return lr;
    return lr * (1 + (e - s) / (T * s + (t - 1) * (e - s)));
  }
}

/**
 * Multiplies the rate by gamma every epoch: η_t = η₀·γᵗ.
 * @example const decay = new ExponentialLR(opt, { gamma: 0.95 })
 */
export class ExponentialLR extends Scheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, opts: { gamma: number }) {
    checkOptions('ExponentialLR', opts, { gamma: 'positive' });
    if (opts?.gamma === undefined) throw new RangeError('ExponentialLR: gamma is required');
    super(optimizer);
    this.gamma = opts.gamma;
  }

  protected next(lr: number): number {
    return lr * this.gamma;
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** The rate is multiplied by it on a plateau, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement that are tolerated before reducing (default 10). */
  patience?: number;
  /** How much better than the best a metric must be to count (default 1e-4). */
  threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** The rate never goes below it (default 0). */
  minLr?: number;
  /** A reduction smaller than eps is skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the rate by `factor` when a metric has stopped improving for more than `patience`
 * epochs (PyTorch 1.13's rules: the best value starts at ±∞, a NaN metric counts as a bad epoch,
 * the cooldown resets the count of bad epochs). Call `step(metric)` once per epoch.
 * @example const plateau = new ReduceLROnPlateau(opt, { patience: 3 }); plateau.step(valLoss)
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  /** Completed step() calls. */
  epoch = 0;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** Epochs since the last improvement (reset by a reduction and during cooldown). */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;

  constructor(readonly optimizer: Optimizer, opts: ReduceLROnPlateauOptions = {}) {
    checkOptions('ReduceLROnPlateau', opts, {
      mode: oneOf('min', 'max'), factor: belowOne, patience: 'nonNegativeInt', threshold: 'nonNegative',
      thresholdMode: oneOf('rel', 'abs'), cooldown: 'nonNegativeInt', minLr: 'nonNegative', eps: 'nonNegative',
    });
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = opts;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
  }

  /** The optimizer's current learning rate. */
  get lr(): number { return this.optimizer.lr; }

  /** Records this epoch's metric (a number or a one-element tensor) and returns the rate to use next. */
  step(metric: number | Tensor): number {
    const current = typeof metric === 'number' ? metric : metric.item();
    this.epoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      const old = this.optimizer.lr;
      const next = Math.max(old * this.factor, this.minLr);
      if (old - next > this.eps) this.optimizer.lr = next;
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    return this.optimizer.lr;
  }

  private isBetter(a: number): boolean {
    const { best, threshold: th } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - th) : a < best - th;
    return this.thresholdMode === 'rel' ? a > best * (1 + th) : a > best + th;
  }

  /** `{ epoch, best, numBadEpochs, cooldownCounter }` as 0-d float64 tensors, for `save`. */
  stateDict(): Record<string, Tensor> {
    return { epoch: scalar(this.epoch), best: scalar(this.best), numBadEpochs: scalar(this.numBadEpochs), cooldownCounter: scalar(this.cooldownCounter) };
  }

  /** Restores what `stateDict()` returned. */
  loadStateDict(dict: Record<string, Tensor | TensorJSON>): void {
    [this.epoch, this.best, this.numBadEpochs, this.cooldownCounter] = readState('ReduceLROnPlateau', dict, ['epoch', 'best', 'numBadEpochs', 'cooldownCounter']);
  }
}

export type { Scheduler };
