import type { Tensor } from '../tensor/tensor.js';
import { valuesNorm } from '../tensor/norm.js';
import { graphOf, type GraphValue, type Node } from '../autograd/tape/node.js';

/** Where parameter names come from: a Module (anything with namedParameters()), [name, tensor] pairs, or a record. */
export type ParamSource =
  | { namedParameters(): Iterable<readonly [string, Tensor]> }
  | Iterable<readonly [string, Tensor]>
  | Readonly<Record<string, Tensor>>;

export function paramNames(source: ParamSource | undefined): Map<GraphValue, string> {
  const names = new Map<GraphValue, string>();
  if (!source) return names;
  const pairs: Iterable<readonly [string, Tensor]> =
    'namedParameters' in source && typeof source.namedParameters === 'function' ? (source as { namedParameters(): Iterable<readonly [string, Tensor]> }).namedParameters()
      : Symbol.iterator in source ? (source as Iterable<readonly [string, Tensor]>)
        : Object.entries(source as Record<string, Tensor>);
  for (const [name, t] of pairs) if (!names.has(t)) names.set(t, name);
  return names;
}

/**
 * Every recorded node behind `t`, in creation order (a topological order). A node freed by
 * backward() keeps its structure (graphOf), so the graph reads the same before and after.
 */
export function collectNodes(t: Tensor): Node<any>[] {
  const seen = new Set<Node<any>>();
  const stack: GraphValue[] = [t];
  while (stack.length) {
    const node = stack.pop()!.node;
    if (!node || seen.has(node)) continue;
    seen.add(node);
    stack.push(...graphOf(node).inputs);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}

/**
 * A JS number operand of an op (`x.mul(0.5)`) that the op keeps as a param, not as an input
 * tensor: its value and whether it came first (`0.5 - x`). null when the op has none.
 */
export function scalarOperand(node: Node<any>): { value: number; first: boolean } | null {
  const p = node.params as { scalar?: unknown; scalarFirst?: unknown } | null | undefined;
  return typeof p?.scalar === 'number' ? { value: p.scalar, first: p.scalarFirst === true } : null;
}

/** The scope path of a node as segments ('MLP/layers.0' → ['MLP', 'layers.0']). */
export const scopePath = (node: Node<any>): string[] => (node.scope ? node.scope.split('/') : []);

/**
 * Marks every non-leaf tensor behind `t` with retainGrad(), so the next backward() keeps each
 * node's gradient in `.grad` and `toDot(t, { grads: true })` can show the norm of every node, not
 * only of the leaves.
 */
export function retainGrads(t: Tensor): Tensor {
  // A freed node's backward has run: its gradient is gone, and retaining it would change nothing.
  for (const node of collectNodes(t)) if (!node.freed) node.out.retainGrad();
  return t;
}

/**
 * The Euclidean (Frobenius) norm of a tensor's values, scaled by the largest magnitude so that
 * large finite values do not overflow: NaN if any value is NaN, Infinity if any is infinite.
 */
export const norm = (t: Tensor): number => valuesNorm([t.contiguousData()], 2);
