import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { ones } from '../tensor/create.js';
import { scalarLike } from '../ops/api.js';
import type { Node } from './node.js';
import { state, withGradMode } from './state.js';
import { assertFinite } from './anomaly.js';

export interface BackwardOptions {
  /** Keep the graph for another backward pass (default: createGraph). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
}

/** Tensor.backward(): accumulates d(root)/d(leaf) into every leaf's `.grad`. */
export function backward(root: Tensor, seed: TensorLike | undefined, opts: BackwardOptions): void {
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

/**
 * The backward pass: every node that `root` depends on, walked once in decreasing creation order
 * (a topological order, so no recursion and no stack limit). Returns the gradients of the leaves
 * (targets null) or of `targets` (the functional API). Nodes whose VJP ran are freed unless
 * retainGraph.
 */
export function runBackward(root: Tensor, seed: Tensor, targets: readonly Tensor[] | null, opts: BackwardOptions): Map<Tensor, Tensor> {
  const createGraph = !!opts.createGraph;
  const retainGraph = opts.retainGraph ?? createGraph;
  const targetSet = targets ? new Set(targets) : null;
  const nodes = collect(root, targetSet);
  const relevant = targetSet ? reaching(nodes, targetSet) : null;

  const grads = new Map<Tensor, Tensor>([[root, seed.dtype === root.dtype ? seed : seed.to(root.dtype)]]);
  const result = new Map<Tensor, Tensor>();
  const keep = (t: Tensor) => (targetSet ? targetSet.has(t) : t.node === null || t.retainsGrad);
  if (keep(root)) result.set(root, grads.get(root)!);

  withGradMode(createGraph, () => {
    for (const node of nodes) {
      if (relevant && !relevant.has(node)) continue;
      const g = grads.get(node.out);
      if (!g) continue;
      grads.delete(node.out);
      // Anomalies inside a VJP are reported for the primitive being differentiated, not for the
      // ops its VJP happens to be written in.
      const anomaly = state.anomaly;
      state.anomaly = false;
      let inputGrads: (Tensor | null)[];
      try {
        inputGrads = node.def.vjp!(g, node);
      } finally {
        state.anomaly = anomaly;
      }
      node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (!gi || !node.needs[i]) return;
        if (relevant && !targetSet!.has(input) && !(input.node && relevant.has(input.node))) return;
        checkGrad(node, input, gi);
        const cast = gi.dtype === input.dtype ? gi : gi.to(input.dtype);
        const prev = grads.get(input);
        const sum = prev ? prev.add(cast) : cast;
        grads.set(input, sum);
        if (keep(input)) result.set(input, sum);
      });
      if (!retainGraph) node.free();
    }
  });
  return result;
}

/** Every node reachable from root, by decreasing id; a freed node is an error. */
function collect(root: Tensor, stopAt: Set<Tensor> | null): Node<any>[] {
  const seen = new Set<Node<any>>();
  const stack: Tensor[] = [root];
  while (stack.length) {
    const t = stack.pop()!;
    const node = t.node;
    if (!node || seen.has(node)) continue;
    if (node.freed) {
      throw new Error(`backward: the graph through '${node.op}' was freed by an earlier backward(); pass { retainGraph: true } to the first backward to go through it twice`);
    }
    seen.add(node);
    if (stopAt?.has(t)) continue;
    for (const input of node.inputs) if (input.node) stack.push(input);
  }
  return [...seen].sort((a, b) => b.id - a.id);
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
  if (g.ndim !== input.ndim || g.shape.some((n, i) => n !== input.shape[i])) {
    throw new Error(`backward: the VJP of '${node.op}' returned a gradient of shape ${shapeStr(g.shape)} for an input of shape ${shapeStr(input.shape)}`);
  }
  if (state.anomaly) assertFinite(g, `the backward of '${node.op}'${node.scope ? ` (in ${node.scope})` : ''} produced`, 'in a gradient');
}
