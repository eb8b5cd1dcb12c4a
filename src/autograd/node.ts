import type { Tensor } from '../tensor/tensor.js';
import type { OpDef } from '../ops/types.js';

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
