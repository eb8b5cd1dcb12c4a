/**
 * The graph of a composite loss, drawn: 0.5·logitCrossentropy + 0.5·diceCoeffLoss + weight decay
 * on a small MLP, laid out by Graphviz (wasm, @hpcc-js/wasm-graphviz) into examples/out/:
 *   graph-composite-ops.svg     every op, with each node's gradient norm
 *   graph-composite-layers.svg  each layer as one box, the loss terms in full
 *   graph-composite-terms.svg   the model and each loss term as one box
 *
 *   npm run example:graph
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { data, losses, manualSeed, nn, oneHot, printGraph, retainGrads, scope, toDot, type DotOptions, type Tensor } from '../src/index.js';
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

export async function run(opts: ExampleOptions = {}) {
  const r = new Reporter('graph', opts);
  manualSeed(opts.seed ?? 0);
  const { x, y } = data.spirals(60, { seed: opts.seed ?? 0 });
  const model = new nn.MLP([2, 8, 3], 'tanh');
  const loss = compositeLoss(model, x, y);
  retainGrads(loss);
  loss.backward(undefined, { retainGraph: true });
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
  return { loss: loss.item(), dots, files: r.files };
}

if (isMain(import.meta.url)) await run();
