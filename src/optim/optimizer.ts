import { fromStorage, Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { full } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import { readStateDict } from '../tensor/from-json.js';
import type { TensorJSON } from '../tensor/json.js';
import { describe } from '../tensor/validate.js';
import { domains } from '../tensor/options.js';

function checkLr(cls: string, lr: unknown): number {
  if (!domains.nonNegative.ok(lr)) throw new RangeError(`${cls}: lr must be a non-negative number, got ${describe(lr)}`);
  return lr as number;
}
import { noGrad } from '../autograd/tape/state.js';

/** Per-parameter state: steps taken with a gradient, and buffers as plain untracked tensors. */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

/** A 0-d float64 tensor: how state dicts carry counters and rates (exact for any step count). */
const scalar = (x: number): Tensor => full([], x, { dtype: 'float64' });

/**
 * Base of the optimizers: one parameter group with a learning rate that schedules may change,
 * and per-parameter state held as plain (untracked) tensors.
 */
export abstract class Optimizer {
  /** The parameters, in the order given (state dict keys `state.<i>.…` use these indices). */
  readonly params: readonly Tensor[];
  /** The learning rate the optimizer was built with (schedules start from it). */
  readonly initialLr: number;
  /** Number of step() calls so far. */
  stepCount = 0;
  protected readonly state = new Map<Tensor, ParamState>();
  private _lr: number;

  constructor(params: Iterable<Tensor>, lr: number) {
    const name = this.constructor.name;
    if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
      throw new TypeError(`${name}: params must be an iterable of tensors (e.g. model.parameters()), got ${describe(params)}`);
    }
    this.params = [...params];
    if (this.params.length === 0) throw new RangeError(`${name}: got an empty parameter list`);
    const first = new Map<Tensor, number>();
    this.params.forEach((p, i) => {
      if (!(p instanceof Tensor) || !p.requiresGrad || !p.isLeaf) {
        throw new TypeError(`${name}: parameter ${i} must be a leaf tensor with requiresGrad: true`);
      }
      // A tensor listed twice would be stepped twice per step().
      if (first.has(p)) throw new RangeError(`${name}: parameter ${i} is the same tensor as parameter ${first.get(p)}; list each parameter once`);
      first.set(p, i);
    });
    this.initialLr = this._lr = checkLr(name, lr);
  }

  /** The current learning rate; schedules set it, and so may you (a non-negative number). */
  get lr(): number { return this._lr; }
  set lr(value: number) {
    this._lr = checkLr(this.constructor.name, value);
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
   * A copy of the optimizer's state as named tensors, ready for `save(file, dict)` (safetensors or
   * JSON): `lr` and `stepCount` as 0-d float64 tensors, and for the parameter at index i (in the
   * order the optimizer was given them) `state.i.step` and one `state.i.<buffer>` per buffer
   * (`momentumBuffer`, `expAvg`, `expAvgSq`, `squareAvg`, `sum`, ...). Hyperparameters other than
   * the learning rate are not included: build the new optimizer with the same options.
   * @example save('optim.safetensors', opt.stateDict())
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = { lr: scalar(this._lr), stepCount: scalar(this.stepCount) };
    noGrad(() => this.params.forEach((p, i) => {
      const s = this.state.get(p);
      if (!s) return;
      out[`state.${i}.step`] = scalar(s.step);
      for (const [name, buf] of Object.entries(s.buffers)) out[`state.${i}.${name}`] = buf.clone();
    }));
    return out;
  }

  /**
   * Restores a state written by `stateDict()` into this optimizer (built with the same options
   * over parameters of the same shapes, in the same order), so training resumes exactly where
   * it stopped. Buffers are copied (the dict stays unchanged) and converted to each parameter's
   * dtype. Unknown keys, a parameter index out of range, a buffer this optimizer does not keep
   * (another optimizer's state) or one it needs missing, a buffer of the wrong shape or holding NaN
   * (or a negative square average), a step that is not an integer ≥ 1 are errors, naming the
   * optimizer; nothing is changed unless every entry fits. Entries may also be in their JSON form
   * (`JSON.parse(JSON.stringify(opt.stateDict()))` loads).
   */
  loadStateDict(saved: Record<string, Tensor | TensorJSON>): void {
    const name = `${this.constructor.name}.loadStateDict`;
    const dict = readStateDict(name, saved);
    const num = (key: string, rule: 'count' | 'step' | null = null): number => {
      const t = dict[key];
      if (!(t instanceof Tensor) || t.size !== 1) {
        throw new RangeError(`${name}: '${key}' must be a one-element tensor${t instanceof Tensor ? `, got shape ${shapeStr(t.shape)}` : t === undefined ? ' (missing)' : `, got ${describe(t)}`}`);
      }
      const v = t.item();
      // a NaN or fractional step would turn every parameter into NaN at the next step (bias corrections)
      if (rule && !(Number.isSafeInteger(v) && v >= (rule === 'step' ? 1 : 0))) {
        throw new RangeError(`${name}: '${key}' must be an integer ≥ ${rule === 'step' ? 1 : 0}, got ${v}`);
      }
      return v;
    };
    const lr = num('lr'), stepCount = num('stepCount', 'count');
    const kept = this.stateBuffers();
    const states = new Map<Tensor, ParamState>();
    for (const [key, t] of Object.entries(dict)) {
      if (key === 'lr' || key === 'stepCount') continue;
      const m = /^state\.(\d+)\.(\w+)$/.exec(key);
      const p = m ? this.params[Number(m[1])] : undefined;
      if (!m || !p) {
        throw new RangeError(`${name}: unexpected key '${key}' (this optimizer has ${this.params.length} parameters; keys are lr, stepCount, state.<i>.step and state.<i>.<buffer>)`);
      }
      let s = states.get(p);
      if (!s) states.set(p, (s = { step: num(`state.${m[1]}.step`, 'step'), buffers: {} }));
      if (m[2] === 'step') continue;
      const buffer = m[2]!;
      if (kept && !Object.hasOwn(kept, buffer)) {
        const own = Object.keys(kept).join(', ') || 'no buffers';
        throw new RangeError(`${name}: '${key}' is not state of this ${this.constructor.name} (it keeps ${own}); was the dict written by another optimizer or with other options?`);
      }
      if (!(t instanceof Tensor)) throw new TypeError(`${name}: '${key}' must be a Tensor, got ${describe(t)}`);
      if (t.ndim !== p.ndim || t.shape.some((n, d) => n !== p.shape[d])) {
        throw new RangeError(`${name}: '${key}' has shape ${shapeStr(t.shape)}, parameter ${m[1]} has shape ${shapeStr(p.shape)}`);
      }
      // Owned row-major storage of p's dtype: the in-place updates write into it.
      const values = allocate(p.dtype, p.size);
      values.set(t.contiguousData());
      const bad = kept?.[buffer] === 'nonNegative' ? values.findIndex((v) => !(v >= 0)) : values.findIndex(Number.isNaN);
      if (bad >= 0) throw new RangeError(`${name}: '${key}' holds ${values[bad]} at element ${bad}${kept?.[buffer] === 'nonNegative' ? ' (a running square average is ≥ 0)' : ''}`);
      s.buffers[buffer] = fromStorage(values, p.shape, p.dtype);
    }
    if (kept) {
      for (const [p, s] of states) {
        const missing = Object.keys(kept).find((b) => !s.buffers[b]);
        if (missing) throw new RangeError(`${name}: 'state.${this.params.indexOf(p)}.${missing}' is missing (a parameter with a step keeps ${Object.keys(kept).join(', ')})`);
      }
    }
    this.lr = lr;
    this.stepCount = stepCount;
    this.state.clear();
    for (const [p, s] of states) this.state.set(p, s);
  }

  /**
   * The buffers each stepped parameter keeps with the options in use, and which of them are ≥ 0
   * (running averages of squares), so that loadStateDict can refuse another optimizer's state;
   * null (the default, for optimizers defined outside tapegrad) skips that check.
   */
  protected stateBuffers(): Record<string, 'any' | 'nonNegative'> | null {
    return null;
  }

  /**
   * Writes the parameter's new value into its storage, given its gradient, in one pass over the
   * elements (see ./inplace.ts: updateInPlace, gradValues, stateBuffer); state buffers are
   * updated in place too.
   */
  protected abstract update(p: Tensor, g: Tensor, state: ParamState): void;
}
