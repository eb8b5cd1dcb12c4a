/** The README's examples run as written (with 'tapegrad' pointing at src/). */
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

test('README step-through example: printSteps shows every step, and the walk equals backward() bit for bit', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split('### Step through backward()')[1]!;
  const logged = await runDocBlock(section.split('```ts')[1]!.split('```')[0]!, 'steps');
  const [[text], [walked, plain]] = logged as [[string], [number[], number[]]];
  const shown = section.split('```text')[1]!.split('```')[0]!.split('\n').filter((l) => l && l !== '...');
  // tape ids count every node recorded in the process: compare them as #n
  const ids = (l: string) => l.replace(/#\d+/g, '#n');
  const printed = text.split('\n').map(ids);
  for (const line of shown) assert.ok(printed.includes(ids(line)), `README shows a line the example does not print: ${line}`);
  assert.equal(walked, plain);
});

test.run();
