import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { scalarLike } from '../tensor/create.js';
import { asTensor } from './operands.js';
import { defineOp } from './define.js';
import * as lower from './lowering.js';
import type { Grads } from './types.js';

const kernel = elementwise(2, 'Math.atan2(a, b)');

/** The angle of the point (x, y), in (−π, π], elementwise with broadcasting. The gradient at the origin is NaN, as in PyTorch. */
export const atan2 = defineOp('atan2', {
  // atan2(y, x), the angle of the point (x, y) in (−π, π];
  // d = (x·dy − y·dx) / (x² + y²). At the origin, where the angle jumps, the gradient is NaN (0/0),
  // as in PyTorch.
  rule: 'atan2(y, x): gy = g·x/(x² + y²), gx = −g·y/(x² + y²)',
  dtype: 'float',
  broadcast: true,
  forward: ([y, x], _, dtype) => run(kernel, dtype, y, x),
  vjp: (g, { inputs: [y, x], needs }): Grads => {
    const r2 = x.square().add(y.square());
    return [needs[0] ? g.mul(x).div(r2) : null, needs[1] ? g.mul(y).neg().div(r2) : null];
  },
  // atan(y/x) moved by ±π (the sign of y, −0 included) where x < 0 or x = −0; at x = y = 0 the signed zeros decide, as Math.atan2
  onnx: (c) => {
    const d = c.outDtype, y = c.input(0, d), x = c.input(1, d);
    const zero = c.scalar(0, d), one = c.scalar(1, d);
    const negative = (v: string) =>
      c.node('Or', [c.node('Less', [v, zero]), c.node('And', [c.node('Equal', [v, zero]), c.node('Less', [c.node('Div', [one, v]), zero])])]);
    const xNeg = negative(x);
    const turn = c.node('Where', [negative(y), c.scalar(-Math.PI, d), c.scalar(Math.PI, d)]);
    const shift = c.node('Where', [xNeg, turn, zero]);
    const general = c.node('Add', [c.node('Atan', [c.node('Div', [y, x])]), shift]);
    const origin = c.node('And', [c.node('Equal', [x, zero]), c.node('Equal', [y, zero])]);
    c.node('Where', [origin, c.node('Where', [xNeg, shift, y]), general], {}, c.out);
  },
  api: (op, name) => (y: TensorLike, x: TensorLike): Tensor => {
    // A number takes the dtype of the tensor beside it, as in add/mul.
    const dtype = y instanceof Tensor ? y.dtype : x instanceof Tensor ? x.dtype : 'float32';
    const lift = (v: TensorLike) => (v instanceof Tensor ? v : scalarLike(asTensor(name, v).item(), dtype));
    return op([lift(y), lift(x)], undefined);
  },
});
