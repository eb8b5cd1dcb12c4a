import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startPlayground } from '../../playground/serve.js';
import { launchChromium } from './chromium.js';
import onnxProto from 'onnx-proto';
import { Trainer } from '../../playground/trainer.js';
import { curve, defaultOn, defaultOptions, explorerLosses, grid } from '../../playground/explorer-losses.js';

interface StepperApi { drawn: number; index: number; last: number; active: boolean; leafGrads(): Record<string, number[]>; backwardGrads(): Record<string, number[]> }
interface PageApi { steps: number; history: number[]; graphsDrawn: number; stepper: StepperApi }
declare const playground: PageApi;
declare const explorer: { drawn: number; curves(): Record<string, { loss: number[]; grad: number[] }> };

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

test('Step backward in Chromium: every step of the moons MLP + loss by keyboard, the final leaf gradients equal the library\'s', async () => {
  const browser = await launchChromium();
  if (!browser) return;
  const site = await startPlayground();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.route('**/*', (route) => (route.request().url().startsWith(site.url) ? route.continue() : route.abort()));
    await page.goto(site.url);
    await page.waitForFunction(() => playground.graphsDrawn > 0, undefined, { timeout: 10_000 });
    assert.is(await page.inputValue('#dataset'), 'moons');
    await page.keyboard.press('b');
    await page.waitForFunction(() => playground.stepper.drawn > 0, undefined, { timeout: 10_000 });
    assert.ok(await page.isVisible('#stepper'));
    assert.match(await page.textContent('#stepInfo') ?? '', /seed/);
    assert.is(await page.locator('#graph svg g.node.current').count(), 1, 'the root is highlighted');
    const last = await page.evaluate(() => playground.stepper.last);
    assert.ok(last > 10, `${last} steps`);
    let traversed = 0;
    const ops = new Set<string>();
    for (let i = 1; i <= last; i++) {
      await page.keyboard.press('ArrowRight');
      assert.is(await page.evaluate(() => playground.stepper.index), i);
      const info = await page.textContent('#stepInfo') ?? '';
      ops.add(/#\d+ (\w+)/.exec(info)![1]!);
      assert.match(info, /rule.*incoming g.*‖·‖/s);
      assert.ok(await page.locator('#graph svg g.node.current').count() >= 1, `step ${i}: a highlighted node`);
      const now = await page.locator('#graph svg g.edge.traversed, #graph svg g.edge.active').count();
      assert.ok(now >= traversed, `step ${i}: traversed edges only grow`);
      traversed = now;
    }
    for (const op of ['softmaxCrossEntropy', 'matmul', 'tanh', 'add', 'expand']) assert.ok(ops.has(op), `${op} among ${[...ops]}`);
    await page.keyboard.press('ArrowRight');
    assert.is(await page.evaluate(() => playground.stepper.index), last, 'next stops at the end');

    // the page's final leaf gradients: those of a plain backward() in the page, bit for bit, and
    // those of the library in Node at the same weights (the page has taken one Adam step), all bit for bit
    const walked = await page.evaluate(() => playground.stepper.leafGrads());
    const plain = await page.evaluate(() => playground.stepper.backwardGrads());
    assert.equal(Object.keys(walked).sort(), Object.keys(plain).sort());
    assert.equal(walked, plain);
    const node = new Trainer({ dataset: 'moons', loss: 'logitCrossentropy', options: { labelSmoothing: 0 }, optimizer: 'adam', lr: 0.03, hidden: 16, seed: 0 });
    node.step();
    // the same numbers bit for bit: both run the same kernels (wasm SIMD) on the same seeded data
    for (const [name, g] of node.backwardGrads()) assert.equal(walked[name], Array.from(g.contiguousData()), name);

    // every op drawn: the step is kept, the graph redrawn, Home back to the seed, hover shows values
    const drawn = await page.evaluate(() => playground.stepper.drawn);
    await page.selectOption('#detail', 'ops');
    await page.waitForFunction((n) => playground.stepper.drawn > n, drawn, { timeout: 10_000 });
    assert.is(await page.evaluate(() => playground.stepper.index), last);
    assert.is(await page.locator('#graph svg g.node.current').count(), 1);
    await page.locator('#graph').focus();
    await page.keyboard.press('Home');
    assert.is(await page.evaluate(() => playground.stepper.index), 0);
    await page.hover('#graph svg g.node.current');
    assert.match(await page.textContent('#hoverInfo') ?? '', /y \[[^\]]+\]/);
    await page.locator('#graph svg g.node', { hasText: 'const' }).first().hover();
    assert.match(await page.textContent('#hoverInfo') ?? '', /a constant \(no gradient\) \[200(,2)?\] {2}value \[/);
    await page.locator('#graph svg g.node', { hasText: 'layers.0.weight' }).first().hover();
    assert.match(await page.textContent('#hoverInfo') ?? '', /layers\.0\.weight \[16,2\] {2}value \[/);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => playground.stepper.leafGrads()), plain);

    // another data set, loss and view: a regression loss, the terms as boxes
    await page.keyboard.press('Escape');
    assert.not.ok(await page.evaluate(() => playground.stepper.active));
    await page.selectOption('#dataset', 'outliers');
    await page.selectOption('#loss', 'huberLoss');
    await page.selectOption('#detail', 'terms');
    const before = await page.evaluate(() => playground.stepper.drawn);
    await page.click('#stepMode');
    await page.waitForFunction((n) => playground.stepper.drawn > n, before, { timeout: 10_000 });
    await page.click('#stepEnd');
    assert.equal(await page.evaluate(() => playground.stepper.leafGrads()), await page.evaluate(() => playground.stepper.backwardGrads()));
    // training leaves the step mode
    await page.click('#step');
    assert.not.ok(await page.evaluate(() => playground.stepper.active));
    assert.equal(errors, []);
  } finally {
    await browser.close();
    await site.close();
  }
});

