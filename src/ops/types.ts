import type { Tensor } from '../tensor/tensor.js';
import type { OpDef } from '../autograd/tape/node.js';
import type { LoweringEntry } from './lowering.js';

export type { OpDef } from '../autograd/tape/node.js';

/** What a VJP returns: one gradient (or null) per input. */
export type Grads = (Tensor | null)[];

/** Runs a primitive on prepared inputs and params through the tape's recording point. */
export type Run<P> = (inputs: Tensor[], params: P) => Tensor;

/** A primitive as the table holds it: the tape's definition plus its name and ONNX lowering. */
export interface PrimitiveDef<P = any> extends OpDef<P> {
  readonly name: string;
  /** How the op becomes ONNX operators, or `{ unsupported: why }`. */
  readonly onnx: LoweringEntry<P>;
}

/**
 * Everything about one primitive, given to defineOp. Function-valued fields that call Tensor
 * methods (`vjp`, the function `api` returns) carry an explicit return type: the Tensor methods
 * are typed from the table, so an inferred return type would be circular.
 */
export interface OpSpec<P, F> extends OpDef<P> {
  /** How the op becomes ONNX operators (written against ops/lowering.ts), or `{ unsupported: why }`. */
  readonly onnx: LoweringEntry<P>;
  /**
   * The public function: checks and prepares its arguments (errors name the op), then runs the
   * primitive with `op`. Absent for primitives that only VJPs call (by name, through applyOp).
   */
  readonly api?: (op: Run<P>, name: string) => F;
}

/** What defineOp returns: the public function, carrying its definition. */
export type Primitive<P = any, F = Run<P>> = F & { readonly def: PrimitiveDef<P> };
