/**
 * defineLoss: what every loss does before its formula, written once. The returned function runs
 * the body inside `scope(name)` (one named box in printGraph, toDot and exportOnnx), after checking
 * the options against the loss's row of the options table (an unknown option or a value outside
 * its domain is an error naming the loss) and, unless `sameShape: false`, that ŷ and y have one
 * shape. So a body is the loss's formula alone, as in Flux:
 *
 *     export const mse = defineLoss('mse', {}, (yhat, y, { agg }: AggOptions) => aggregate(yhat.sub(y).square(), agg));
 */
import { scope } from '../autograd/state.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkShapes } from './common.js';
import { checkOptions, type LossName } from './options.js';

export interface LossDefinition {
  /** Whether ŷ and y must have identical shapes (default true; false for class-index targets). */
  sameShape?: boolean;
}

/** A loss (ŷ, y, opts?) from its body; see the module comment. The body gets `opts` as given (`{}` when omitted) and the loss's name. */
export function defineLoss<O extends object>(
  name: LossName,
  { sameShape = true }: LossDefinition,
  body: (yhat: Tensor, y: Tensor, opts: O, name: LossName) => Tensor,
): (yhat: Tensor, y: Tensor, opts?: O) => Tensor {
  return (yhat, y, opts = {} as O) => scope(name, () => {
    checkOptions(name, opts);
    if (sameShape) checkShapes(name, yhat, y);
    return body(yhat, y, opts, name);
  });
}
