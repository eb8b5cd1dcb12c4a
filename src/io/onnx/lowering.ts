/**
 * Every primitive's ONNX lowering by name. Each op's definition holds its own (`onnx` in
 * defineOp, written against the builder interface of ops/lowering.ts); this is the encoder's view
 * of them.
 */
import { opNames, primitives, type OpName } from '../../ops/table.js';
import type { LoweringEntry } from '../../ops/lowering.js';

export { toElem, type LowerContext, type Lowering, type LoweringEntry } from '../../ops/lowering.js';

/** The lowering (or the reason there is none) of every primitive, keyed by op name. */
export const lowerings = Object.fromEntries(opNames.map((name) => [name, primitives[name].def.onnx])) as Record<OpName, LoweringEntry>;
