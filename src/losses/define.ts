/**
 * defineLoss: what every loss does before its formula, written once. The returned function runs
 * the body inside `scope(name)` (one named box in printGraph, toDot and exportOnnx), after checking
 * the options against the loss's row of the options table (an unknown option or a value outside
 * its domain is an error naming the loss) and the target (`target`, below). So a body is the
 * loss's formula alone, as in Flux:
 *
 *     export const mse = defineLoss('mse', { target: 'flux' }, (yhat, y, opts: AggOptions) => aggregate(yhat.sub(y).square(), opts.agg));
 */
import { scope } from '../autograd/tape/state.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkShapes, fluxTarget } from './common.js';
import { checkOptions, type LossName } from './options.js';

/**
 * How the target is checked before the body runs: 'same' (default) ŷ and y must have one shape;
 * 'flux' as 'same', or a JS number broadcast against every element (Flux's constant label,
 * `fluxTarget`); 'free' the body checks it (class indices). `names` are the two arguments as a
 * shape error names them (default prediction and target; PyTorch's input and target).
 */
export type TargetRule = 'same' | 'flux' | 'free';

/** A loss (ŷ, y, opts?) from its body; see the module comment. The body gets `opts` as given (`{}` when omitted) and the loss's name. */
export function defineLoss<O extends object, T extends TargetRule = 'same'>(
  name: LossName,
  { target = 'same' as T, names }: { target?: T; names?: [string, string] },
  body: (yhat: Tensor, y: Tensor, opts: O, name: LossName) => Tensor,
): (yhat: Tensor, y: T extends 'flux' ? Tensor | number : Tensor, opts?: O) => Tensor {
  return (yhat, y, opts = {} as O) => scope(name, () => {
    checkOptions(name, opts);
    let t = y as Tensor;
    if (target === 'flux') t = fluxTarget(name, yhat, y, names);
    else if (target === 'same') checkShapes(name, yhat, t, names);
    return body(yhat, t, opts, name);
  });
}
