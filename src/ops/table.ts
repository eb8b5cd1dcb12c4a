/**
 * Every primitive in one typed table: the public rows (ops/primitives.ts, one line each) and the
 * primitives that only other ops call. The op names and their types come from its keys, so a
 * name is written once, in its row; tests and the ONNX exporter loop over `opNames`.
 */
import * as publicRows from './primitives.js';
import { cast } from './cast.js';
import { unaryBackwardOp as unaryBackward } from './unaryBackward.js';
import { logSoftmaxBackward } from './logSoftmaxBackward.js';
import { unfold } from './unfold.js';
import { fold } from './fold.js';
import { maxPoolIndices } from './maxPoolIndices.js';
import { conv2d } from './conv2d.js';
import { conv2dWeightGrad } from './conv2dWeightGrad.js';
import { conv2dInputGrad } from './conv2dInputGrad.js';
import { layerNorm } from './layerNorm.js';
import { layerNormBackward } from './layerNormBackward.js';
import type { PrimitiveDef } from './types.js';

/** Every primitive (its public function, carrying its definition as `.def`), keyed by name. */
export const primitives = {
  ...publicRows,
  cast, unaryBackward, logSoftmaxBackward, unfold, fold, maxPoolIndices, conv2d, conv2dWeightGrad, conv2dInputGrad,
  layerNorm, layerNormBackward,
} satisfies Record<string, { readonly def: PrimitiveDef }>;

/** The name of a primitive on the tape (what graph nodes are labelled with). */
export type OpName = keyof typeof primitives;

/** The names of every primitive: the public rows in alphabetical order (a module namespace), then the others. */
export const opNames: readonly OpName[] = Object.keys(primitives) as OpName[];

/** The params type of primitive K. */
export type ParamsOf<K extends OpName> = (typeof primitives)[K]['def'] extends PrimitiveDef<infer P> ? P : never;
