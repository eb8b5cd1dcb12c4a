import { Tensor } from '../tensor/tensor.js';
import { tensor, type NestedArray } from '../tensor/create.js';
import { shapeStr } from '../tensor/shape.js';
import { noGrad, scope } from '../autograd/state.js';
import { assignInto } from '../optim/assign.js';
import { checkFlag, checkOptions } from '../tensor/options.js';

const loadStateDictOptions = { strict: 'bool' } as const;

/** The names registered with registerBuffer, per module (kept off the instance's own fields). */
const bufferNames = new WeakMap<Module, string[]>();

/** The modules whose forward() is running, outermost first. */
const running: Module[] = [];

/**
 * The scope a module's ops are recorded in: its field name in the module whose forward() called
 * it ('fc1', 'layers.0'), as PyTorch's named_modules() spells it; its class name when called from
 * outside any module (the model itself: 'MLP') or when the caller holds it in no field.
 */
function scopeName(module: Module): string {
  const caller = running[running.length - 1];
  if (caller) {
    for (const [key, value] of Object.entries(caller)) {
      if (value === module) return key;
      const i = Array.isArray(value) ? value.indexOf(module) : -1;
      if (i >= 0) return `${key}.${i}`;
    }
  }
  return module.constructor.name;
}

/**
 * Base of every layer. A module's parameters are its fields that hold Tensors, and those of the
 * Modules (or arrays of Modules and Tensors) in its other fields, found by walking the object:
 * subclasses only assign fields, there is nothing to register. A tensor that is state but not a
 * parameter (running statistics) is registered with registerBuffer instead.
 *
 * Every call of forward() runs inside a scope named after the module (see scopeName), so a
 * model's graph (printGraph, toDot) reads as its layers; a subclass gets this by defining forward.
 */
export abstract class Module {
  /** Training mode (the default): Dropout is active. eval() turns it off. */
  training = true;

  abstract forward(x: Tensor): Tensor;

  constructor() {
    // `this.forward` is already the subclass's method here; the scoped wrapper is an own,
    // non-enumerable property, so parameter walks and state dicts never see it.
    const forward = this.forward;
    const scoped = (...inputs: unknown[]): Tensor => {
      const name = scopeName(this);
      running.push(this);
      try {
        return scope(name, () => (forward as (...a: unknown[]) => Tensor).apply(this, inputs), 'module');
      } finally {
        running.pop();
      }
    };
    Object.defineProperty(this, 'forward', { value: scoped, writable: true, configurable: true, enumerable: false });
  }

