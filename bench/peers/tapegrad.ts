// tapegrad as a benchmark peer, through its public API (docs/design.md). The library is loaded at
// run time from the entry the registry names: the built dist/index.js under plain node (the
// default, as a user runs it), or src/index.ts when the worker runs through tsx. Only its types
// come from src at compile time. The loss library and the optimizers are looked up on the module
// namespace, since they are written concurrently: a loss missing from bench/loss-zoo.ts is skipped
// with a note, and the MLP step falls back to a hand-written SGD update when SGD is not exported.
import { pathToFileURL } from 'node:url';
import type * as Tapegrad from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { LENET, MLP, OP_CHAIN, TRANSFORMER, type MlpData } from '../common.js';
import { ZOO, type ZooInput } from '../loss-zoo.js';
import type { Peer, Work } from '../peer.js';

type LossFn = (...args: unknown[]) => Tensor;
interface Optimizer {
  step(): void;
  zeroGrad(): void;
}
type OptimizerCtor = new (params: Tensor[], opts: { lr: number }) => Optimizer;

/** p -= lr * p.grad, in place, without recording (fallback when optim.SGD is not available). */
function sgdInPlace(tg: typeof Tapegrad, params: Tensor[], lr: number): void {
  tg.noGrad(() => {
    for (const p of params) {
      const g = p.grad;
      if (!g) continue;
      const nd = p.data;
      const dst = nd.data as Float32Array;
      const src = g.contiguous().toArray().flat(Infinity) as number[];
      if (nd.offset !== 0 || src.length !== p.size) throw new Error('sgdInPlace: expected a contiguous parameter');
      for (let i = 0; i < src.length; i++) dst[i] = dst[i]! - lr * src[i]!;
      p.zeroGrad();
    }
  });
}

