// TensorFlow.js 4.22 (tfjs-core + the pure-JS cpu backend) as a benchmark peer.
//
// Setup notes:
// - tfjs-core's Node entry (dist/tf-core.node.js, CommonJS) registers no gradient functions and no
//   chained ops: `tf.grad` fails with "gradient function not found for RealDiv" etc. The
//   registrations ship only as ES modules (dist/register_all_gradients.js) with extensionless
//   relative imports, in a package without "type": "module", so Node cannot import them directly.
//   ./tfjs-esm-hooks.mjs teaches Node to load that ESM build; the ESM copy registers the gradients
//   into the same global registry (tfjs keeps engine and registries on globalThis), which is what
//   the @tensorflow/tfjs umbrella package does by bundling the same file.
// - The package is imported with a computed specifier and typed by the small `Tf` interface below,
//   so the root typecheck passes without bench/node_modules installed.
import { register } from 'node:module';
import type { MlpData } from '../common.js';
import { LENET, MLP, OP_CHAIN, oneHotF32, Rng } from '../common.js';
import type { ZooInput } from '../loss-zoo.js';
import { ZOO_C } from '../loss-zoo.js';
import type { Peer, Work } from '../peer.js';

// ----- the slice of the tfjs-core API used here -----
interface TfTensor {
  readonly shape: number[];
  dataSync(): Float32Array | Int32Array | Uint8Array;
  dispose(): void;
}
interface TfVariable extends TfTensor {
  assign(t: TfTensor): void;
}
type TensorLike = TfTensor | number;
interface TfOptimizer {
  minimize(f: () => TfTensor, returnCost?: boolean, varList?: TfVariable[]): TfTensor | null;
}
interface TfLosses {
  meanSquaredError(labels: TfTensor, preds: TfTensor): TfTensor;
  absoluteDifference(labels: TfTensor, preds: TfTensor): TfTensor;
  huberLoss(labels: TfTensor, preds: TfTensor, weights?: TfTensor, delta?: number): TfTensor;
  logLoss(labels: TfTensor, preds: TfTensor, weights?: TfTensor, epsilon?: number): TfTensor;
  sigmoidCrossEntropy(labels: TfTensor, logits: TfTensor): TfTensor;
  softmaxCrossEntropy(onehotLabels: TfTensor, logits: TfTensor): TfTensor;
  hingeLoss(labels: TfTensor, preds: TfTensor): TfTensor;
  cosineDistance(labels: TfTensor, preds: TfTensor, axis: number): TfTensor;
}
export interface Tf {
  version_core: string;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  ready(): Promise<void>;
  tensor(values: Float32Array | Int32Array, shape?: number[], dtype?: 'float32' | 'int32'): TfTensor;
  variable(t: TfTensor, trainable?: boolean, name?: string): TfVariable;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  add(a: TensorLike, b: TensorLike): TfTensor;
  sub(a: TensorLike, b: TensorLike): TfTensor;
  mul(a: TensorLike, b: TensorLike): TfTensor;
  div(a: TensorLike, b: TensorLike): TfTensor;
  sqrt(a: TfTensor): TfTensor;
  tanh(a: TfTensor): TfTensor;
  relu(a: TfTensor): TfTensor;
  sum(a: TfTensor, axis?: number, keepDims?: boolean): TfTensor;
  tidy<T extends TfTensor>(f: () => T): T;
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: 'valid' | 'same'): TfTensor;
  maxPool(x: TfTensor, filterSize: number, strides: number, pad: 'valid' | 'same'): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
  grad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => TfTensor;
  valueAndGrad(f: (x: TfTensor) => TfTensor): (x: TfTensor) => { value: TfTensor; grad: TfTensor };
  memory(): { numTensors: number; numBytes: number };
  train: { sgd(lr: number): TfOptimizer };
  losses: TfLosses;
}

let loaded: Tf | null = null;

/**
 * Loads tfjs-core + the cpu backend + gradient registrations and selects the cpu backend, or the
 * wasm backend (@tensorflow/tfjs-backend-wasm: XNNPACK kernels, SIMD where it validates; one
 * thread, as Node is not cross-origin isolated and the benchmark is single-thread anyway).
 */
