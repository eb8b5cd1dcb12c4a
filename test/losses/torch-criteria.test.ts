/**
 * The criterion classes of losses.torch (also under nn): each equals its function on the first
 * PyTorch case of test/fixtures/torch-losses.json, is a Module drawn as a named box, checks its
 * options at construction naming the class, and keeps tensor options as buffers (PyTorch's weight).
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, losses, nn, printGraph, tensor, toDot, type Tensor } from '../../src/index.js';
import { mismatch, toOpts, toTensor, type Case } from './_fixtures.js';

const cases: Case[] = JSON.parse(readFileSync(new URL('../fixtures/torch-losses.json', import.meta.url), 'utf8')).cases;
type Ctor = new (opts?: Record<string, unknown>) => { forward: (...a: unknown[]) => Tensor };
const classOf: Record<string, string> = {
  l1Loss: 'L1Loss', mseLoss: 'MSELoss', crossEntropy: 'CrossEntropyLoss', ctcLoss: 'CTCLoss', nllLoss: 'NLLLoss',
  poissonNllLoss: 'PoissonNLLLoss', gaussianNllLoss: 'GaussianNLLLoss', klDiv: 'KLDivLoss', binaryCrossEntropy: 'BCELoss',
  binaryCrossEntropyWithLogits: 'BCEWithLogitsLoss', marginRankingLoss: 'MarginRankingLoss', hingeEmbeddingLoss: 'HingeEmbeddingLoss',
  multilabelMarginLoss: 'MultiLabelMarginLoss', huberLoss: 'HuberLoss', smoothL1Loss: 'SmoothL1Loss', softMarginLoss: 'SoftMarginLoss',
  multilabelSoftMarginLoss: 'MultiLabelSoftMarginLoss', cosineEmbeddingLoss: 'CosineEmbeddingLoss', multiMarginLoss: 'MultiMarginLoss',
  tripletMarginLoss: 'TripletMarginLoss', tripletMarginWithDistanceLoss: 'TripletMarginWithDistanceLoss',
};
const T = losses.torch as unknown as Record<string, Ctor>;
const N = nn as unknown as Record<string, Ctor>;

test('21 criterion classes, the same objects under losses.torch and nn', () => {
  assert.is(Object.keys(classOf).length, 21);
  for (const name of Object.values(classOf)) {
    assert.type(T[name], 'function', name);
    assert.is(N[name], T[name], name);
  }
  assert.is(nn.CrossEntropyLoss, losses.torch.CrossEntropyLoss);
});

for (const [fn, cls] of Object.entries(classOf)) {
  const c = cases.find((k) => k.loss === fn && !('distanceFunction' in k.opts) && !('inputTransform' in k.opts) && k.grads.some((g) => g))
    ?? cases.find((k) => k.loss === fn && !('inputTransform' in k.opts))!;
  test(`${cls}: forward gives PyTorch's number (${c.name}) and gradient, inside a box named ${cls}`, () => {
    const args = c.args.map((a) => toTensor(a));
    const criterion = new T[cls](toOpts(c.opts));
    const out = criterion.forward(...args);
    assert.is(mismatch(out, c.value), null);
    const k = c.grads.findIndex((g) => g);
    if (k >= 0) {
      const g = grad((x: Tensor) => criterion.forward(...args.map((a, i) => (i === k ? x : a))).sum())(args[k]);
      assert.is(mismatch(g, c.grads[k]!), null);
    }
    const leaf = tensor(args[0], { requiresGrad: true });
    const graph = printGraph(criterion.forward(leaf, ...args.slice(1)));
    assert.is(graph.split('\n')[0], cls);
    assert.ok(graph.includes(`torch.${fn}`), graph);
  });
}

test('options are checked at construction, naming the class and the option', () => {
  assert.throws(() => new nn.CrossEntropyLoss({ reducton: 'sum' } as never), /^CrossEntropyLoss: unknown option 'reducton' .*did you mean 'reduction'/);
  assert.throws(() => new nn.KLDivLoss({ reduction: 'avg' } as never), /KLDivLoss: option reduction must be one of 'mean', 'sum', 'none', 'batchmean', got 'avg'/);
  assert.throws(() => new nn.MultiMarginLoss({ p: 3 } as never), /MultiMarginLoss: option p must be one of 1, 2/);
  assert.throws(() => new nn.CTCLoss({ blank: -1 }), /CTCLoss: option blank/);
});

test('a tensor option is a buffer (in the state dict, not a parameter), as PyTorch registers weight', () => {
  const weight = tensor([1, 2, 3], { dtype: 'float64' });
  const criterion = new nn.CrossEntropyLoss({ weight, labelSmoothing: 0.1 });
  assert.equal(criterion.parameters(), []);
  assert.equal(Object.keys(criterion.stateDict()), ['weight']);
  const x = tensor([[2, 0, -1], [0, 1, 0]], { dtype: 'float64' }), y = tensor([0, 2], { dtype: 'int32' });
  const before = criterion.forward(x, y).item();
  assert.ok(Math.abs(before - losses.torch.crossEntropy(x, y, { weight, labelSmoothing: 0.1 }).item()) < 1e-15);
  criterion.loadStateDict({ weight: tensor([1, 1, 1], { dtype: 'float64' }) });
  assert.ok(Math.abs(criterion.forward(x, y).item() - losses.torch.crossEntropy(x, y, { labelSmoothing: 0.1 }).item()) < 1e-15);
});

test('inside a model, the criterion is named by its field (a box in toDot)', () => {
  class Model extends nn.Module {
    fc = new nn.Linear(3, 2);
    criterion = new nn.MSELoss();
    forward(x: Tensor): Tensor {
      return this.criterion.forward(this.fc.forward(x), x.slice(1, 0, 2));
    }
  }
  const model = new Model();
  const dot = toDot(model.forward(tensor([[1, 2, 3]])), { params: model });
  assert.ok(dot.includes('label="criterion"') || dot.includes('criterion'), dot);
  assert.ok(dot.includes('torch.mseLoss'), dot);
  assert.ok(printGraph(model.forward(tensor([[1, 2, 3]]))).includes('  criterion'));
});

test.run();
