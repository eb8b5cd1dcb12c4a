/** Every ts block of docs/nn.md, docs/optim.md and docs/data.md runs as written and prints what its comments say. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runDocBlock, tsBlocks } from './doc-blocks.js';

/** Runs block `index` of docs/`doc`. */
const run = (doc: string, index: number) => runDocBlock(tsBlocks(`docs/${doc}`)[index]!, `${doc.replace('.md', '')}-${index}`);

test('docs/optim.md: the training loop lowers the loss and ends the warm-up at the base rate', async () => {
  const [[fell, lr]] = (await run('optim.md', 0)) as [[boolean, number]];
  assert.ok(fell);
  assert.ok(Math.abs(lr - 0.02) < 1e-12, String(lr));
});

test('docs/optim.md: the checkpoint resumes to the same weights', async () => {
  const [[resumed, straight]] = (await run('optim.md', 1)) as [[number[][], number[][]]];
  assert.equal(resumed, straight);
});

test('docs/nn.md: the Sequential example and the custom layer', async () => {
  const [[shape, names, lr]] = (await run('nn.md', 0)) as [[number[], string[], number]];
  assert.equal([shape, names, lr], [[8, 1], ['layers.0.weight', 'layers.0.bias', 'layers.3.weight', 'layers.3.bias'], 0.01]);
  const [[shape2, count]] = (await run('nn.md', 1)) as [[number[], number]];
  assert.equal([shape2, count], [[4, 8], 2]);
});

test('docs/data.md: the pipeline and the Generator state round trip', async () => {
  const [[rows, testShape, dtype]] = (await run('data.md', 0)) as [[number, number[], string]];
  assert.equal([rows, testShape, dtype], [800, [200, 2], 'int32']);
  const [[a, b, shape]] = (await run('data.md', 1)) as [[number[], number[], number[]]];
  assert.equal(a, b);
  assert.equal(shape, [4, 4]);
});

test.run();
