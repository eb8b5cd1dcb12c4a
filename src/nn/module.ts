import { Tensor } from '../tensor/tensor.js';
import { tensor, type NestedArray } from '../tensor/create.js';
import { isTensorJSON, stateEntry } from '../tensor/from-json.js';
import type { TensorJSON } from '../tensor/json.js';
import { checkFlag, checkOptions, describe, type OptionSpec } from '../tensor/options.js';
import { shapeStr } from '../tensor/shape.js';
import { noGrad, scope } from '../autograd/tape/state.js';
import { assignInto } from '../tensor/assign.js';

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

  /**
   * [name, tensor] for every parameter and buffer, by the names stateDict gives (the tensors
   * themselves, not copies). `keys: 'tapegrad'` (default): namedParameters() then namedBuffers().
   * `keys: 'torch'`: PyTorch's state_dict names and order, see stateDict.
   */
  namedState(opts: StateDictOptions = {}): Array<[string, Tensor]> {
    checkOptions('namedState', opts, stateKeysSpec);
    if ((opts.keys ?? 'tapegrad') === 'tapegrad') return [...this.namedParameters(), ...this.namedBuffers()];
    return torchState(this, '');
  }

  /**
   * Copies of every parameter and buffer by name (later training does not change them).
   * `keys: 'torch'` names them as PyTorch's state_dict() does, so a PyTorch model of the same
   * layers loads them by name (and stateDict/loadStateDict round-trip a PyTorch checkpoint):
   * fields in snake_case (`runningMean` → `running_mean`, `selfAttn.inProjWeight` →
   * `self_attn.in_proj_weight`), a Sequential's layers as `0`, `1`, ... (no `layers.`), and
   * PyTorch's order: each module's own parameters, then its buffers, then its submodules.
   * @example new nn.Sequential(new nn.Linear(2, 2)).stateDict({ keys: 'torch' }) // { '0.weight', '0.bias' }
   */
  stateDict(opts: StateDictOptions = {}): Record<string, Tensor> {
    checkOptions('stateDict', opts, stateKeysSpec);
    return Object.fromEntries(this.namedState(opts).map(([n, t]) => [n, noGrad(() => t.clone())]));
  }

  /**
   * Writes saved values into the parameters and buffers in place (optimizers keep working on
   * them). Values may be Tensors, nested arrays or a tensor's JSON form (`{ dtype, shape, data }`,
   * so `JSON.parse(JSON.stringify(model.stateDict()))` loads). `keys` as in stateDict. With
   * `strict` (default) a missing or an unexpected name is an error naming all of them; with
   * `strict: false` those are skipped and returned, as PyTorch's load_state_dict. A shape mismatch
   * is always an error. Nothing is written unless every entry fits.
   */
  loadStateDict(dict: Record<string, Tensor | NestedArray | TensorJSON>, opts: LoadStateDictOptions = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    checkOptions('loadStateDict', opts, loadSpec);
    const { strict = true, keys = 'tapegrad' } = opts;
    if (typeof dict !== 'object' || dict === null || dict instanceof Tensor || Array.isArray(dict)) {
      throw new TypeError(`loadStateDict: expected a dict of named tensors, got ${describe(dict)}`);
    }
    const params = this.namedState({ keys });
    const names = new Set(params.map(([n]) => n));
    const missing = params.filter(([n]) => !(n in dict)).map(([n]) => n);
    const unexpected = Object.keys(dict).filter((n) => !names.has(n));
    if (strict && (missing.length || unexpected.length)) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''];
      const hint = keys === 'tapegrad' && unexpected.some((n) => /_|^\d/.test(n)) ? " (PyTorch's names? pass { keys: 'torch' })" : '';
      throw new Error(`loadStateDict: ${parts.filter(Boolean).join('; ')}${hint}`);
    }
    const present = params.filter(([n]) => n in dict);
    const values = present.map(([n, p]) => {
      const v = toStateTensor(n, dict[n]!, p);
      if (v.ndim !== p.ndim || v.shape.some((s, i) => s !== p.shape[i])) {
        throw new RangeError(`loadStateDict: '${n}' has shape ${shapeStr(v.shape)}, the model's parameter has shape ${shapeStr(p.shape)}`);
      }
      return v;
    });
    noGrad(() => present.forEach(([, p], i) => assignInto(p, values[i]!)));
    return { missingKeys: missing, unexpectedKeys: unexpected };
  }
}

/** Options of stateDict and namedState. */
export interface StateDictOptions {
  /** 'tapegrad' (default): the field names (`layers.1.runningMean`); 'torch': PyTorch's state_dict names (`1.running_mean`). */
  keys?: 'tapegrad' | 'torch';
}
/** Options of loadStateDict. */
export interface LoadStateDictOptions extends StateDictOptions {
  /** Every name must match, in both directions (default true). */
  strict?: boolean;
}
const stateKeysSpec: OptionSpec = { keys: { want: "'tapegrad' or 'torch'", ok: (v) => v === 'tapegrad' || v === 'torch' } };
const loadSpec: OptionSpec = { ...stateKeysSpec, strict: 'bool' };

/** A state-dict value as a tensor: a Tensor, a nested array (in the parameter's dtype) or a tensor's JSON form. */
function toStateTensor(name: string, raw: unknown, like: Tensor): Tensor {
  if (raw instanceof Tensor || isTensorJSON(raw)) return stateEntry('loadStateDict', name, raw);
  try {
    return tensor(raw as NestedArray, { dtype: like.dtype });
  } catch (err) {
    throw new TypeError(`loadStateDict: '${name}' is not a Tensor or a nested array of numbers, nor a tensor's JSON form { dtype, shape, data } (which fromJSON reads); got ${describe(raw)} (${(err as Error).message})`);
  }
}

/** A field name as PyTorch spells it: camelCase → snake_case (`inProjWeight` → `in_proj_weight`). */
function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * PyTorch's state_dict walk: a module's own parameters (its Tensor fields), then its buffers, then
 * each submodule (Module fields and arrays, in field order), recursively; tied tensors appear under
 * every name, as in PyTorch. A Sequential's `layers` field adds no name segment.
 */
function torchState(module: Module, prefix: string): Array<[string, Tensor]> {
  const own: Array<[string, Tensor]> = [], children: Array<[string, Tensor]> = [];
  const self = module as unknown as Record<string, Tensor>;
  const childPrefix = (key: string) => (isTransparent(module, key) ? prefix : `${prefix}${snake(key)}.`);
  const visit = (value: unknown, at: string): void => {
    if (value instanceof Tensor) children.push([at.slice(0, -1), value]);
    else if (value instanceof Module) children.push(...torchState(value, at));
    else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}${i}.`));
  };
  for (const [key, value] of Object.entries(module)) {
    if (value instanceof Tensor) own.push([prefix + snake(key), value]);
    else visit(value, childPrefix(key));
  }
  for (const n of bufferNames.get(module) ?? []) own.push([prefix + snake(n), self[n]!]);
  return [...own, ...children];
}

/** Fields that hold a container's children directly (PyTorch's nn.Sequential names them 0, 1, ...). */
function isTransparent(module: Module, key: string): boolean {
  return key === 'layers' && (module.constructor as { torchChildren?: string }).torchChildren === 'layers';
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