export async function loadTfjs(backend: 'cpu' | 'wasm' = 'cpu'): Promise<Tf> {
  if (loaded) return loaded;
  register('./tfjs-esm-hooks.mjs', import.meta.url);
  const core = '@tensorflow/tfjs-core';
  const cpu = '@tensorflow/tfjs-backend-cpu';
  const grads = '@tensorflow/tfjs-core/dist/register_all_gradients.js';
  const warn = console.warn;
  console.warn = () => {}; // tfjs prints a "use tfjs-node" banner on backend selection
  try {
    const tf = (await import(core)) as Tf;
    await import(cpu);
    await import(grads);
    if (backend === 'wasm') {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm' as string)) as { setThreadsCount(n: number): void };
      wasm.setThreadsCount(1);
    }
    await tf.setBackend(backend);
    await tf.ready();
    tf.tensor(new Float32Array(1), [1]).dispose(); // first use prints the banner: keep it quiet
    if (tf.getBackend() !== backend) throw new Error(`tfjs: backend is ${tf.getBackend()}, expected ${backend}`);
    loaded = tf;
    return tf;
  } finally {
    console.warn = warn;
  }
}

const scalarOf = (t: TfTensor): number => t.dataSync()[0]!;

type TfLossFn = (tf: Tf, pred: TfTensor, rest: TfTensor[]) => TfTensor;

/**
 * tfjs equivalents of the loss-zoo losses (tf.losses.*), with any target conversion done once
 * outside the timed region by `prepare`. Losses absent here have no tfjs-core equivalent.
 */
const TF_LOSSES: Record<string, { prepare?: (tf: Tf, inputs: ZooInput[]) => TfTensor[]; fn: TfLossFn; note?: string }> = {
  mse: { fn: (tf, p, [y]) => tf.losses.meanSquaredError(y!, p) },
  mae: { fn: (tf, p, [y]) => tf.losses.absoluteDifference(y!, p) },
  huberLoss: { fn: (tf, p, [y]) => tf.losses.huberLoss(y!, p, undefined, 1) },
  smoothL1Loss: { fn: (tf, p, [y]) => tf.losses.huberLoss(y!, p, undefined, 1), note: 'huberLoss, delta 1' },
  binaryCrossentropy: { fn: (tf, p, [y]) => tf.losses.logLoss(y!, p, undefined, 2 ** -23), note: 'logLoss' },
  logitBinaryCrossentropy: { fn: (tf, p, [y]) => tf.losses.sigmoidCrossEntropy(y!, p), note: 'sigmoidCrossEntropy' },
  logitCrossentropy: {
    // tfjs takes one-hot labels: convert the class indices once, outside the timed region.
    prepare: (tf, inputs) => [tf.tensor(oneHotF32(inputs[1]!.data as Int32Array, ZOO_C), [inputs[1]!.shape[0]!, ZOO_C])],
    fn: (tf, p, [y]) => tf.losses.softmaxCrossEntropy(y!, p),
    note: 'softmaxCrossEntropy, one-hot labels',
  },
  hingeLoss: {
    // tfjs' hingeLoss takes {0, 1} labels and maps them to {-1, 1} itself.
    prepare: (tf, inputs) => [tf.tensor(Float32Array.from(inputs[1]!.data, (v) => (v + 1) / 2), inputs[1]!.shape)],
    fn: (tf, p, [y]) => tf.losses.hingeLoss(y!, p),
    note: 'hingeLoss, {0,1} labels',
  },
  cosineSimilarityLoss: {
    // tfjs' cosineDistance assumes unit-norm inputs: normalise both inside the graph.
    fn: (tf, p, [y]) => {
      const unit = (t: TfTensor): TfTensor => tf.div(t, tf.sqrt(tf.sum(tf.mul(t, t), 1, true)));
      return tf.losses.cosineDistance(unit(y!), unit(p), 1);
    },
    note: 'cosineDistance of l2-normalised inputs (= 1 + loss)',
  },
};

/** LeNet-5 (common.ts LENET) in NHWC, the layout tfjs convolves in; PyTorch's uniform init bounds. */
function tfjsLenet(tf: Tf, t: (d: Float32Array | Int32Array, s: number[]) => TfTensor, x: Float32Array, labels: Int32Array): Work {
  const { batch, side, classes, lr } = LENET;
  const rng = new Rng(6);
  const param = (shape: number[], fanIn: number): TfVariable =>
    tf.variable(t(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)), shape));
  const c1 = param([5, 5, 1, 6], 25), b1 = param([6], 25), c2 = param([5, 5, 6, 16], 150), b2 = param([16], 150);
  const w3 = param([256, 120], 256), b3 = param([120], 256), w4 = param([120, 84], 120), b4 = param([84], 120), w5 = param([84, 10], 84), b5 = param([10], 84);
  const X = t(x, [batch, side, side, 1]), Y = t(oneHotF32(labels, classes), [batch, classes]);
  const opt = tf.train.sgd(lr);
  const lossFn = (): TfTensor => {
    const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(X, c1, 1, 'valid'), b1)), 2, 2, 'valid');
    const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, c2, 1, 'valid'), b2)), 2, 2, 'valid');
    const f = tf.reshape(h2, [batch, 256]);
    const h3 = tf.relu(tf.add(tf.matMul(f, w3), b3)), h4 = tf.relu(tf.add(tf.matMul(h3, w4), b4));
    return tf.losses.softmaxCrossEntropy(Y, tf.add(tf.matMul(h4, w5), b5));
  };
  const vars = [c1, b1, c2, b2, w3, b3, w4, b4, w5, b5];
  return () => {
    const cost = opt.minimize(lossFn, true, vars);
    if (!cost) return NaN;
    const v = scalarOf(cost);
    cost.dispose();
    return v;
  };
}

