import { Tensor, type TensorLike } from '../../tensor/tensor.js';
import { sameShape, shapeStr } from '../../tensor/shape.js';
import { ones, scalarLike } from '../../tensor/create.js';
import type { Node } from './node.js';
import { state, withGradMode } from './state.js';
import { assertFinite } from './anomaly.js';
import { checkOptions } from '../../tensor/options.js';
import { recycle, RECYCLE_MIN, trackAllocations } from '../../tensor/recycle.js';
import type { TypedArray } from '../../tensor/dtype.js';

export interface BackwardOptions {
  /** Keep the graph for another backward pass (default: createGraph). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
}

declare module '../../tensor/tensor.js' {
  interface Tensor {
    /**
     * Accumulates d(this)/d(leaf) into the `.grad` of every leaf that requires grad (PyTorch's backward).
     * Without `seed` this tensor must have one element (seed 1); otherwise `seed` is the incoming gradient
     * (a number is broadcast). Repeated calls add to `.grad`. The options may come alone:
     * `backward({ retainGraph: true })`.
     */
    backward(seed?: TensorLike | BackwardOptions, opts?: BackwardOptions): void;
  }
}

Object.defineProperty(Tensor.prototype, 'backward', {
  value: function (this: Tensor, seed?: TensorLike | BackwardOptions, opts?: BackwardOptions): void {
    if (seed !== undefined && !(seed instanceof Tensor) && typeof seed === 'object' && seed !== null && opts === undefined) backward(this, undefined, seed);
    else backward(this, seed as TensorLike | undefined, opts === undefined ? {} : opts);
  },
  writable: true,
  configurable: true,
});

