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
  // The same numbers in plain JS: mean cross-entropy of x·w against y, and its gradient xᵀ(softmax − onehot)/N.
  const w = [[0.5, -0.2], [0.1, 0.3]], x = [[1, 2], [3, 4], [5, 6]], y = [1, 0, 1];
  let want = 0;
  const wantGrad = [[0, 0], [0, 0]];
  x.forEach((row, n) => {
    const z = [0, 1].map((c) => row[0] * w[0][c] + row[1] * w[1][c]);
    const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), s = e[0] + e[1];
    want += (Math.log(s) + m - z[y[n]]) / x.length;
    for (let i = 0; i < 2; i++) for (let c = 0; c < 2; c++) wantGrad[i][c] += (row[i] * (e[c] / s - (c === y[n] ? 1 : 0))) / x.length;
  });
  assert.ok(Math.abs(loss - want) < 1e-6, `loss ${loss}, want ${want}`);
  wGrad.flat().forEach((g, i) => assert.ok(Math.abs(g - wantGrad.flat()[i]) < 1e-5, `d loss/d w ${wGrad}, want ${wantGrad}`));
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
