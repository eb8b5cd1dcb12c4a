/**
 * backwardSteps(): the backward pass one node at a time, as the real walk of backward() runs it
 * (the same order, the same VJPs, the same sums), for a step-through or a printout.
 */
import type { Tensor } from '../tensor/tensor.js';
import { ones } from '../tensor/create.js';
import { sameShape, shapeStr } from '../tensor/shape.js';
import { checkOptions } from '../tensor/options.js';
import { runBackward, type BackwardAddition } from './tape/backward.js';
import type { Node } from './tape/node.js';

/** Where a gradient goes: a recorded node (`#id`) or a leaf (a tensor with no node: a parameter, an input). */
export interface StepTarget {
  /** The tape id of the input's node, or null for a leaf. */
  node: number | null;
  /** A leaf's number in this walk (0, 1, ... in order of first gradient), or null for a node. */
  leaf: number | null;
  /** The input tensor itself (its forward value). */
  tensor: Tensor;
}

/** What one step adds into one input's gradient. */
export interface StepContribution extends StepTarget {
  /** Which input of the op (0 for the first). */
  input: number;
  /** The VJP's output for this input: what is added. */
  grad: Tensor;
  /** The input's gradient after the addition: the sum of every contribution so far. */
  total: Tensor;
  /** How many contributions the input has received, this one included (> 1: fan-out accumulates). */
  count: number;
}

/** One step of the backward walk. Step 0 seeds the root; each next step runs one node's VJP. */
export interface BackwardStep {
  /** 0 for the seed, then 1, 2, ... in the order backward() runs the nodes. */
  index: number;
  /** The tape id of the node (the root's, for the seed step), or null when the root is a leaf. */
  node: number | null;
  /** The primitive's name, or 'seed'. */
  op: string;
  /** The scope path the node was recorded in ('MLP/layers.0', 'mse'), or null. */
  scope: string | null;
  /** The shape of the node's output. */
  shape: number[];
  /** The VJP applied, one line of math from the op's table entry (`tanh: g·(1 − y²)`). */
  rule: string;
  /** The node's forward output. */
  output: Tensor;
  /** The node's inputs (after broadcasting), constants included: their forward values. Empty for the seed. */
  inputs: readonly Tensor[];
  /** The gradient arriving at the node's output (g), the sum of what its consumers sent. */
  incoming: Tensor;
  /** The tape ids of the consumers whose contributions summed to `incoming` (empty for the seed). */
  from: number[];
  /** What the step adds into each input that needs a gradient. */
  contributions: StepContribution[];
}

/** Options of {@link backwardSteps}. */
export interface BackwardStepsOptions {
  /** The gradient of the root to start from (default: 1, for a scalar root). */
  seed?: Tensor;
  /** Keep the graph so backward(), toDot or another walk can follow (default true). */
  retainGraph?: boolean;
}

/**
 * The backward pass of `root`, step by step, computed by the real backward walk: step 0 seeds the
 * root's gradient, each next step is the next node backward() visits (decreasing creation order),
 * with its op, scope, output shape, VJP rule, the incoming gradient, and what it adds into each
 * input (with the running sum, so fan-out shows its accumulation). The walk writes no `.grad`:
 * the leaves' final gradients are the last `total` each received ({@link leafGradients}), equal
 * bit for bit to what `root.backward()` accumulates into a fresh `.grad`. The graph is kept by
 * default. Print the steps with {@link printSteps}.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const steps = backwardSteps(w.tanh().sum());
 * steps.map((s) => s.op) // ['seed', 'sum', 'tanh']
 */
export function backwardSteps(root: Tensor, opts: BackwardStepsOptions = {}): BackwardStep[] {
  checkOptions('backwardSteps', opts, { seed: 'tensor', retainGraph: 'bool' });
  if (!root.requiresGrad) throw new Error('backwardSteps: the root does not require grad (no input of it has requiresGrad: true)');
  const seed = opts.seed ?? (root.size === 1 ? ones(root.shape, { dtype: root.dtype }) : null);
  if (seed === null) throw new Error(`backwardSteps: root of shape ${shapeStr(root.shape)} is not a scalar: pass opts.seed, a gradient of that shape`);
  if (!sameShape(seed.shape, root.shape)) throw new Error(`backwardSteps: seed of shape ${shapeStr(seed.shape)} does not match root of shape ${shapeStr(root.shape)}`);
  const g = seed.dtype === root.dtype ? seed : seed.to(root.dtype);
  const steps: BackwardStep[] = [{
    index: 0, node: root.node?.id ?? null, op: 'seed', scope: root.node?.scope ?? null, shape: root.shape.slice(),
    rule: 'seed: g = 1 (d root / d root)', output: root, inputs: [], incoming: g, from: [], contributions: [],
  }];
  const leaves = new Map<Tensor, number>();
  const counts = new Map<Tensor, number>();
  const senders = new Map<Tensor, number[]>();
  const observe = (node: Node<any>, incoming: Tensor, added: readonly (BackwardAddition | null)[]): void => {
    const contributions: StepContribution[] = [];
    added.forEach((a, i) => {
      if (a === null) return;
      const input = node.inputs[i]!;
      if (input.node === null && !leaves.has(input)) leaves.set(input, leaves.size);
      const count = (counts.get(input) ?? 0) + 1;
      counts.set(input, count);
      senders.set(input, [...(senders.get(input) ?? []), node.id]);
      contributions.push({ input: i, node: input.node?.id ?? null, leaf: leaves.get(input) ?? null, tensor: input, grad: a.grad, total: a.total, count });
    });
    steps.push({
      index: steps.length, node: node.id, op: node.op, scope: node.scope, shape: node.out.shape.slice(), rule: node.def.rule,
      output: node.out, inputs: node.inputs, incoming, from: senders.get(node.out) ?? [], contributions,
    });
  };
  runBackward(root, g, null, { retainGraph: opts.retainGraph ?? true }, observe);
  return steps;
}

/**
 * The final gradient of every leaf reached by a walk of {@link backwardSteps}: the last running
 * sum each leaf received, keyed by the leaf tensor, in order of first contribution.
 */
export function leafGradients(steps: readonly BackwardStep[]): Map<Tensor, Tensor> {
  const out = new Map<Tensor, Tensor>();
  for (const step of steps) for (const c of step.contributions) if (c.node === null) out.set(c.tensor, c.total);
  return out;
}
