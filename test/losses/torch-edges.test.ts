/**
 * losses.torch: bad input is an error naming the loss and the argument (with shapes), and the edges
 * PyTorch defines are numbers (empty CTC targets, unbatched inputs, a 0-d batchmean).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, losses, printGraph, tensor, type Tensor } from '../../src/index.js';
import { torchArgs } from './_torch-args.js';
import { normal64 } from '../helpers.js';

const T = losses.torch;
const f64 = (d: unknown) => tensor(d as number[], { dtype: 'float64' });
const i32 = (d: unknown) => tensor(d as number[], { dtype: 'int32' });
const logits = () => normal64([3, 4], 1);

const bad: [string, () => unknown, string[]][] = [
  ['crossEntropy: probability target with ignoreIndex ≥ 0', () => T.crossEntropy(logits(), logits().softmax(1), { ignoreIndex: 0 }), ['torch.crossEntropy', 'ignoreIndex', 'floating point']],
  ['crossEntropy: class index out of range', () => T.crossEntropy(logits(), i32([0, 4, 1])), ['class index 4', '4 classes']],
  ['nllLoss: float target', () => T.nllLoss(logits(), f64([0, 1, 2])), ['torch.nllLoss', 'int32']],
  ['multiMarginLoss: rank-3 input', () => T.multiMarginLoss(normal64([2, 3, 4]), i32([[0, 1, 2], [0, 1, 2]])), ['torch.multiMarginLoss', '[2,3,4]']],
  ['multiMarginLoss: weight shape', () => T.multiMarginLoss(logits(), i32([0, 1, 2]), { weight: f64([1, 2]) }), ['torch.multiMarginLoss', 'weight', '[2]', '[4]']],
  ['multiMarginLoss: target shape', () => T.multiMarginLoss(logits(), i32([0, 1])), ['torch.multiMarginLoss', 'target', '[3]', '[2]']],
  ['multilabelMarginLoss: float target', () => T.multilabelMarginLoss(logits(), logits()), ['torch.multilabelMarginLoss', 'int32']],
  ['multilabelMarginLoss: rank-3 input', () => T.multilabelMarginLoss(normal64([1, 2, 2]), i32([[[0, 1], [1, 0]]])), ['torch.multilabelMarginLoss', '[1,2,2]']],
  ['multilabelSoftMarginLoss: weight shape', () => T.multilabelSoftMarginLoss(logits(), logits(), { weight: f64([1]) }), ['torch.multilabelSoftMarginLoss', 'weight']],
  ['binaryCrossEntropy: input outside [0, 1]', () => T.binaryCrossEntropy(f64([1.5]), f64([1])), ['torch.binaryCrossEntropy', 'input', '[0, 1]']],
  ['binaryCrossEntropy: weight does not broadcast', () => T.binaryCrossEntropy(logits().sigmoid(), logits().sigmoid(), { weight: f64([1, 2, 3]) }), ['torch.binaryCrossEntropy', 'weight', '[3]', '[3,4]']],
  ['binaryCrossEntropyWithLogits: posWeight does not broadcast', () => T.binaryCrossEntropyWithLogits(logits(), logits().sigmoid(), { posWeight: f64([[1, 2, 3, 4, 5]]) }), ['posWeight', '[1,5]']],
  ['mseLoss: shapes', () => T.mseLoss(logits(), normal64([3, 4, 1])), ['torch.mseLoss', 'input', '[3,4]', '[3,4,1]']],
  ['gaussianNllLoss: var shape', () => T.gaussianNllLoss(logits(), logits(), f64([1, 2])), ['torch.gaussianNllLoss', 'var', '[2]']],
  ['gaussianNllLoss: negative var', () => T.gaussianNllLoss(logits(), logits(), f64([[1], [-1], [2]])), ['torch.gaussianNllLoss', 'var']],
  ['tripletMarginLoss: shapes', () => T.tripletMarginLoss(logits(), normal64([3, 5]), logits()), ['torch.tripletMarginLoss', 'positive', '[3,5]']],
  ['ctcLoss: rank-4 logProbs', () => T.ctcLoss(normal64([2, 2, 2, 2]), i32([[1]]), [2], [1]), ['torch.ctcLoss', 'logProbs', '[2,2,2,2]']],
  ['ctcLoss: float targets', () => T.ctcLoss(normal64([3, 1, 3]), f64([[1]]), [3], [1]), ['torch.ctcLoss', 'targets', 'int32']],
  ['ctcLoss: blank out of range', () => T.ctcLoss(normal64([3, 1, 3]), i32([[1]]), [3], [1], { blank: 3 }), ['torch.ctcLoss', 'blank 3', '3 classes']],
  ['ctcLoss: input length beyond T', () => T.ctcLoss(normal64([3, 1, 3]), i32([[1]]), [4], [1]), ['torch.ctcLoss', 'inputLengths', '3 frames']],
  ['ctcLoss: target length beyond S', () => T.ctcLoss(normal64([3, 1, 3]), i32([[1]]), [3], [2]), ['torch.ctcLoss', 'targetLengths']],
  ['ctcLoss: float lengths tensor', () => T.ctcLoss(normal64([3, 1, 3]), i32([[1]]), f64([3]), [1]), ['torch.ctcLoss', 'inputLengths', 'int32']],
  ['ctcLoss: negative length', () => T.ctcLoss(normal64([3, 1, 3]), i32([[1]]), [3], [-1]), ['torch.ctcLoss', 'targetLengths', '≥ 0']],
  ['ctcLoss: label out of range', () => T.ctcLoss(normal64([3, 1, 3]), i32([[5]]), [3], [1]), ['torch.ctcLoss', 'class index 5']],
];
for (const [what, run, parts] of bad) {
  test(`bad input: ${what}`, () => {
    let m: string | null = null;
    try {
      run();
    } catch (e) {
      m = (e as Error).message;
    }
    assert.ok(m !== null, 'did not throw');
    for (const p of parts) assert.ok(m!.includes(p), `"${m}" lacks "${p}"`);
  });
}

test('ctcLoss: empty targets are the blank path (−Σ log p(blank)), in both target layouts', () => {
  const lp = normal64([4, 2, 3], 2).logSoftmax(2);
  const blankPath = (n: number, len: number) => -(lp.select(1, n).select(1, 0).toArray() as number[]).slice(0, len).reduce((a, b) => a + b, 0);
  const padded = T.ctcLoss(lp, i32([[0, 0], [0, 0]]).slice(1, 0, 0), [4, 3], [0, 0], { reduction: 'none' }).toArray() as number[];
  const flat = T.ctcLoss(lp, i32([]), [4, 3], [0, 0], { reduction: 'none' }).toArray() as number[];
  [blankPath(0, 4), blankPath(1, 3)].forEach((want, n) => {
    assert.ok(Math.abs(padded[n] - want) < 1e-12, `${padded[n]} vs ${want}`);
    assert.ok(Math.abs(flat[n] - want) < 1e-12, `${flat[n]} vs ${want}`);
  });
  // 'mean' divides by max(target length, 1)
  assert.ok(Math.abs(T.ctcLoss(lp, i32([]), [4, 3], [0, 0]).item() - (padded[0] + padded[1]) / 2) < 1e-12);
});

test('ctcLoss: padding past a target’s length may hold any value, as PyTorch', () => {
  const lp = normal64([5, 2, 4], 3).logSoftmax(2);
  const a = T.ctcLoss(lp, i32([[1, 2, 3], [2, 0, 0]]), [5, 5], [3, 1], { reduction: 'sum' }).item();
  const b = T.ctcLoss(lp, i32([[1, 2, 3], [2, 99, -7]]), [5, 5], [3, 1], { reduction: 'sum' }).item();
  assert.is(a, b);
});

test('klDiv batchmean of a 0-d input divides by 1; rank-1 crossEntropy and multiMarginLoss take a 0-d target', () => {
  const x = f64(0.25).log(), y = f64(0.5);
  assert.ok(Math.abs(T.klDiv(x, y, { reduction: 'batchmean' }).item() - 0.5 * Math.log(2)) < 1e-15);
  const v = f64([2, 0.5, -1]);
  assert.ok(Math.abs(T.crossEntropy(v, i32(0)).item() - (Math.log(Math.exp(2) + Math.exp(0.5) + Math.exp(-1)) - 2)) < 1e-12);
  assert.ok(Math.abs(T.multiMarginLoss(v, i32(1)).item() - 2.5 / 3) < 1e-15); // torch 1.13: 0.8333
});

test('stability: huge logits and tiny probabilities give finite values and gradients', () => {
  const finite = (name: string, f: (x: Tensor) => Tensor, x: Tensor) => {
    const v = f(x).item();
    const g = Array.from(grad(f)(x).contiguousData());
    assert.ok(Number.isFinite(v) && g.every(Number.isFinite), `${name}: ${v}, ${g}`);
  };
  const big = f64([[1e4, -1e4, 0], [-800, 800, 3]]);
  finite('crossEntropy', (x) => T.crossEntropy(x, i32([1, 0]), { labelSmoothing: 0.1 }), big);
  finite('binaryCrossEntropyWithLogits', (x) => T.binaryCrossEntropyWithLogits(x, f64([[1, 0, 1], [0, 1, 0]]), { posWeight: f64([2, 1, 3]) }), big);
  finite('softMarginLoss', (x) => T.softMarginLoss(x, f64([[-1, 1, 1], [1, -1, -1]])), big);
  finite('multilabelSoftMarginLoss', (x) => T.multilabelSoftMarginLoss(x, f64([[0, 1, 1], [1, 0, 0]])), big);
  finite('poissonNllLoss (log-rate −800)', (x) => T.poissonNllLoss(x, f64([[2, 0, 1], [1, 0, 3]])), f64([[-800, -1, 0.5], [1, 2, -3]]));
  finite('binaryCrossEntropy (x = 1e-300)', (x) => T.binaryCrossEntropy(x, f64([1, 0])), f64([1e-300, 1 - 1e-16]));
  finite('klDiv (log-probs −700)', (x) => T.klDiv(x, f64([[0.5, 0.5, 0]]), { reduction: 'batchmean' }), f64([[-700, -1e-300, -1]]));
  // CTC on very peaked frames: log-probabilities down to −1e3 stay finite through the recursion
  const lp = f64([[[0, -1e3, -1e3]], [[-1e3, 0, -1e3]], [[-1e3, -1e3, 0]], [[0, -1e3, -1e3]]]).logSoftmax(2);
  finite('ctcLoss (peaked)', (x) => T.ctcLoss(x.logSoftmax(2), i32([[1, 2]]), [4], [2]), lp);
});

for (const [name, make] of Object.entries(torchArgs)) {
  test(`torch.${name}: one named box; differentiable twice (Hessian-vector product vs finite differences of the gradient)`, () => {
    const args = make() as Tensor[];
    const F = (T as unknown as Record<string, (...a: unknown[]) => Tensor>)[name];
    const graph = printGraph(F(tensor(args[0], { requiresGrad: true }), ...args.slice(1)));
    assert.ok(graph.split('\n').some((l) => l === `torch.${name}`), graph);
    const f = (x: Tensor) => F(x, ...args.slice(1)).sum();
    const g = grad(f);
    const v = normal64(args[0].shape, 6);
    const hv = grad((x: Tensor) => g(x).mul(v).sum())(args[0]);
    const h = 1e-5;
    const fd = g(args[0].add(v.mul(h))).sub(g(args[0].sub(v.mul(h)))).div(2 * h);
    const a = Array.from(hv.contiguousData()), b = Array.from(fd.contiguousData());
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-5 + 1e-4 * Math.abs(b[i]), `element ${i}: ${x} vs ${b[i]}`));
  });
}

test.run();
