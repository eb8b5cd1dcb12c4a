/** Every ts block of docs/transforms.md runs as written (with 'tapegrad' pointing at src/) and prints what its comments say. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function run(block: string, name: string): Promise<unknown[][]> {
  const entry = pathToFileURL(join(process.cwd(), 'src/index.ts')).href;
  const dir = mkdtempSync(join(process.cwd(), '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  try {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, block.replace("from 'tapegrad'", `from '${entry}'`));
    console.log = (...args: unknown[]) => logged.push(args);
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  return logged;
}

const blocks = readFileSync(new URL('../docs/transforms.md', import.meta.url), 'utf8').split('```ts').slice(1).map((b) => b.split('```')[0]);

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
