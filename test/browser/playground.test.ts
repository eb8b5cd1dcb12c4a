import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startPlayground } from '../../playground/serve.js';
import { launchChromium } from './chromium.js';
import onnxProto from 'onnx-proto';

interface PageApi { steps: number; history: number[]; graphsDrawn: number }
declare const playground: PageApi;

test('the playground trains in Chromium: the loss falls, the graph SVG has the loss box, gradcheck passes, Download ONNX gives a ModelProto', async () => {
  const browser = await launchChromium();
  if (!browser) return;
  const site = await startPlayground();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const offsite: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // the page must need no network: any request beyond the local server fails the test
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(site.url)) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    await page.goto(site.url);
    await page.waitForFunction(() => playground.graphsDrawn > 0, undefined, { timeout: 10_000 });
    assert.is(await page.inputValue('#loss'), 'logitCrossentropy');
    // the icon the page names, and /favicon.ico, are served (the page's console stays clean)
    assert.is(await page.getAttribute('link[rel="icon"]', 'href'), '/favicon.svg');
    const icons = await Promise.all(['favicon.svg', 'favicon.ico'].map(async (p) => {
      const r = await page.request.get(site.url + p);
      return `${r.status()} ${r.headers()['content-type']} ${(await r.text()).startsWith('<svg')}`;
    }));
    assert.equal(icons, ['200 image/svg+xml true', '200 image/svg+xml true']);
    const first = await page.evaluate(() => playground.history[0]!);

    // keyboard: focus on the page body, t starts and pauses training
    await page.keyboard.press('t');
    await page.waitForFunction(() => playground.steps >= 80, undefined, { timeout: 10_000 });
    await page.keyboard.press('t');
    assert.is(await page.textContent('#train'), 'Train');
    const history = await page.evaluate(() => playground.history);
    const last = history[history.length - 1]!;
    assert.ok(last < 0.5 * first, `loss went from ${first} to ${last} in ${history.length} steps`);

    // a fresh graph after training: the layer boxes, the loss box, gradient norms
    const drawn = await page.evaluate(() => playground.graphsDrawn);
    await page.click('#step');
    await page.waitForFunction((n) => playground.graphsDrawn > n, drawn, { timeout: 10_000 });
    const svg = await page.$eval('#graph', (el) => el.innerHTML);
    assert.match(svg, /<svg/);
    for (const box of ['logitCrossentropy', 'MLP', 'layers.0', 'layers.4', 'layers.4.weight']) assert.ok(svg.includes(`>${box}</text>`), box);
    assert.match(svg, /‖∇‖ \d/);

    await page.keyboard.press('g');
    assert.match(await page.textContent('#gradcheck') ?? '', /gradcheck logitCrossentropy: passed on 12 entries/);
    // the other data sets draw too: a regression fit and a three-class boundary
    for (const dataset of ['outliers', 'spirals']) {
      const before = await page.evaluate(() => playground.graphsDrawn);
      await page.selectOption('#dataset', dataset);
      await page.waitForFunction((n) => playground.graphsDrawn > n, before, { timeout: 10_000 });
    }
    assert.is(await page.textContent('#fitTitle'), 'Decision boundary');

    // Download ONNX (key o): a ModelProto whose graph calls the loss's function
    await page.selectOption('#loss', 'categoricalHinge');
    await page.focus('#onnx');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.keyboard.press('Enter')]);
    assert.is(download.suggestedFilename(), 'tapegrad-spirals-categoricalHinge.onnx');
    const bytes = await readFile((await download.path())!);
    assert.ok(bytes.length > 0);
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    assert.equal(model.graph!.input!.map((i) => i.name), ['x', 'y']);
    assert.equal(model.graph!.output!.map((o) => o.name), ['z', 'loss']);
    assert.ok(model.functions!.some((f) => f.domain === 'tapegrad.losses' && f.name === 'categoricalHinge'));
    assert.ok(model.graph!.node!.some((n) => n.domain === 'tapegrad.losses' && n.opType === 'categoricalHinge'));
    assert.match(await page.textContent('#status') ?? '', /exported categoricalHinge/);
    // and the shortcut o, with the focus off the controls
    await page.locator('#onnx').blur();
    const again = page.waitForEvent('download', { timeout: 10_000 });
    await page.keyboard.press('o');
    assert.equal(await readFile((await (await again).path())!), bytes);
    assert.equal(errors, []);
    assert.equal(offsite, []);
  } finally {
    await browser.close();
    await site.close();
  }
});

test.run();
