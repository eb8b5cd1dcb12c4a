/**
 * Steps per second of the moons MLP (2-16-16-1 tanh, logitBinaryCrossentropy, Adam, full batch of
 * 200) in Chromium and in Node, the same bundled code (playground/trainer.ts through esbuild) in
 * both; Node runs it in a plain `node` child process (no tsx). Alternating rounds; medians.
 *   npx tsx scripts/moons-steps.ts [steps] [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startPlayground } from '../playground/serve.js';
import { launchChromium } from '../test/browser/chromium.js';

const steps = Number(process.argv[2] ?? 300), rounds = Number(process.argv[3] ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `import { Trainer } from './playground/trainer.ts';
const t = new Trainer({ dataset: 'moons', loss: 'logitBinaryCrossentropy', options: { posWeight: 1 }, optimizer: 'adam', lr: 0.01, hidden: 16, seed: 0 });
t.step();
const t0 = performance.now();
for (let i = 0; i < ${steps}; i++) t.step();
console.log((1000 * ${steps}) / (performance.now() - t0));`;
const out = await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'browser', minify: true, keepNames: true, write: false, alias: { tapegrad: `${root}src/index.ts` } });
mkdirSync(`${root}.tmp`, { recursive: true });
writeFileSync(`${root}.tmp/moons-steps.mjs`, out.outputFiles[0]!.text);

const browser = await launchChromium();
if (!browser) throw new Error('needs chromium');
const site = await startPlayground();
const node: number[] = [], chrome: number[] = [];
try {
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => (globalThis as any).playground?.steps > 0);
  for (let r = 0; r < rounds; r++) {
    node.push(Number(execFileSync(process.execPath, [`${root}.tmp/moons-steps.mjs`], { encoding: 'utf8' })));
    chrome.push(await page.evaluate((n) => (globalThis as any).playground.benchmark(n), steps));
  }
} finally {
  await browser.close();
  await site.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`moons MLP, ${steps} full-batch steps, ${rounds} rounds`);
console.log(`  node:     ${node.map((v) => v.toFixed(0)).join(', ')} steps/s (median ${median(node).toFixed(0)})`);
console.log(`  chromium: ${chrome.map((v) => v.toFixed(0)).join(', ')} steps/s (median ${median(chrome).toFixed(0)})`);
console.log(`  chromium / node: ${(median(chrome) / median(node)).toFixed(2)}`);
