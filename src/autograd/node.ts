import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import type { Arr } from '../tensor/elementwise.js';

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
  /** Throws a clear error for bad params/shapes before any work (names the op). */
  check?(xs: readonly Tensor[], params: P): void;
}

/**
 * One recorded op: what the backward pass needs to call its VJP. Nodes are numbered in creation
 * order, which is a topological order of the graph, so the backward pass walks them by
 * decreasing id with no recursion.
 */
const NO_INPUTS: readonly Tensor[] = Object.freeze([]);

export class Node<P = unknown> {
  readonly id: number;
  out!: Tensor;
  saved: unknown = undefined;
  /** Set once backward has run without retainGraph: the inputs and saved values are dropped. */
  freed = false;
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

  free(): void {
    this.freed = true;
    this.inputs = NO_INPUTS;
    this.saved = undefined;
  }
}
