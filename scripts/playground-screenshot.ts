/**
 * Takes the README's pictures of the playground:
 * - docs/images/playground.png: after some training on the chosen data set and loss (defaults:
 *   two moons, logitCrossentropy);
 * - docs/images/playground-step.png: "Step backward" on the composite loss (BCE + dice + weight
 *   decay) on the moons, stopped at the first node whose gradient is a sum (fan-out);
 * - docs/images/loss-explorer.png and loss-explorer-clip.png: the explorer's regression losses
 *   (MSE, MAE, Huber, log-cosh, quantile at q = 0.8), and Keras' clipping against ε inside the log near ŷ = 0.
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

  const stepPage = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
  await stepPage.goto(site.url);
  await stepPage.selectOption('#loss', 'composite');
  await stepPage.click('#train');
  await stepPage.waitForFunction(() => (globalThis as any).playground.steps >= 150, undefined, { timeout: 60_000 });
  await stepPage.click('#train');
  await stepPage.locator('#train').blur();
  await stepPage.keyboard.press('b');
  await stepPage.waitForFunction(() => (globalThis as any).playground.stepper.drawn > 0);
  const last = await stepPage.evaluate(() => (globalThis as any).playground.stepper.last);
  for (let i = 0; i < last && !/fan-out/.test(await stepPage.textContent('#stepInfo') ?? ''); i++) await stepPage.keyboard.press('ArrowRight');
  await stepPage.hover('#graph svg g.node.done >> nth=0');
  await stepPage.screenshot({ path: 'docs/images/playground-step.png', fullPage: true });
  console.log('docs/images/playground-step.png');

  const explorer = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await explorer.goto(`${site.url}explorer.html`);
  await explorer.check('[data-call="quantileLoss(ŷ, y, { quantile })"]');
  await explorer.fill('#opt-quantile', '0.8');
  await explorer.screenshot({ path: 'docs/images/loss-explorer.png', fullPage: true });
  console.log('docs/images/loss-explorer.png');
  await explorer.selectOption('#axis', 'probability');
  await explorer.selectOption('#range', '1');
  await explorer.screenshot({ path: 'docs/images/loss-explorer-clip.png', fullPage: true });
  console.log('docs/images/loss-explorer-clip.png');
} finally {
  await browser.close();
  await site.close();
}
