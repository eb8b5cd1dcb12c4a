/**
 * Takes docs/images/playground.png for the README: the playground after some training on the
 * chosen data set and loss (defaults: two moons, logitCrossentropy).
 *   npx tsx scripts/playground-screenshot.ts [dataset] [loss] [steps]
 */
import { startPlayground } from '../playground/serve.js';
import { launchChromium } from '../test/browser/chromium.js';

const [dataset = 'moons', loss = 'logitCrossentropy', steps = '400'] = process.argv.slice(2);
const browser = await launchChromium();
if (!browser) throw new Error('needs chromium');
const site = await startPlayground();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1480 } });
  await page.goto(site.url);
  await page.selectOption('#dataset', dataset);
  await page.selectOption('#loss', loss);
  await page.click('#train');
  await page.waitForFunction((n) => (globalThis as any).playground.steps >= n, Number(steps), { timeout: 60_000 });
  await page.click('#train');
  const drawn = await page.evaluate(() => (globalThis as any).playground.graphsDrawn);
  await page.click('#step');
  await page.waitForFunction((n) => (globalThis as any).playground.graphsDrawn > n, drawn);
  await page.click('#check');
  await page.screenshot({ path: 'docs/images/playground.png', fullPage: true });
  console.log('docs/images/playground.png');
} finally {
  await browser.close();
  await site.close();
}