export async function makeTapegradPeer(entry: string): Promise<Peer> {
  const tg = (await import(pathToFileURL(entry).href)) as typeof Tapegrad;
  // `npm run bench -- --threads=N`: products of ≥ 2²² multiply-adds (plain and staged) on N threads
  const threads = Number(process.env['BENCH_THREADS'] ?? 1);
  if (threads > 1) await tg.setThreads(threads);
  const ns = tg as unknown as Record<string, unknown>;
  const losses = tg.losses as unknown as Record<string, unknown>;
  const f32 = (data: Float32Array, shape: number[], requiresGrad = false): Tensor =>
    tg.tensor(data, { dtype: 'float32', shape, requiresGrad });
  const i32 = (data: Int32Array, shape: number[]): Tensor => tg.tensor(data, { dtype: 'int32', shape });
  const toTensor = (t: ZooInput, requiresGrad: boolean): Tensor =>
    t.data instanceof Int32Array ? i32(t.data, t.shape) : f32(t.data, t.shape, requiresGrad);
  const lossFn = (name: string): LossFn | null => {
    const fn = losses[name];
    return typeof fn === 'function' ? (fn as LossFn) : null;
  };
  // Until losses.logitCrossentropy is exported, compose it from primitives (noted in the results).
  const hasCE = lossFn('logitCrossentropy') !== null;
  const logitCE: LossFn =
    lossFn('logitCrossentropy') ??
    ((z: unknown, y: unknown): Tensor => {
      const logits = z as Tensor;
      const labels = y as Tensor;
      return logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
    });
  const SGD = typeof ns['SGD'] === 'function' ? (ns['SGD'] as OptimizerCtor) : null;

  return {
    name: 'tapegrad',
    matmul(n: number, a: Float32Array, b: Float32Array): Work {
      const A = f32(a, [n, n]);
      const B = f32(b, [n, n]);
      return () => {
        A.matmul(B);
        return NaN;
      };
    },
    softmaxCe(logits: Float32Array, labels: Int32Array, n: number, c: number): Work {
      const Z = f32(logits, [n, c], true);
      const Y = i32(labels, [n]);
      return () => {
        const loss = logitCE(Z, Y);
        loss.backward();
        const v = loss.item();
        Z.zeroGrad();
        return v;
      };
    },
    mlpStep(d: MlpData): Work {
      const { inp, hidden, out, lr } = MLP;
      const { batch } = d;
      const X = f32(d.x, [batch, inp]);
      const Y = i32(d.labels, [batch]);
      const params = [
        f32(Float32Array.from(d.w1), [inp, hidden], true),
        f32(Float32Array.from(d.b1), [hidden], true),
        f32(Float32Array.from(d.w2), [hidden, out], true),
        f32(Float32Array.from(d.b2), [out], true),
      ] as const;
      const [w1, b1, w2, b2] = params;
      const opt = SGD ? new SGD([...params], { lr }) : null;
      return () => {
        opt?.zeroGrad();
        const logits = X.matmul(w1).add(b1).relu().matmul(w2).add(b2);
        const loss = logitCE(logits, Y);
        loss.backward();
        if (opt) opt.step();
        else sgdInPlace(tg, [...params], lr);
        return loss.item();
      };
    },
    lenetStep(x: Float32Array, labels: Int32Array): Work {
      const { batch, side, lr } = LENET;
      const { nn } = tg;
      tg.manualSeed(0);
      const model = new nn.Sequential(
        new nn.Conv2d(1, 6, 5), new nn.ReLU(), new nn.MaxPool2d(2),
        new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
        new nn.Flatten(), new nn.Linear(256, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10),
      );
      const X = f32(x, [batch, 1, side, side]), Y = i32(labels, [batch]);
      const opt = new tg.SGD(model.parameters(), { lr });
      return () => {
        opt.zeroGrad();
        const loss = logitCE(model.forward(X), Y);
        loss.backward();
        opt.step();
        return loss.item();
      };
    },
    transformerStep(x: Int32Array, y: Int32Array): Work {
      const { batch, T, vocab, dim, heads, ff, lr } = TRANSFORMER;
      const { nn } = tg;
      tg.manualSeed(0);
      const tok = new nn.Embedding(vocab, dim), pos = new nn.Embedding(T, dim);
      const block = new nn.TransformerBlock(dim, heads, { ffDim: ff }), norm = new nn.LayerNorm(dim), head = new nn.Linear(dim, vocab);
      const params = [tok, pos, block, norm, head].flatMap((m) => m.parameters());
      const X = i32(x, [batch, T]), Y = i32(y, [batch * T]), P = i32(Int32Array.from({ length: T }, (_, i) => i), [T]);
      const opt = new tg.Adam(params, { lr });
      return () => {
        opt.zeroGrad();
        const h = block.forward(tok.forward(X).add(pos.forward(P)));
        const loss = logitCE(head.forward(norm.forward(h)).reshape([batch * T, vocab]), Y);
        loss.backward();
        opt.step();
        return loss.item();
      };
    },
    opOverhead(x: Float32Array): Work {
      const X = f32(x, [x.length], true);
      return () => {
        let y: Tensor = X;
        for (let i = 0; i < OP_CHAIN.ops; i++) {
          const k = i % 3;
          y = k === 0 ? y.mul(OP_CHAIN.mul) : k === 1 ? y.add(OP_CHAIN.add) : y.tanh();
        }
        y.sum().backward();
        X.zeroGrad();
        return NaN;
      };
    },
    workloadNote(workload: string): string | undefined {
      const notes: string[] = [];
      if (!hasCE && (workload === 'softmax-ce' || workload === 'mlp-step' || workload === 'memory')) {
        notes.push('logitCrossentropy not exported: composed as -mean(gather(logSoftmax))');
      }
      if (!SGD && (workload === 'mlp-step' || workload === 'memory')) notes.push('SGD not exported: manual update under noGrad');
      return notes.length ? notes.join('; ') : undefined;
    },
    lossNames(): string[] {
      return Object.keys(losses).filter((k) => typeof losses[k] === 'function');
    },
    loss(name: string, inputs: ZooInput[]): Work | string {
      const fn = lossFn(name);
      if (!fn) return 'not a function in tapegrad losses';
      const ts = inputs.map((t, i) => toTensor(t, i === 0));
      const opts = ZOO[name]?.opts;
      const args: unknown[] = opts ? [...ts, opts] : ts;
      const x = ts[0]!;
      return () => {
        const loss = fn(...args);
        loss.backward();
        const v = loss.item();
        x.zeroGrad();
        return v;
      };
    },
  };
}
