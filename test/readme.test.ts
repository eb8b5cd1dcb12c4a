/** The README's fifteen-line example runs as written (with 'tapegrad' pointing at src/). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

test('README example runs and prints the loss, the gradient and tanh’’', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = readme.split('## Fifteen lines')[1].split('```ts')[1].split('```')[0];
  const entry = pathToFileURL(join(process.cwd(), 'src/index.ts')).href;
  const dir = mkdtempSync(join(process.cwd(), '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, block.replace("from 'tapegrad'", `from '${entry}'`));
    console.log = (...args: unknown[]) => logged.push(args);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  const [[loss, wGrad], [second]] = logged as [[number, number[][]], [number]];
  assert.ok(Number.isFinite(loss) && loss > 0);
  assert.equal(wGrad.length, 2);
  const t = Math.tanh(0.5);
  assert.ok(Math.abs(second - -2 * t * (1 - t * t)) < 1e-6);
});

test.run();