test('the loss explorer in Chromium: the default curves are the library\'s, a slider moves the Huber curve, every prediction kind draws', async () => {
  const browser = await launchChromium();
  if (!browser) return;
  const site = await startPlayground();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const offsite: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(site.url)) return route.continue();
      offsite.push(route.request().url());
      return route.abort();
    });
    await page.goto(site.url);
    await page.click('text=loss explorer');
    await page.waitForFunction(() => typeof explorer !== 'undefined' && explorer.drawn > 0, undefined, { timeout: 10_000 });
    const huber = 'huberLoss(ŷ, y, { delta })';
    const first = await page.evaluate(() => explorer.curves());
    assert.equal(Object.keys(first), defaultOn.residual);
    // the page's numbers are the library's (float32, the same kernels)
    const xs = grid('residual', 401);
    const want = curve(explorerLosses.find((l) => l.call === huber)!, xs, 0, defaultOptions());
    assert.equal(first[huber]!.loss, Array.from(want.loss));
    assert.equal(first[huber]!.grad, Array.from(want.grad));
    assert.match(await page.textContent('#formulas') ?? '', /huberLoss: agg\(\|e\| < δ \? ½e² : δ\(\|e\| − ½δ\)\)/);

    // δ from 1 to 1.5 by keyboard: the Huber curve and its plot change, the others stay
    const before = await page.$eval('#lossPlot', (c) => (c as unknown as { toDataURL(): string }).toDataURL());
    await page.focus('#opt-delta');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assert.is(await page.inputValue('#opt-delta'), '1.5');
    const after = await page.evaluate(() => explorer.curves());
    assert.not.equal(after[huber]!.loss, first[huber]!.loss);
    assert.is(Math.max(...after[huber]!.grad), 1.5, "Huber's slope beyond δ is δ");
    assert.equal(after['mse(ŷ, y)'], first['mse(ŷ, y)']);
    assert.not.equal(await page.$eval('#lossPlot', (c) => (c as unknown as { toDataURL(): string }).toDataURL()), before);

    // the other prediction kinds, a framework variant switched on, the zoom near ŷ = 0
    for (const axis of ['probability', 'logit', 'distance']) {
      await page.selectOption('#axis', axis);
      assert.equal(Object.keys(await page.evaluate(() => explorer.curves())), defaultOn[axis as keyof typeof defaultOn]);
    }
    await page.selectOption('#axis', 'probability');
    await page.check('[data-call="keras.binaryFocalCrossentropy(ŷ, y, { gamma, alpha, applyClassBalancing: true, labelSmoothing })"]');
    await page.selectOption('#range', '1');
    const probe = await page.textContent('#readout') ?? '';
    assert.match(probe, /binaryCrossentropy\(ŷ, y, \{ eps \}\)16\.12-1\.000e\+7/);
    assert.match(probe, /keras\.binaryCrossentropy\(ŷ, y, \{ labelSmoothing \}\)16\.120/);
    assert.ok(await page.isVisible('#opt-gamma'));
    // the mouse over a plot moves the probe
    const box = (await page.locator('#gradPlot').boundingBox())!;
    await page.mouse.move(box.x + 56 + (box.width - 68) / 2, box.y + box.height / 2);  // the middle of the plot area (margins 56 and 12)
    assert.ok(Math.abs(Number(await page.inputValue('#probe')) - 2e-7) < 3e-9, await page.inputValue('#probe'));
    assert.equal(errors, []);
    assert.equal(offsite, []);
  } finally {
    await browser.close();
    await site.close();
  }
});

test.run();
