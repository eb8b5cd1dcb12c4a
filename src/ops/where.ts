import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';
import { promote } from '../tensor/dtype.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { asTensor, pair } from './operands.js';

const kernel = elementwise(3, 'a !== 0 ? b : c');

/** Picks a where cond ≠ 0, else b; the gradient flows only into the picked branch. */
export const where = defineOp('where', {
  // where(c, a, b) = c ? a : b. d = [c]·da + [¬c]·db: the unpicked branch gets exactly 0, so an
  // unsafe branch (log of a negative, 1/0) must be sanitised at its input, not here.
  rule: 'where(c, a, b): ga = g·c, gb = g·(1 − c)',
  dtype: ([, a, b]) => promote(a.dtype, b.dtype),
  broadcast: true,
  forward: ([c, a, b], _, dtype) => run(kernel, dtype, c, a, b),
  vjp: (g, { inputs: [c], needs }): Grads => [
    null,
    needs[1] ? where(c, g, 0) : null,
    needs[2] ? where(c, 0, g) : null,
  ],
  // the condition is tapegrad's 0/1 mask: anything but 0 (NaN included) picks a
  onnx: (c) => {
    const pick = c.node('Not', [c.node('Equal', [c.input(0), c.scalar(0, c.inDtypes[0])])]);
    c.node('Where', [pick, c.input(1, c.outDtype), c.input(2, c.outDtype)], {}, c.out);
  },
  api: (op, name) => (cond: TensorLike, a: TensorLike, b: TensorLike): Tensor => {
    const c = asTensor(name, cond);
    const [x, y] = pair(name, a, b);
    return op([c, x, y], undefined);
  },
});
