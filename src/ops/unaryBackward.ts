import { elementwise, type Elementwise } from '../tensor/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { kernel } from '../tensor/kernels/index.js';
import { run } from './run.js';
import { applyOp, defineOp } from './define.js';
import type { Grads } from './types.js';

/** The unary ops whose derivative would take several ops: their VJP is this one fused primitive. */
export type FusedUnary = 'tanh' | 'sigmoid' | 'softplus' | 'gelu' | 'relu';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const sigmoidScalar = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

interface Derivative {
  /** Whether the VJP is fed the op's output y (tanh, sigmoid) or its input x (softplus, gelu). */
  from: 'out' | 'input';
  /** z = g·f′, with a = g and b = y or x. */
  kernel: Elementwise;
  /** ∂z/∂b·h for the second derivative, in tensor ops (g, b as above; h the incoming gradient); null where f″ = 0. */
  dB: ((h: Tensor, g: Tensor, b: Tensor) => Tensor) | null;
}

/** Per op: f′ written from y or x, and its own derivative. */
const derivatives = {
  // tanh′ = 1 − y²; ∂/∂y = −2y
  tanh: { from: 'out', kernel: elementwise(2, 'a * (1 - b * b)'), dB: (h, g, y) => h.mul(g).mul(y).mul(-2) },
  // σ′ = y(1 − y); ∂/∂y = 1 − 2y
  sigmoid: { from: 'out', kernel: elementwise(2, 'a * b * (1 - b)'), dB: (h, g, y) => h.mul(g).mul(y.mul(-2).add(1)) },
  // softplus′ = σ(x); ∂/∂x = σ(x)(1 − σ(x))
  softplus: {
    from: 'input',
    kernel: elementwise(2, 'a * sigmoidScalar(b)', { sigmoidScalar }),
    dB: (h, g, x) => unaryBackward(h.mul(g), x.sigmoid(), 'sigmoid'),
  },
  // gelu′ = Φ(x) + x·φ(x); ∂/∂x = φ(x)·(2 − x²), φ(x) = e^(−x²/2)/√(2π)
  gelu: {
    from: 'input',
    kernel: (out, shape, g, x) => kernel.geluGrad(out, shape, g, x),
    dB: (h, g, x) => h.mul(g).mul(x.square().mul(-0.5).exp().mul(INV_SQRT_2PI)).mul(x.square().neg().add(2)),
  },
  // relu′ = [x > 0] (relu′(0) = 0; g·0 keeps a NaN or infinite g NaN, as g·mask did); f″ = 0.
  // The kernel table's (looked up per call: setBackend swaps the set).
  relu: { from: 'input', kernel: (out, shape, g, x) => kernel.reluGrad(out, shape, g, x), dB: null },
} satisfies Record<FusedUnary, Derivative>;

/**
 * z = g·f′(b) in one pass, for f in {@link FusedUnary} (b = f's output y or input x, see the
 * table): what the VJPs of tanh, sigmoid, softplus, gelu and relu compute, one op and one allocation
 * instead of three or four. Differentiable itself: ∂z/∂g = f′(b), the same primitive again, and
 * ∂z/∂b from the table, so higher-order gradients keep working.
 */
export const unaryBackwardOp = defineOp('unaryBackward', {
  rule: 'unaryBackward(g, x): gg = h·f′(x), gx = h·g·f″(x)',
  dtype: 'float',
  broadcast: true,
  forward: ([g, b], { of }: { of: FusedUnary }, dtype) => run(derivatives[of].kernel, dtype, g, b),
  vjp: (h, { inputs: [g, b], needs, params: { of } }): Grads => [
    needs[0] ? unaryBackward(h, b, of) : null,
    needs[1] ? derivatives[of].dB?.(h, g, b) ?? null : null,
  ],
  // g·f′(b): tanh 1 − b², sigmoid b(1 − b) (b the op's output), softplus σ(b), gelu Φ(b) + b·φ(b), relu [b > 0] (b its input)
  onnx: (c) => {
    const d = c.outDtype, g = c.input(0, d), b = c.input(1, d), one = c.scalar(1, d);
    const of = c.params.of;
    const slope = of === 'relu' ? c.cast(c.node('Greater', [b, c.scalar(0, d)]), d)
      : of === 'tanh' ? c.node('Sub', [one, c.node('Mul', [b, b])])
      : of === 'sigmoid' ? c.node('Mul', [b, c.node('Sub', [one, b])])
      : of === 'softplus' ? c.node('Sigmoid', [b])
      : c.node('Add', [
        c.node('Mul', [c.node('Add', [c.node('Erf', [c.node('Mul', [b, c.scalar(Math.SQRT1_2, d)])]), one]), c.scalar(0.5, d)]),
        c.node('Mul', [b, c.node('Mul', [c.node('Exp', [c.node('Mul', [c.node('Mul', [b, b]), c.scalar(-0.5, d)])]), c.scalar(1 / Math.sqrt(2 * Math.PI), d)])]),
      ]);
    c.node('Mul', [g, slope], {}, c.out);
  },
});

/** g·f′ for f = `of`, given f's output (tanh, sigmoid) or input (softplus, gelu) as the table says. */
export const unaryBackward = (g: Tensor, b: Tensor, of: FusedUnary): Tensor => applyOp('unaryBackward', [g, b], { of });

/** The VJP of a fused unary op `of`, to put in its OpDef. */
export const fusedVjp = (of: FusedUnary) => (g: Tensor, node: { inputs: readonly Tensor[]; out: Tensor }): Tensor[] =>
  [unaryBackward(g, derivatives[of].from === 'out' ? node.out : node.inputs[0], of)];
