/**
 * The graph of a composite loss, drawn: 0.5·logitCrossentropy + 0.5·diceCoeffLoss + weight decay
 * on a small MLP, laid out by Graphviz (wasm, @hpcc-js/wasm-graphviz) into examples/out/:
 *   graph-composite-ops.svg     every op, with each node's gradient norm
 *   graph-composite-layers.svg  each layer as one box, the loss terms in full
 *   graph-composite-terms.svg   the model and each loss term as one box
 *   graph-transformer.svg       a causal transformer block's language-model loss (as in charlm),
 *                               each layer inside the block as one box
 *
 *   npm run example:graph
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { data, losses, manualSeed, nn, oneHot, printGraph, retainGrads, scope, tensor, toDot, type DotOptions, type Tensor } from '../src/index.js';
import { isMain, Reporter, type ExampleOptions } from './lib/common.js';

/** 0.5·logitCrossentropy(z, y) + 0.5·diceCoeffLoss(softmax(z), oneHot(y)) + λ·Σ‖W‖² over the weight matrices. */
export function compositeLoss(model: nn.MLP, x: Tensor, y: Tensor, lambda = 1e-3): Tensor {
  const z = model.forward(x);
  const ce = losses.logitCrossentropy(z, y);
  const dice = losses.diceCoeffLoss(z.softmax(1), oneHot(y, z.shape[1]!));
  const decay = scope('weightDecay', () =>
    model.parameters().filter((p) => p.ndim === 2).map((w) => w.square().sum()).reduce((a, b) => a.add(b)).mul(lambda));
  return ce.mul(0.5).add(dice.mul(0.5)).add(decay);
}

/** Token embedding → one causal TransformerBlock → Linear head: logits [B, T, vocab] for ids [B, T]. */
export class TinyLM extends nn.Module {
  readonly tok: nn.Embedding;
  readonly block: nn.TransformerBlock;
  readonly head: nn.Linear;
  constructor(vocab: number, dim: number, heads: number) {
    super();
    this.tok = new nn.Embedding(vocab, dim);
    this.block = new nn.TransformerBlock(dim, heads, { ffDim: 2 * dim });
    this.head = new nn.Linear(dim, vocab);
  }
  forward(ids: Tensor): Tensor {
    return this.head.forward(this.block.forward(this.tok.forward(ids)));
  }
}

/** Next-token loss of TinyLM on 2 sequences of 4 token ids (vocab 6): logitCrossentropy over the B·T positions. */
export function transformerLoss(): { model: TinyLM; loss: Tensor } {
  const vocab = 6, B = 2, T = 4;
  const model = new TinyLM(vocab, 8, 2);
  const ids = tensor(Int32Array.from([0, 3, 1, 4, 0, 2, 5, 1]), { shape: [B, T] });
  const next = tensor(Int32Array.from([3, 1, 4, 0, 2, 5, 1, 0]), { shape: [B * T] });
  const loss = losses.logitCrossentropy(model.forward(ids).reshape([B * T, vocab]), next);
  return { model, loss };
}

export async function run(opts: ExampleOptions = {}) {
  const r = new Reporter('graph', opts);
  manualSeed(opts.seed ?? 0);
  const { x, y } = data.spirals(60, { seed: opts.seed ?? 0 });
  const model = new nn.MLP([2, 8, 3], 'tanh');
  const loss = compositeLoss(model, x, y);
  retainGrads(loss);
  loss.backward(); // the structure outlives backward: printGraph and toDot read it afterwards
  r.log(printGraph(loss, { params: model }));

  const graphviz = await Graphviz.load();
  const layers = model.layers.map((_, i) => `MLP/layers.${i}`);
  const views: Array<[string, DotOptions]> = [
    ['ops', {}],
    ['layers', { collapse: layers }],
    ['terms', { collapse: true }],
  ];
  const dots: Record<string, string> = {};
  for (const [name, view] of views) {
    dots[name] = toDot(loss, { params: model, grads: true, ...view });
    r.svg(`graph-composite-${name}.svg`, () => graphviz.dot(dots[name]!));
  }

  // The transformer block stays open (its residual adds and gelu drawn as ops); each layer inside it,
  // the embedding and the head are one box each, the loss in full.
  const lm = transformerLoss();
  retainGrads(lm.loss);
  lm.loss.backward();
  dots.transformer = toDot(lm.loss, { params: lm.model, grads: true, collapse: ['tok', 'selfAttn', 'norm1', 'norm2', 'linear1', 'linear2', 'head'] });
  r.svg('graph-transformer.svg', () => graphviz.dot(dots.transformer!));
  return { loss: loss.item(), dots, files: r.files };
}

if (isMain(import.meta.url)) await run();
