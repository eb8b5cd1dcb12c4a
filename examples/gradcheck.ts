/**
 * Checking gradients. A user-defined loss written from primitives (the Cauchy / Lorentzian loss
 * log(1 + (e/c)²), robust to outliers) passes gradcheck; the same function defined as a custom op
 * (customOp: forward + hand-written VJP) passes with the right derivative and fails with the
 * chain-rule factor forgotten, and the report points at the worst element. The checked loss
 * then fits a line to data with outliers.
 *
 *   npm run example:gradcheck
 */
import { Adam, assertGradcheck, customOp, data, grad, gradcheck, linspace, manualSeed, nn, printGraph, type Tensor } from '../src/index.js';
import { isMain, range, Reporter, type ExampleOptions } from './lib/common.js';
import { lineChart } from './lib/svg.js';

/** mean(log(1 + ((ŷ − y)/c)²)): quadratic near 0, only logarithmic growth for outliers. */
export function cauchyLoss(yhat: Tensor, y: Tensor, c = 1): Tensor {
  return yhat.sub(y).div(c).square().log1p().mean();
}

const rho = (e: Tensor) => e.square().log1p();
/** d/de log(1 + e²) = 2e / (1 + e²). */
const rhoPrime = (e: Tensor) => e.mul(2).div(e.square().add(1));
/** The classic slip: d/du log(1 + u) = 1/(1 + u), with du/de = 2e forgotten. */
const rhoPrimeWrong = (e: Tensor) => e.square().add(1).pow(-1);

/** log(1 + e²) as a primitive of its own (customOp) whose VJP uses a hand-written derivative. */
export function withDerivative(name: string, derivative: (e: Tensor) => Tensor) {
  return customOp({ name, forward: rho, vjp: (g, { inputs: [e] }) => [g.mul(derivative(e))] });
}

export async function run(opts: ExampleOptions & { n?: number } = {}) {
  const { epochs = 300, n = 300, seed = 1 } = opts;
  const r = new Reporter('gradcheck', opts);
  const e = linspace(-3, 3, 7, { dtype: 'float64' }).add(0.1);
  const y = linspace(-1, 1, 7, { dtype: 'float64' });

  const lossCheck = gradcheck((a, b) => cauchyLoss(a, b, 0.7), [e, y]);
  const custom = withDerivative('logCauchy', rhoPrime), wrong = withDerivative('logCauchyWrong', rhoPrimeWrong);
  const customCheck = gradcheck((x) => custom(x).sum(), [e]);
  const wrongCheck = gradcheck((x) => wrong(x).sum(), [e]);
  r.log(`cauchyLoss from primitives:          ok ${lossCheck.ok}  (max abs error ${lossCheck.maxAbsError.toExponential(2)})`);
  r.log(`custom op, derivative 2e/(1+e²):     ok ${customCheck.ok}  (max abs error ${customCheck.maxAbsError.toExponential(2)})`);
  r.log(`custom op, derivative 1/(1+e²):      ok ${wrongCheck.ok}  (max abs error ${wrongCheck.maxAbsError.toExponential(2)})`);
  let message = '';
  try {
    assertGradcheck((x) => wrong(x).sum(), [e]);
  } catch (err) {
    message = (err as Error).message;
  }
  r.log(`assertGradcheck on the wrong one throws:\n  ${message}`);
  const graph = printGraph(custom(e.detach().requiresGrad_()).sum());
  r.log(`the custom op on the tape:\n${graph}`);

  // The checked loss at work: a robust line fit.
  const set = data.linearWithOutliers(n, { slope: 2, intercept: 1, noise: 0.5, outlierFraction: 0.1, seed });
  manualSeed(seed);
  const model = new nn.Linear(1, 1);
  const opt = new Adam(model.parameters(), { lr: 0.05 });
  const progress = r.progress(1, epochs, n);
  for (let step = 0; step < epochs; step++) {
    const loss = cauchyLoss(model.forward(set.x), set.y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    progress.update({ epoch: 0, batch: step, loss: loss.item() });
  }
  progress.endEpoch();
  const slope = model.weight.item(), intercept = model.bias!.item();
  progress.done({ slope: slope.toFixed(3), intercept: intercept.toFixed(3) });
  r.log(`cauchyLoss line fit: slope ${slope.toFixed(3)}, intercept ${intercept.toFixed(3)} (true ${set.slope}, ${set.intercept}; 10% outliers)`);

  const curve = progress.batchLosses;
  r.lossCurve([{ name: 'cauchyLoss (full batch)', x: range(curve.length), y: curve }], { xLabel: 'step' });
  r.svg('gradcheck-derivatives.svg', () => {
    const xs = linspace(-4, 4, 161, { dtype: 'float64' });
    const h = 1e-5;
    const numeric = rho(xs.add(h)).sub(rho(xs.sub(h))).div(2 * h);
    const tape = grad((x: Tensor) => custom(x).sum())(xs);
    const arr = (t: Tensor) => Array.from(t.contiguousData());
    return lineChart({
      title: 'd/de log(1 + e²): the finite difference exposes the wrong formula',
      xLabel: 'e', yLabel: 'derivative',
      series: [
        { name: 'central difference', x: arr(xs), y: arr(numeric), color: '#333', dashed: true },
        { name: 'tape, 2e/(1+e²)', x: arr(xs), y: arr(tape) },
        { name: 'wrong: 1/(1+e²)', x: arr(xs), y: arr(rhoPrimeWrong(xs)) },
      ],
    });
  });
  return { lossCheck, customCheck, wrongCheck, message, graph, slope, intercept, losses: curve, files: r.files };
}

if (isMain(import.meta.url)) await run();