export async function makeTfjsPeer(backend: 'cpu' | 'wasm' = 'cpu'): Promise<Peer> {
  const tf = await loadTfjs(backend);
  const t = (data: Float32Array | Int32Array, shape: number[]): TfTensor =>
    tf.tensor(data, shape, data instanceof Int32Array ? 'int32' : 'float32');

  return {
    name: backend === 'cpu' ? 'tfjs' : 'tfjs-wasm',
    matmul(n: number, a: Float32Array, b: Float32Array): Work {
      const A = t(a, [n, n]);
      const B = t(b, [n, n]);
      return () => {
        const c = tf.matMul(A, B);
        c.dispose();
        return NaN;
      };
    },
    softmaxCe(logits: Float32Array, labels: Int32Array, n: number, c: number): Work {
      const Z = t(logits, [n, c]);
      const Y = t(oneHotF32(labels, c), [n, c]);
      const vg = tf.valueAndGrad((z) => tf.losses.softmaxCrossEntropy(Y, z));
      return () => {
        const { value, grad } = vg(Z);
        const v = scalarOf(value);
        value.dispose();
        grad.dispose();
        return v;
      };
    },
    mlpStep(d: MlpData): Work {
      const { inp, hidden, out, lr } = MLP;
      const { batch } = d;
      const X = t(d.x, [batch, inp]);
      const Y = t(oneHotF32(d.labels, out), [batch, out]);
      const w1 = tf.variable(t(d.w1, [inp, hidden]));
      const b1 = tf.variable(t(d.b1, [hidden]));
      const w2 = tf.variable(t(d.w2, [hidden, out]));
      const b2 = tf.variable(t(d.b2, [out]));
      const opt = tf.train.sgd(lr);
      const lossFn = (): TfTensor => {
        const h = tf.relu(tf.add(tf.matMul(X, w1), b1));
        const z = tf.add(tf.matMul(h, w2), b2);
        return tf.losses.softmaxCrossEntropy(Y, z);
      };
      return () => {
        const cost = opt.minimize(lossFn, true, [w1, b1, w2, b2]);
        if (!cost) return NaN;
        const v = scalarOf(cost);
        cost.dispose();
        return v;
      };
    },
    // tfjs-wasm has no Conv2DBackpropFilter kernel: it cannot train a CNN (the row says so).
    ...(backend === 'cpu' ? { lenetStep: (x: Float32Array, labels: Int32Array) => tfjsLenet(tf, t, x, labels) } : {}),
    opOverhead(x: Float32Array): Work {
      const X = t(x, [x.length]);
      const g = tf.grad((v) => {
        let y = v;
        for (let i = 0; i < OP_CHAIN.ops; i++) {
          const k = i % 3;
          y = k === 0 ? tf.mul(y, OP_CHAIN.mul) : k === 1 ? tf.add(y, OP_CHAIN.add) : tf.tanh(y);
        }
        return tf.sum(y);
      });
      return () => {
        const r = tf.tidy(() => g(X));
        r.dispose();
        return NaN;
      };
    },
    lossNames(): string[] {
      return Object.keys(TF_LOSSES);
    },
    loss(name: string, inputs: ZooInput[]): Work | string {
      const spec = TF_LOSSES[name];
      if (!spec) return 'no tfjs-core equivalent';
      const pred = t(inputs[0]!.data, inputs[0]!.shape);
      const rest = spec.prepare ? spec.prepare(tf, inputs) : inputs.slice(1).map((i) => t(i.data, i.shape));
      const vg = tf.valueAndGrad((p) => spec.fn(tf, p, rest));
      return () => {
        const { value, grad } = vg(pred);
        const v = scalarOf(value);
        value.dispose();
        grad.dispose();
        return v;
      };
    },
    lossNote(name: string): string | undefined {
      return TF_LOSSES[name]?.note;
    },
    liveTensors(): number {
      return tf.memory().numTensors;
    },
  };
}
