import { Tensor } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { Module } from './module.js';

/**
 * module.forward(...args) with some parameters replaced by the given tensors, named as in
 * namedParameters() ("layers.0.weight"): torch.func.functional_call. The module's own tensors are
 * back in place afterwards (also when forward throws), untouched. This is how `grad` differentiates
 * a model's loss with respect to a dict of its parameters:
 *
 * @example
 * const loss = (p: Record<string, Tensor>) => mse(functionalCall(model, p, x), y);
 * const names = model.namedParameters().map(([n]) => n);
 * const grads = grad((...ts: Tensor[]) => loss(Object.fromEntries(names.map((n, i) => [n, ts[i]]))), names.map((_, i) => i))(...model.parameters());
 *
 * A tensor shared by several fields (tied weights) is replaced everywhere. If forward uses a tensor
 * that requires grad but is neither a parameter nor an argument (a closure, a Map field), a warning
 * says that it is invisible to parameters() and to this call.
 */
export function functionalCall(module: Module, params: Readonly<Record<string, Tensor>>, ...args: unknown[]): Tensor {
  if (!(module instanceof Module)) throw new TypeError(`functionalCall: the first argument must be a Module, got ${typeof module}`);
  const cls = module.constructor.name;
  const named = new Map(module.namedParameters());
  const swap = new Map<Tensor, Tensor>();
  for (const [name, t] of Object.entries(params ?? {})) {
    const own = named.get(name);
    if (!own) throw new RangeError(`functionalCall: '${name}' is not a parameter of ${cls} (its parameters: ${[...named.keys()].join(', ') || 'none'})`);
    if (!(t instanceof Tensor)) throw new TypeError(`functionalCall: '${name}' must be a Tensor, got ${typeof t}`);
    if (t.shape.length !== own.shape.length || t.shape.some((n, i) => n !== own.shape[i])) {
      throw new RangeError(`functionalCall: '${name}' has shape ${shapeStr(t.shape)}, the parameter of ${cls} has shape ${shapeStr(own.shape)}`);
    }
    swap.set(own, t);
  }
  const undo: Array<() => void> = [];
  try {
    replaceIn(module, swap, undo);
    const out = (module.forward as (...a: unknown[]) => Tensor)(...args);
    if (out instanceof Tensor) warnUnseen(cls, out, new Set([...swap.values(), ...named.values(), ...args.filter((a): a is Tensor => a instanceof Tensor)]));
    return out;
  } finally {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  }
}

/** Every field (of this module and its submodules, directly or in arrays) holding a swapped tensor gets its replacement. */
function replaceIn(holder: object, swap: Map<Tensor, Tensor>, undo: Array<() => void>, seen = new Set<object>()): void {
  if (seen.has(holder)) return;
  seen.add(holder);
  const fields = holder as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value instanceof Tensor) {
      const next = swap.get(value);
      if (next) {
        fields[key] = next;
        undo.push(() => (fields[key] = value));
      }
    } else if (value instanceof Module || Array.isArray(value)) {
      replaceIn(value, swap, undo, seen);
    }
  }
}

const warned = new Set<string>();

/** Warns (once per class) about a leaf of out's graph that requires grad but that parameters() cannot see. */
function warnUnseen(cls: string, out: Tensor, known: Set<Tensor>): void {
  if (warned.has(cls)) return;
  const seen = new Set<Tensor>();
  const stack = [out];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || known.has(t)) continue;
    seen.add(t);
    if (t.node) stack.push(...t.node.inputs);
    else if (t.requiresGrad) {
      warned.add(cls);
      console.warn(`functionalCall: ${cls}'s forward used a tensor of shape ${shapeStr(t.shape)} that requires grad but is not one of its parameters (a closure, or a Map/Set/plain-object field?): parameters(), stateDict() and optimizers do not see it`);
      return;
    }
  }
}
