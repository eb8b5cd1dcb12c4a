/** Every ts block of docs/nn.md, docs/optim.md and docs/data.md runs as written and prints what its comments say. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const src = (f: string) => pathToFileURL(join(process.cwd(), 'src', f)).href;

async function run(doc: string, index: number): Promise<unknown[][]> {
  const text = readFileSync(new URL(`../docs/${doc}`, import.meta.url), 'utf8');
  const block = text.split('```ts').slice(1).map((b) => b.split('```')[0]!)[index]!;
  const dir = mkdtempSync(join(process.cwd(), '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  try {
    const file = join(dir, `${doc.replace('.md', '')}-${index}.ts`);
    writeFileSync(file, block.replace("from 'tapegrad/node'", `from '${src('node.ts')}'`).replace(/from 'tapegrad'/g, `from '${src('index.ts')}'`));
    console.log = (...args: unknown[]) => logged.push(args);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  return logged;
}

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
