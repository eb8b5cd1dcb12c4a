import type { OpDef } from './tape/node.js';
import { scalarLike } from '../tensor/create.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { isRegistered, record } from './tape/apply.js';
import { noGrad, state } from './tape/state.js';
import { checkOptions } from '../tensor/options.js';

export interface CustomOpContext {
  /** The op's inputs as recorded (numbers given to the op are 0-d tensors here). */
  inputs: readonly Tensor[];
  /** The forward output. */
  output: Tensor;
  /** needs[i]: whether input i requires a gradient (a VJP may skip the others and return null). */
  needs: readonly boolean[];
}

export interface CustomOpDefinition {
  /** The name the graph (printGraph), anomaly mode and error messages show for this op. */
  name: string;
  /** The value. Runs without recording, so it may use any Tensor ops or raw loops. */
  forward: (...inputs: Tensor[]) => Tensor;
  /**
   * The vector-Jacobian product: given g = ∂L/∂output, one gradient ∂L/∂input (or null) per input,
   * shaped like that input. Written with Tensor ops it is itself recorded when a higher-order
   * gradient is asked for, so the op is twice differentiable.
   */
  vjp: (g: Tensor, ctx: CustomOpContext) => readonly (Tensor | null)[];
  /**
   * Broadcast the inputs to a common shape first (as add/mul do), through recorded `expand` nodes
   * whose VJP sums the gradient back: forward and vjp then see same-shaped inputs. Default false.
   */
  broadcast?: boolean;
}

/**
 * A new primitive from user code: `forward` gives the value, `vjp` the gradient. Each call is
 * recorded on the tape through the same recording point as the built-in primitives, so backward,
 * grad and the transforms, gradcheck, anomaly mode and printGraph see it under its name.
 *
 * @example
 * const cube = customOp({
 *   name: 'cube',
 *   forward: (x) => x.pow(3),
 *   vjp: (g, { inputs: [x] }) => [g.mul(x.square()).mul(3)], // d x³ = 3x²·dx
 * });
 * grad((x: Tensor) => cube(x).sum())(tensor([2])); // [12]
 */
export function customOp(definition: CustomOpDefinition): (...inputs: TensorLike[]) => Tensor {
  // name, forward and vjp are checked below, with messages that say what each must be.
  checkOptions('customOp', definition, { name: 'any', forward: 'any', vjp: 'any', broadcast: 'bool' });
  const { name, forward, vjp, broadcast = false } = definition ?? ({} as CustomOpDefinition);
  if (typeof name !== 'string' || !/^\S+$/.test(name)) throw new TypeError(`customOp: name must be a non-empty string without spaces, got ${JSON.stringify(name)}`);
  if (isRegistered(name)) throw new TypeError(`customOp: '${name}' is the name of a built-in primitive; choose another`);
  if (typeof forward !== 'function' || typeof vjp !== 'function') throw new TypeError(`customOp '${name}': forward and vjp must be functions`);

  const differentiable = (g: Tensor, node: { inputs: readonly Tensor[]; out: Tensor; needs: readonly boolean[] }) => {
    const grads = vjp(g, { inputs: node.inputs, output: node.out, needs: node.needs });
    if (!Array.isArray(grads) || grads.length !== node.inputs.length) {
      throw new TypeError(`customOp '${name}': vjp must return an array of ${node.inputs.length} gradients (Tensor or null), one per input, got ${Array.isArray(grads) ? `${grads.length}` : typeof grads}`);
    }
    return grads.map((gi, i) => {
      if (gi !== null && !(gi instanceof Tensor)) throw new TypeError(`customOp '${name}': vjp returned ${typeof gi} for input ${i}; expected a Tensor or null`);
      return gi;
    });
  };

  return (...args: TensorLike[]): Tensor => {
    let inputs = args.map((a, i) => {
      if (a instanceof Tensor) return a;
      if (typeof a === 'number') return scalarLike(a, 'float32');
      throw new TypeError(`customOp '${name}': input ${i} must be a Tensor or a number, got ${typeof a}`);
    });
    if (broadcast && inputs.length > 1) {
      const shape = inputs.reduce<number[]>((s, t) => broadcastShapes(name, s, t.shape), []);
      inputs = inputs.map((t) => (sameShape(t.shape, shape) ? t : t.expand(shape)));
    }
    // Anomalies are reported for the op as a whole (by record), not for the ops inside forward.
    const anomaly = state.anomaly;
    state.anomaly = false;
    let value: Tensor;
    try {
      value = noGrad(() => forward(...inputs));
    } finally {
      state.anomaly = anomaly;
    }
    if (!(value instanceof Tensor)) throw new TypeError(`customOp '${name}': forward must return a Tensor, got ${typeof value}`);
    // The value is computed above, once; the definition hands it to the recording point.
    const def: OpDef<void> = {
      rule: `${name}: the vjp given to customOp`,
      dtype: value.dtype,
      forward: () => value.data,
      vjp: value.dtype === 'int32' ? undefined : differentiable,
      userVjp: true,
    };
    return record(name, def, inputs, undefined);
  };
}

