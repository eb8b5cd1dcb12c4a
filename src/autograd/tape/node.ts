import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import type { Arr } from '../../tensor/elementwise.js';

/**
 * What the tape needs of a primitive: its forward on ndarrays and its vector-Jacobian product in
 * Tensor ops (ops/define.ts adds the public function and the ONNX lowering on top).
 * - `dtype`: 'promote' (the inputs' promoted type), 'float' (promoted, int32 becomes float32),
 *   a fixed type, or a rule of its own.
 * - `broadcast`: the inputs are expanded to a common shape (recorded `expand` nodes) first.
 * - `vjp`: absent for ops that are not differentiable (masks, comparisons): their output never
 *   requires grad. It returns one gradient (or null) per input, with the input's shape, and only
 *   needs to compute those with `node.needs[i]`. When the backward pass is recorded
 *   (createGraph), the VJP runs with grad mode on, so its own ops are differentiable.
 * - `forward` gets the node when one is recorded, to keep values for the VJP in `node.saved`.
 */
export interface OpDef<P = void> {
  /**
   * The VJP as one line of math (`tanh: g·(1 − y²)`; g the incoming gradient, y the output), shown
   * by the backward step-through and the graph; for an op without a VJP, why it has none.
   */
  readonly rule: string;
  readonly dtype: 'promote' | 'float' | DType | ((inputs: readonly Tensor[], params: P) => DType);
  readonly broadcast?: boolean;
  forward(xs: Arr[], params: P, dtype: DType, node: Node<P> | null): Arr;
  vjp?(g: Tensor, node: Node<P>): (Tensor | null)[];
  /**
   * The VJP is user code (customOp), which may keep the gradients it is given or returns: the
   * backward walk never recycles their storage (tensor/recycle.ts).
   */
  readonly userVjp?: boolean;
  /** Throws a clear error for bad params/shapes before any work (names the op). */
  check?(xs: readonly Tensor[], params: P): void;
}

/**
 * A tensor as the graph readers (printGraph, toDot) see it: shape, dtype, gradient and the node
 * that made it, but no data. A Tensor is one; after backward() frees a node, its output and inputs
 * are kept as such shells, so the graph can still be drawn while the activations are released.
 */
export interface GraphValue {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly requiresGrad: boolean;
  readonly node: Node<any> | null;
  readonly grad: Tensor | null;
}

/**
 * One recorded op: what the backward pass needs to call its VJP. Nodes are numbered in creation
 * order, which is a topological order of the graph, so the backward pass walks them by
 * decreasing id with no recursion.
 */
const NO_INPUTS: readonly Tensor[] = Object.freeze([]);

export class Node<P = unknown> {
  readonly id: number;
  /** The output. Dropped by free() (read `graph.out` after backward). */
  out!: Tensor;
  saved: unknown = undefined;
  /** Set once backward has run without retainGraph: the inputs, output and saved values are dropped. */
  freed = false;
  /** After free(): the output and the inputs as data-free shells, the structure the graph readers draw. */
  graph: { readonly out: GraphValue; readonly inputs: readonly GraphValue[] } | null = null;
  /** @internal The last backward walk that reached this node (a visited mark without a Set). */
  walk = 0;

  constructor(
    readonly op: string,
    readonly def: OpDef<P>,
    public inputs: readonly Tensor[],
    readonly params: P,
    /** needs[i]: whether input i requires a gradient. */
    readonly needs: readonly boolean[],
    readonly scope: string | null,
    id: number,
  ) {
    this.id = id;
  }

  /**
   * Releases what only the VJP needed (PyTorch frees its saved tensors the same way) and keeps the
   * structure: op, scope, params, and shells of the output and inputs. Parameters (leaves that
   * require grad), scalar constants and an output marked by retainGrad() stay as they are, for
   * their names, values and gradients.
   */
  free(): void {
    this.freed = true;
    this.graph = { out: this.out.retainsGrad ? this.out : shell(this.out, this), inputs: this.inputs.map(keep) };
    this.inputs = NO_INPUTS;
    this.saved = undefined;
    this.out = undefined as unknown as Tensor;
  }
}

/** The structure of a node: its output and inputs, live before backward, shells after. */
export const graphOf = (node: Node<any>): { readonly out: GraphValue; readonly inputs: readonly GraphValue[] } =>
  node.graph ?? { out: node.out, inputs: node.inputs };

const shell = (t: GraphValue, node: Node<any> | null): GraphValue =>
  ({ shape: [...t.shape], dtype: t.dtype, requiresGrad: t.requiresGrad, node, grad: null });

/** One shell per constant, so a constant two ops read stays one box in the drawing. */
const constShells = new WeakMap<Tensor, GraphValue>();

function keep(t: Tensor): GraphValue {
  if (t.node !== null) return shell(t, t.node);
  if (t.requiresGrad || t.size <= 1 || t.data.stride.every((s) => s === 0)) return t;
  let s = constShells.get(t);
  if (!s) constShells.set(t, (s = shell(t, null)));
  return s;
}
