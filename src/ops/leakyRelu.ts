import { elementwise } from '../tensor/elementwise.js';
import { run } from './run.js';
import { where } from './api.js';
import type { OpDef } from './types.js';

const kernel = elementwise(1, 'a > 0 ? a : a * p');

/** leakyRelu(x) = x for x > 0, slope·x otherwise; d = (x > 0 ? 1 : slope)·dx, so the derivative at 0 is the slope. */
export const leakyRelu: OpDef<{ slope: number }> = {
  rule: 'leakyRelu: g·(x > 0 ? 1 : slope)',
  dtype: 'float',
  forward: ([x], { slope }, dtype) => run(kernel, dtype, x, undefined, undefined, slope),
  vjp: (g, { inputs: [x], params: { slope } }) => [where(x.gt(0), g, g.mul(slope))],
};
