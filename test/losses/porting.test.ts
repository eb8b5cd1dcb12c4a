/**
 * docs/porting.md: each ts block runs as written and prints the number the framework gives —
 * PyTorch 1.13's (computed with torch.nn from the same lines) and Keras 3's docstring values.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runDocBlock, tsBlocks } from '../doc-blocks.js';

const blocks = tsBlocks('docs/porting.md');
const close = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

test('docs/porting.md has the PyTorch and the Keras block', () => {
  assert.is(blocks.length, 2);
});

test('the PyTorch seed lines give PyTorch 1.13’s numbers (float64)', async () => {
  const [[mse, grad, weighted, smoothed, bce, kl, dice, ctc]] = (await runDocBlock(blocks[0], 'porting-torch')) as [[number, number[][], number, number, number, number, number, number]];
  // torch: nn.MSELoss()(output, target) and output.grad; CrossEntropyLoss(weight); cross_entropy(label_smoothing=0.1, ignore_index=1);
  // BCEWithLogitsLoss(weight, 'sum', pos_weight); KLDivLoss('batchmean', log_target=True); the seed's DiceLoss; CTCLoss()
  close(mse, 0.375, 1e-15, 'MSELoss');
  assert.equal(grad, [[-0.25, 0.25], [0, -0.5]]);
  close(weighted, 0.4913456554437056, 1e-12, 'CrossEntropyLoss(weight)');
  close(smoothed, 0.3639119914400547, 1e-12, 'cross_entropy(label_smoothing, ignore_index)');
  close(bce, 1.3087996563839337, 1e-12, 'BCEWithLogitsLoss');
  close(kl, 0.32192188896943996, 1e-12, 'KLDivLoss');
  close(dice, 0.16244717597939262, 1e-12, 'DiceLoss');
  close(ctc, 1.3577724535023223, 1e-12, 'CTCLoss');
});

test('the Keras lines give Keras 3’s docstring numbers (float32)', async () => {
  const [[plain, weightedScce, weightedBce, perSample]] = (await runDocBlock(blocks[1], 'porting-keras')) as [[number, number, number, number[]]];
  close(plain, 1.177, 1e-3, 'SparseCategoricalCrossentropy');
  close(weightedScce, 0.814, 1e-3, 'SparseCategoricalCrossentropy, sample_weight');
  close(weightedBce, 0.243, 1e-3, 'BinaryCrossentropy(from_logits), sample_weight');
  close(perSample[0], 1.7413, 1e-4, 'from logits, sample 0');
  close(perSample[1], 0.1698, 1e-4, 'from logits, sample 1');
});

test('the README’s loss block: one line from each framework, each framework’s number', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = readme.split('## Losses')[1].split('```ts')[1].split('```')[0];
  const [[a, b, c]] = (await runDocBlock(block, 'readme-losses')) as [[number, number, number]];
  close(a, 0.3478323221206665, 1e-6, 'nn.CrossEntropyLoss(weight, label_smoothing)'); // torch 1.13, float32
  const per = [0.24131, 0.16984]; // cross-entropy of each row (float32)
  close(b, (0.3 * per[0] + 0.7 * per[1]) / 2, 1e-4, 'SparseCategoricalCrossentropy(from_logits), sample_weight');
  close(c, 0.20557, 1e-4, 'logitcrossentropy');
});

test.run();
