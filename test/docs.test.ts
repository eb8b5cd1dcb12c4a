/** Every ts block of docs/transforms.md runs as written (with 'tapegrad' pointing at src/) and prints what its comments say. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runDocBlock as run, tsBlocks } from './doc-blocks.js';

const blocks = tsBlocks('docs/transforms.md');

test('docs/transforms.md: the custom op passes gradcheck and gradgradcheck and shows in the graph under its name', async () => {
  const [[first, second], [graph]] = (await run(blocks[0], 'custom')) as [[boolean, boolean], [string]];
  assert.ok(first && second);
  assert.match(graph, /^#(\d+) legendre3 \[9\] <- leaf\[9\]\n#\d+ sum \[\] <- #\1$/);
});

test('docs/transforms.md: hvp of an MLP loss gives one product per parameter', async () => {
  const [[shapes]] = (await run(blocks[1], 'hvp')) as [[number[][]]];
  assert.equal(shapes, [[8, 3], [8], [1, 8], [1]]);
});

test('docs/transforms.md: the other transforms give the documented shapes', async () => {
  const [shapes] = await run(blocks[2], 'others');
  assert.equal(shapes, [[3], [3], [3], [3, 3], [3, 3], [3]]);
});

test.run();
