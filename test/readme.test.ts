/** The README's fifteen-line example runs as written (with 'tapegrad' pointing at src/). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { runDocBlock } from './doc-blocks.js';

test('README example runs and prints the loss, the gradient and tanh’’', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = readme.split('## Fifteen lines')[1].split('```ts')[1].split('```')[0];
  const logged = await runDocBlock(block, 'example');
  const [[loss, wGrad], [second]] = logged as [[number, number[][]], [number]];
  assert.ok(Number.isFinite(loss) && loss > 0);
  assert.equal(wGrad.length, 2);
  const t = Math.tanh(0.5);
  assert.ok(Math.abs(second - -2 * t * (1 - t * t)) < 1e-6);
});

test.run();
