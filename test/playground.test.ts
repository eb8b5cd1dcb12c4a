// The playground's training loop outside the browser: every data set with every loss the page
// offers for it trains without error, and gradcheck of each loss passes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { datasets, fits, lossCatalogue, type DatasetName, type LossName } from '../playground/catalogue.js';
import { Trainer } from '../playground/trainer.js';
import { leafGradients, noGrad } from '../src/index.js';
import { decode, runOrt } from './onnx/_ort.js';
import { assertClose } from './onnx/_close.js';

for (const dataset of Object.keys(datasets) as DatasetName[]) {
  for (const loss of Object.keys(lossCatalogue) as LossName[]) {
    if (!fits(datasets[dataset], lossCatalogue[loss])) continue;
    test(`playground: ${loss} on ${datasets[dataset].label}`, () => {
      const options = Object.fromEntries(lossCatalogue[loss].options.map((o) => [o.name, o.default]));
      const t = new Trainer({ dataset, loss, options, optimizer: 'adam', lr: 0.03, hidden: 8, seed: 0 });
      for (let i = 0; i < 15; i++) t.step();
      const { loss: last, dot } = t.step(true, 'layers');
      assert.ok(Number.isFinite(last) && last < t.history[0]!, `${t.history[0]} → ${last}`);
      assert.match(dot!, /label="MLP"/);
      const report = t.gradcheck();
      assert.ok(report.ok, JSON.stringify(report));
    });
  }
}

for (const dataset of Object.keys(datasets) as DatasetName[]) {
  for (const loss of Object.keys(lossCatalogue) as LossName[]) {
    if (!fits(datasets[dataset], lossCatalogue[loss])) continue;
    test(`playground ONNX download: ${loss} on ${datasets[dataset].label} runs in ONNX Runtime with the page's loss`, async () => {
      const options = Object.fromEntries(lossCatalogue[loss].options.map((o) => [o.name, o.default]));
      const t = new Trainer({ dataset, loss, options, optimizer: 'adam', lr: 0.03, hidden: 8, seed: 0 });
      t.step();
      const bytes = t.onnx();
      const model = decode(bytes);
      const fns = model.functions!.filter((f) => f.domain === 'tapegrad.losses').map((f) => f.name);
      assert.ok(fns.includes(loss === 'composite' ? 'diceCoeffLoss' : loss), `loss functions: ${fns.join(', ')}`);
      const [z, value] = await runOrt(bytes, [t.x, t.target]);
      const want = noGrad(() => t.model.forward(t.x));
      assertClose(z!, want, 'float32', 'z');
      assertClose(value!, noGrad(() => t.lossOf(want, t.target)), 'float32', 'loss');
    });
  }
}

for (const dataset of Object.keys(datasets) as DatasetName[]) {
  for (const loss of Object.keys(lossCatalogue) as LossName[]) {
    if (!fits(datasets[dataset], lossCatalogue[loss])) continue;
    test(`playground step-through: ${loss} on ${datasets[dataset].label}, every graph detail`, () => {
      const options = Object.fromEntries(lossCatalogue[loss].options.map((o) => [o.name, o.default]));
      const t = new Trainer({ dataset, loss, options, optimizer: 'adam', lr: 0.03, hidden: 4, seed: 0 });
      t.step();
      const plain = t.backwardGrads();
      for (const detail of ['ops', 'layers', 'terms'] as const) {
        const { steps, dot } = t.walk(detail);
        const walked = leafGradients(steps);
        for (const [name, p] of t.model.namedParameters()) assert.equal(Array.from(walked.get(p)!.contiguousData()), Array.from(plain.get(name)!.contiguousData()), `${detail}: ${name}`);
        // every step's node is drawn (its tag is on some node of the DOT), every sent gradient on an edge or inside a box
        for (const s of steps.slice(1)) assert.match(dot, new RegExp(`class="[^"]*\\bt${s.node}\\b`), `${detail}: #${s.node}`);
      }
      assert.is(t.steps, 1, 'walking trains nothing');
    });
  }
}

test('the graph detail views: every op, layers as boxes, terms as boxes', () => {
  const t = new Trainer({ dataset: 'moons', loss: 'composite', options: { lambda: 1e-3 }, optimizer: 'sgd', lr: 0.1, hidden: 4, seed: 0 });
  assert.match(t.step(true, 'ops').dot!, /label="layers.0"; labelloc="b"[^]*label="matmul/);
  assert.match(t.step(true, 'layers').dot!, /label="layers.0\\n\[200,4\] float32\\n‖∇‖ [^"]+", shape=box3d/);
  const terms = t.step(true, 'terms').dot!;
  for (const box of ['MLP', 'logitBinaryCrossentropy', 'diceCoeffLoss', 'weightDecay']) assert.match(terms, new RegExp(`label="${box}\\\\n`));
  assert.is(t.steps, 3);
});

test.run();
