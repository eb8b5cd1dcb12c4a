// Correctness self-check of the benchmark's own code (not a test of tapegrad):
//  - plain matmul against a naive float64 triple loop, on odd shapes;
//  - plain fused softmax-CE (value and gradient) against a naive float64 version;
//  - every plain loss formula's gradient against central finite differences (float64 copies);
//  - plain values against tfjs values for the losses, the softmax-CE and a few MLP steps.
// Run: node --import tsx bench/selfcheck.ts [--no-tfjs]
import { Rng, mlpData, MLP } from './common.js';
import { ZOO, zooInputs } from './loss-zoo.js';
import { matmul, matmulNaive } from './plain/matmul.js';
import { softmaxCrossEntropy, softmaxCrossEntropyNaive } from './plain/softmax-ce.js';
import { PLAIN_LOSSES } from './plain/losses.js';
import { plainPeer } from './plain/index.js';

let failures = 0;
let passes = 0;
function check(what: string, ok: boolean, detail: string): void {
  if (ok) passes++;
  else {
    failures++;
    process.stdout.write(`FAIL ${what}: ${detail}\n`);
  }
}

// matmul
for (const [m, k, n] of [[5, 7, 9], [4, 4, 4], [64, 784, 128], [3, 1, 2], [13, 10, 6], [128, 128, 128]] as const) {
  const r = new Rng(m * 1000 + k * 10 + n);
  const a = r.normalArray(m * k), b = r.normalArray(k * n);
  const c = matmul(a, b, m, k, n);
  const ref = matmulNaive(a, b, m, k, n);
  let e = 0;
  for (let i = 0; i < m * n; i++) e = Math.max(e, Math.abs(c[i]! - ref[i]!) / (1 + Math.abs(ref[i]!)));
  check(`matmul ${m}x${k}x${n}`, e < 1e-5, `max rel error ${e}`);
}

// softmax-CE
{
  const n = 37, c = 101;
  const r = new Rng(5);
  const z = r.normalArray(n * c, 3);
  const labels = r.intArray(n, c);
  const g = new Float32Array(n * c);
  const v = softmaxCrossEntropy(z, labels, n, c, g);
  const ref = softmaxCrossEntropyNaive(z, labels, n, c);
  let e = 0;
  for (let i = 0; i < n * c; i++) e = Math.max(e, Math.abs(g[i]! - ref.grad[i]!));
  check('softmax-ce value', Math.abs(v - ref.loss) < 1e-5 * Math.abs(ref.loss), `${v} vs ${ref.loss}`);
  check('softmax-ce grad', e < 1e-7, `max abs error ${e}`);
}

// plain loss gradients by finite differences (inputs as float32, perturbation in float64 via a copy)
for (const name of Object.keys(PLAIN_LOSSES)) {
  const fn = PLAIN_LOSSES[name]!;
  const n = 6, c = 5;
  const inputs = zooInputs(name, n, c).map((t) => t.data);
  const x0 = inputs[0] as Float32Array;
  const grad = new Float32Array(x0.length);
  fn(inputs, n, c, grad);
  const scratch = new Float32Array(x0.length);
  const value = (x: Float64Array): number => {
    // evaluate in float64 by keeping the perturbation in the (float32) input exactly representable
    for (let i = 0; i < x.length; i++) scratch[i] = x[i]!;
    return fn([scratch, ...inputs.slice(1)], n, c, new Float32Array(x0.length));
  };
  let worst = 0, at = -1;
  const x = Float64Array.from(x0);
  for (let i = 0; i < x.length; i++) {
    const h = 1e-3 * Math.max(0.1, Math.abs(x[i]!));
    const xi = x[i]!;
    x[i] = xi + h;
    const up = value(x);
    x[i] = xi - h;
    const dn = value(x);
    x[i] = xi;
    const hp = Math.fround(xi + h) - xi, hm = xi - Math.fround(xi - h);
    const num = (up - dn) / (hp + hm);
    const err = Math.abs(num - grad[i]!) / (Math.abs(num) + Math.abs(grad[i]!) + 1e-3);
    if (err > worst) {
      worst = err;
      at = i;
    }
  }
  check(`plain ${name} gradient`, worst < 2e-2, `worst rel error ${worst.toExponential(2)} at ${at}: analytic ${grad[at]}`);
}

// cross-check against tfjs
if (!process.argv.includes('--no-tfjs')) {
  const { makeTfjsPeer } = await import('./peers/tfjs.js');
  const tf = await makeTfjsPeer();
  for (const name of Object.keys(ZOO)) {
    const inputs = zooInputs(name);
    const w = tf.loss!(name, inputs);
    if (typeof w === 'string') continue;
    const p = plainPeer.loss!(name, inputs);
    if (typeof p === 'string') continue;
    const tv = w(), pv = p();
    const expected = name === 'cosineSimilarityLoss' ? 1 + pv : pv; // tfjs cosineDistance = 1 - cos
    check(`tfjs vs plain ${name}`, Math.abs(tv - expected) <= 1e-4 * (1 + Math.abs(expected)), `tfjs ${tv}, plain ${expected}`);
  }
  {
    const r = new Rng(9);
    const n = 64, c = 1000;
    const z = r.normalArray(n * c, 2), labels = r.intArray(n, c);
    const tv = tf.softmaxCe!(z, labels, n, c)();
    const pv = plainPeer.softmaxCe!(z, labels, n, c)();
    check('tfjs vs plain softmax-ce', Math.abs(tv - pv) < 1e-4 * pv, `tfjs ${tv}, plain ${pv}`);
  }
  {
    const d = mlpData();
    const ts = tf.mlpStep!(d), ps = plainPeer.mlpStep!(d);
    const tl: number[] = [], pl: number[] = [];
    for (let i = 0; i < 5; i++) {
      tl.push(ts());
      pl.push(ps());
    }
    const e = Math.max(...tl.map((v, i) => Math.abs(v - pl[i]!)));
    check(`tfjs vs plain mlp-step losses over 5 steps (lr ${MLP.lr})`, e < 1e-4 && pl[4]! < pl[0]!, `tfjs ${tl.join(', ')}; plain ${pl.join(', ')}`);
  }
}

process.stdout.write(`selfcheck: ${passes} passed, ${failures} failed\n`);
process.exitCode = failures ? 1 : 0;
