// The fused softmaxCrossEntropy primitive against the composition it replaces
// (−logSoftmax gathered at the target), on the rows its one-pass forward treats specially.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { softmaxCrossEntropy, tensor, type Tensor } from '../src/index.js';
import { close, int32, normal64 } from './helpers.js';

const composed = (x: Tensor, y: Tensor) => x.logSoftmax(1).gather(1, y.unsqueeze(1)).squeeze(1).neg();

function valueAndGrad(f: (x: Tensor) => Tensor, x0: Tensor, retain = false): [number[], number[]] {
  const x = x0.detach().requiresGrad_();
  const l = f(x);
  l.sum().backward(undefined, { retainGraph: retain });
  return [l.toArray() as number[], (x.grad!.toArray() as number[][]).flat()];
}

function assertSame(a: number[], b: number[], what: string, tol = 1e-12): void {
  assert.is(a.length, b.length, what);
  a.forEach((v, i) => {
    const ok = Number.isNaN(b[i]) ? Number.isNaN(v) : v === b[i] || close(v, b[i], tol);
    assert.ok(ok, `${what} [${i}]: ${v} vs ${b[i]}`);
  });
}

const rows = (data: number[][]) => tensor(data, { dtype: 'float64' });
const ascending = (n: number) => Array.from({ length: n }, (_, i) => i / 10 - 3);

test('matches −logSoftmax at the target: random, ascending (max grows every element), descending rows', () => {
  const cases: [string, Tensor, Tensor][] = [
    ['random', normal64([6, 50], 3), int32([0, 49, 7, 7, 20, 1])],
    ['ascending and descending', rows([ascending(100), ascending(100).reverse(), [...ascending(40), ...ascending(60).reverse()]]), int32([99, 0, 5])],
  ];
  for (const [label, x, y] of cases) {
    const [v1, g1] = valueAndGrad((t) => softmaxCrossEntropy(t, y, { reduction: 'none' }), x);
    const [v2, g2] = valueAndGrad((t) => composed(t, y), x);
    assertSame(v1, v2, `${label} value`);
    assertSame(g1, g2, `${label} gradient`);
  }
});

test('non-finite logits give what the composition gives (−∞ elsewhere is fine; +∞ and NaN poison the row)', () => {
  const x = rows([[0, -Infinity, 2, 1], [Infinity, 0, 1, 2], [NaN, 0, 1, 2], [-Infinity, -Infinity, -Infinity, -Infinity], [1e4, -1e4, 0, 3]]);
  const y = int32([2, 1, 3, 0, 1]);
  const [v1, g1] = valueAndGrad((t) => softmaxCrossEntropy(t, y, { reduction: 'none' }), x);
  const [v2, g2] = valueAndGrad((t) => composed(t, y), x);
  assertSame(v1, v2, 'value');
  assertSame(g1, g2, 'gradient');
  assert.ok(Number.isFinite(v1[0]) && Number.isFinite(v1[4]));
});

test('a retained graph runs backward twice with the same gradient (the second recomputes exp)', () => {
  const x = normal64([3, 5]).requiresGrad_();
  const l = softmaxCrossEntropy(x, int32([1, 4, 0]));
  l.backward(undefined, { retainGraph: true });
  const first = (x.grad!.toArray() as number[][]).flat();
  x.zeroGrad();
  l.backward();
  assertSame((x.grad!.toArray() as number[][]).flat(), first, 'second backward');
});

test('float32 logits agree with the float64 result to float32 precision', () => {
  const x64 = normal64([8, 300], 5), y = int32([0, 1, 2, 3, 299, 150, 7, 8]);
  const [v64, g64] = valueAndGrad((t) => softmaxCrossEntropy(t, y, { reduction: 'none' }), x64);
  const [v32, g32] = valueAndGrad((t) => softmaxCrossEntropy(t, y, { reduction: 'none' }), x64.to('float32'));
  v32.forEach((v, i) => assert.ok(Math.abs(v - v64[i]) < 1e-5 * (1 + Math.abs(v64[i])), `value ${i}`));
  g32.forEach((v, i) => assert.ok(Math.abs(v - g64[i]) < 1e-6, `gradient ${i}: ${v} vs ${g64[i]}`));
});

test('a one-hot float target gives the class-index result; bad arguments name the caller', () => {
  const x = normal64([3, 4]), y = int32([3, 0, 2]);
  const onehot = rows([[0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 1, 0]]);
  assertSame([softmaxCrossEntropy(x, onehot).item()], [softmaxCrossEntropy(x, y).item()], 'mean');
  assert.throws(() => softmaxCrossEntropy(x, int32([4, 0, 0])), /softmaxCrossEntropy: class index 4 is out of range for 4 classes/);
  assert.throws(() => softmaxCrossEntropy(x, onehot, { ignoreIndex: 0 }), /ignoreIndex applies only to int32 class-index targets/);
  assert.throws(() => softmaxCrossEntropy(x, int32([0, 0])), /target shape \[2\] does not match logits shape \[3,4\]/);
  assert.throws(() => softmaxCrossEntropy(x, y, { labelSmoothing: 1 }), /option labelSmoothing must be a number in \[0, 1\)/);
  assert.throws(() => softmaxCrossEntropy(x, y, { weight: tensor([1, 2]), caller: 'myLoss' }), /myLoss: weight shape \[2\]/);
});

test.run();