  /** [dotted name, tensor] for every parameter, depth first in field order ("layers.0.weight"). */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    const visit = (value: unknown, name: string): void => {
      if (value instanceof Tensor) {
        if (!seen.has(value)) out.push([name, value]);
        seen.add(value);
      } else if (value instanceof Module) {
        for (const [n, t] of value.namedParameters(`${name}.`)) visit(t, n);
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => visit(v, `${name}.${i}`));
      } else {
        warnHidden(this, name, value);
      }
    };
    for (const [key, value] of Object.entries(this)) visit(value, prefix + key);
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /**
   * Registers a tensor that is module state but not trained (BatchNorm's running statistics), as
   * PyTorch's register_buffer: it is readable and assignable as the field `name`, listed by
   * buffers()/namedBuffers() and saved by stateDict(), and never returned by parameters().
   */
  registerBuffer(name: string, value: Tensor): void {
    if (!(value instanceof Tensor)) throw new TypeError(`registerBuffer: '${name}' must be a Tensor`);
    if (Object.prototype.propertyIsEnumerable.call(this, name)) {
      throw new Error(`registerBuffer: '${name}' is already a field of ${this.constructor.name}`);
    }
    Object.defineProperty(this, name, { value, writable: true, enumerable: false, configurable: true });
    const names = bufferNames.get(this) ?? [];
    if (!names.includes(name)) names.push(name);
    bufferNames.set(this, names);
  }

  /** [dotted name, tensor] for every buffer: this module's first, then each submodule's. */
  namedBuffers(prefix = ''): Array<[string, Tensor]> {
    const self = this as unknown as Record<string, Tensor>;
    const out: Array<[string, Tensor]> = (bufferNames.get(this) ?? []).map((n) => [prefix + n, self[n]!]);
    const visit = (value: unknown, name: string): void => {
      if (value instanceof Module) out.push(...value.namedBuffers(`${name}.`));
      else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${name}.${i}`));
    };
    for (const [key, value] of Object.entries(this)) visit(value, prefix + key);
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /** The direct submodules (fields, and Modules inside array fields). */
  children(): Module[] {
    return Object.values(this).flatMap((v: unknown) =>
      v instanceof Module ? [v] : Array.isArray(v) ? v.filter((x): x is Module => x instanceof Module) : []);
  }

  /** Sets training mode on this module and every submodule. */
  train(mode = true): this {
    checkFlag('train', 'mode', mode);
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Copies of every parameter and buffer by name (later training does not change them). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries([...this.namedParameters(), ...this.namedBuffers()].map(([n, t]) => [n, noGrad(() => t.clone())]));
  }

  /**
   * Writes saved values into the parameters and buffers in place (optimizers keep working on
   * them). Values may be Tensors or nested arrays. Missing names, and with `strict` (default) unknown names,
   * are errors; so is any shape mismatch. Nothing is written unless every entry fits.
   */
  loadStateDict(dict: Record<string, Tensor | NestedArray>, opts: { strict?: boolean } = {}): void {
    checkOptions('loadStateDict', opts, loadStateDictOptions);
    const { strict = true } = opts;
    const params = [...this.namedParameters(), ...this.namedBuffers()];
    const names = new Set(params.map(([n]) => n));
    const missing = params.filter(([n]) => !(n in dict)).map(([n]) => n);
    const unexpected = Object.keys(dict).filter((n) => !names.has(n));
    if (missing.length || (strict && unexpected.length)) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', strict && unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''];
      throw new Error(`loadStateDict: ${parts.filter(Boolean).join('; ')}`);
    }
    const values = params.map(([n, p]) => {
      const raw = dict[n]!;
      let v: Tensor;
      try {
        v = raw instanceof Tensor ? raw : tensor(raw, { dtype: p.dtype });
      } catch (err) {
        throw new TypeError(`loadStateDict: '${n}' is not a Tensor or a nested array of numbers (${(err as Error).message})`);
      }
      if (v.ndim !== p.ndim || v.shape.some((s, i) => s !== p.shape[i])) {
        throw new RangeError(`loadStateDict: '${n}' has shape ${shapeStr(v.shape)}, the model's parameter has shape ${shapeStr(p.shape)}`);
      }
      return v;
    });
    noGrad(() => params.forEach(([, p], i) => assignInto(p, values[i]!)));
  }
}

const warned = new Set<string>();

/**
 * Parameters are found in fields, Modules and arrays only. A Tensor or Module inside a Map, a Set
 * or a plain object would be silently left out of parameters(), stateDict() and the optimizer, so
 * that is warned about, once per class and field. Fields whose name starts with '_' are private
 * and not searched.
 */
function warnHidden(owner: Module, path: string, value: unknown): void {
  if (path.split('.').some((part) => part.startsWith('_'))) return;
  const found = hiddenIn(value, path, 0);
  if (!found) return;
  const key = `${owner.constructor.name}:${path}`;
  if (warned.has(key)) return;
  warned.add(key);
  const kind = value instanceof Map ? 'a Map' : value instanceof Set ? 'a Set' : 'a plain object';
  console.warn(`${owner.constructor.name}: field '${path}' is ${kind} holding a ${found.what} at '${found.at}'; parameters() only sees Tensors and Modules in fields and arrays, so it is not a parameter and no optimizer will update it (store it in a field or an array)`);
}

function hiddenIn(value: unknown, path: string, depth: number): { what: string; at: string } | null {
  if (value instanceof Tensor) return { what: `Tensor of shape ${shapeStr(value.shape)}`, at: path };
  if (value instanceof Module) return { what: `Module (${value.constructor.name})`, at: path };
  if (depth > 3 || value === null || typeof value !== 'object') return null;
  let entries: Array<[string, unknown]>;
  if (value instanceof Map) entries = [...value].map(([k, v]) => [String(k), v]);
  else if (value instanceof Set) entries = [...value].map((v, i) => [String(i), v]);
  else if (Array.isArray(value)) entries = value.map((v, i) => [String(i), v]);
  else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) entries = Object.entries(value);
  else return null;
  for (const [k, v] of entries) {
    const hit = hiddenIn(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}