/** Tensor.backward(): accumulates d(root)/d(leaf) into every leaf's `.grad`. */
export function backward(root: Tensor, seed: TensorLike | undefined, opts: BackwardOptions): void {
  checkOptions('backward', opts, { retainGraph: 'bool', createGraph: 'bool' });
  if (!root.requiresGrad) {
    throw new Error('backward: this tensor does not require grad (no input of it has requiresGrad: true)');
  }
  let g: Tensor;
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward: output of shape ${shapeStr(root.shape)} is not a scalar: reduce it first (e.g. .sum()) or pass a gradient of that shape`);
    }
    g = ones(root.shape, { dtype: root.dtype });
  } else {
    g = typeof seed === 'number' ? scalarLike(seed, root.dtype).expand(root.shape) : seed;
    if (g.shape.length !== root.ndim || g.shape.some((n, i) => n !== root.shape[i])) {
      throw new Error(`backward: gradient of shape ${shapeStr(g.shape)} does not match output of shape ${shapeStr(root.shape)}`);
    }
  }
  const grads = runBackward(root, g, null, opts);
  for (const [t, gt] of grads) {
    if (t.node && !t.retainsGrad) continue;
    t.grad = t.grad ? withGradMode(!!opts.createGraph, () => t.grad!.add(gt)) : gt;
  }
}

/** Whether the walk owns any storage it allocated (see runBackward's recycling). */
const tracking = (owned: Map<ArrayBufferLike, TypedArray> | null): boolean => owned !== null && owned.size > 0;

/**
 * The backward pass: every node that `root` depends on, walked once in decreasing creation order
 * (a topological order, so no recursion and no stack limit). Returns the gradients of the leaves
 * (targets null) or of `targets` (the functional API). Nodes whose VJP ran are freed unless
 * retainGraph.
 */
export function runBackward(root: Tensor, seed: Tensor, targets: readonly Tensor[] | null, opts: BackwardOptions, observe?: BackwardObserver): Map<Tensor, Tensor> {
  const createGraph = !!opts.createGraph;
  const retainGraph = opts.retainGraph ?? createGraph;
  const targetSet = targets ? new Set(targets) : null;
  const nodes = collect(root, targetSet);
  const relevant = targetSet ? reaching(nodes, targetSet) : null;

  // A consumed gradient is overwritten with undefined rather than deleted: Map.delete shrinks and
  // reallocates the table when it empties, which a chain of small ops hits at every node. Every
  // node (and so its output, the key) stays referenced by `nodes` until the walk ends anyway.
  const grads = new Map<Tensor, Tensor | undefined>([[root, seed.dtype === root.dtype ? seed : seed.to(root.dtype)]]);
  const result = new Map<Tensor, Tensor>();
  if (targetSet ? targetSet.has(root) : root.node === null || root.retainsGrad) result.set(root, grads.get(root)!);

  // Recycling (tensor/recycle.ts): without createGraph no VJP records a node, so a gradient this
  // walk allocated is reachable only through the tensors in `grads` and `result`. Each storage's
  // holders in `grads` are counted; one whose count drops to 0 after its node's VJP ran, that was
  // allocated here and never handed out (in `result`, or to a customOp's VJP), is dead.
  // backwardSteps' observer sees every gradient, so it turns recycling off. Storage below
  // RECYCLE_MIN is never recycled, so it is not counted either; nor is anything
  // while no storage is owned: a storage becomes owned when it is allocated, before any gradient
  // can hold it, and stays owned until it is recycled, so every holder of an owned storage is
  // counted (a chain of small ops then does no bookkeeping at all).
  const owned = createGraph || observe ? null : new Map<ArrayBufferLike, TypedArray>();
  const outerTracking = owned ? trackAllocations(owned) : null;
  const holders = new Map<ArrayBufferLike, number>(), handedOut = new Set<ArrayBufferLike>();
  const hold = (t: Tensor, by: number): void => {
    const a = t.data.data;
    if (a.length >= RECYCLE_MIN) holders.set(a.buffer, (holders.get(a.buffer) ?? 0) + by);
  };
  const handOut = (t: Tensor): void => { if (t.data.data.length >= RECYCLE_MIN) handedOut.add(t.data.data.buffer); };
  // The length test comes first: reading `.buffer` of a small typed array (kept inside V8's heap)
  // makes V8 move its storage out into a new ArrayBuffer, which cost a chain of [10]-sized ops 40%.
  const release = (t: Tensor): void => {
    const a = t.data.data;
    if (a.length < RECYCLE_MIN) return;
    const s = a.buffer;
    if ((holders.get(s) ?? 0) === 0 && !handedOut.has(s) && owned!.get(s) === a) { owned!.delete(s); recycle(a); }
  };
  if (owned) hold(grads.get(root)!, 1);

  // Plain loops and no closures per node: for tiny tensors this loop is most of backward's cost.
  const prevMode = state.gradEnabled;
  state.gradEnabled = createGraph;
  try {
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      if (relevant !== null && !relevant.has(node)) continue;
      const g = grads.get(node.out);
      if (g === undefined) continue;
      grads.set(node.out, undefined);
      const inputGrads = runVjp(node, g);
      if (tracking(owned) && node.def.userVjp) for (const t of [g, ...inputGrads]) if (t) handOut(t);
      const inputs = node.inputs, needs = node.needs;
      const added: (BackwardAddition | null)[] | null = observe ? inputs.map(() => null) : null;
      for (let i = 0; i < inputs.length; i++) {
        const gi = inputGrads[i];
        if (!gi || !needs[i]) continue;
        const input = inputs[i];
        if (relevant !== null && !targetSet!.has(input) && !(input.node !== null && relevant.has(input.node))) continue;
        checkGrad(node, input, gi);
        const cast = gi.dtype === input.dtype ? gi : gi.to(input.dtype);
        const prev = grads.get(input);
        const sum = prev === undefined ? cast : prev.add(cast);
        grads.set(input, sum);
        if (added !== null) added[i] = { grad: cast, total: sum, first: prev === undefined };
        if (targetSet ? targetSet.has(input) : input.node === null || input.retainsGrad) {
          result.set(input, sum);
          if (tracking(owned)) handOut(sum);
        }
        if (tracking(owned)) {
          hold(sum, 1);
          if (prev !== undefined) { hold(prev, -1); release(prev); release(cast); }
        }
      }
      if (tracking(owned)) { hold(g, -1); release(g); }
      if (added !== null) observe!(node, g, added);
      if (!retainGraph) node.free();
    }
  } finally {
    state.gradEnabled = prevMode;
    if (owned) trackAllocations(outerTracking);
  }
  return result;
}

/** What one node's VJP added into input i: the gradient, the input's running sum after it, and whether it was the first. */
export interface BackwardAddition { grad: Tensor; total: Tensor; first: boolean }
/** Sees each step of the walk, after the node's VJP ran (backwardSteps); null for an input that got nothing. */
export type BackwardObserver = (node: Node<any>, g: Tensor, added: readonly (BackwardAddition | null)[]) => void;

/**
 * A node's VJP. Anomalies inside it are reported for the primitive being differentiated, not for
 * the ops its VJP happens to be written in.
 */
function runVjp(node: Node<any>, g: Tensor): (Tensor | null)[] {
  if (!state.anomaly) return node.def.vjp!(g, node);
  state.anomaly = false;
  try {
    return node.def.vjp!(g, node);
  } finally {
    state.anomaly = true;
  }
}

let walk = 0;

/** Every node reachable from root, by decreasing id; a freed node is an error. */
function collect(root: Tensor, stopAt: Set<Tensor> | null): Node<any>[] {
  const mark = ++walk;
  const nodes: Node<any>[] = [];
  const stack: Tensor[] = [root];
  while (stack.length) {
    const t = stack.pop()!;
    const node = t.node;
    if (node === null || node.walk === mark) continue;
    if (node.freed) {
      throw new Error(`backward: the graph through '${node.op}' was freed by an earlier backward(); pass { retainGraph: true } to the first backward to go through it twice`);
    }
    node.walk = mark;
    nodes.push(node);
    if (stopAt?.has(t)) continue;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) if (inputs[i].node !== null) stack.push(inputs[i]);
  }
  return nodes.sort((a, b) => b.id - a.id);
}

/** The nodes (given in decreasing id order) with a path to one of the targets. */
function reaching(nodes: Node<any>[], targets: Set<Tensor>): Set<Node<any>> {
  const reach = new Set<Node<any>>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (targets.has(node.out) || node.inputs.some((t) => targets.has(t) || (t.node !== null && reach.has(t.node)))) reach.add(node);
  }
  return reach;
}

function checkGrad(node: Node<any>, input: Tensor, g: Tensor): void {
  if (!sameShape(g.shape, input.shape)) {
    throw new Error(`backward: the VJP of '${node.op}' returned a gradient of shape ${shapeStr(g.shape)} for an input of shape ${shapeStr(input.shape)}`);
  }
  if (state.anomaly) assertFinite(g, `the backward of '${node.op}'${node.scope ? ` (in ${node.scope})` : ''} produced`, 'in a gradient');
}
