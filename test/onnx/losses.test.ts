/**
 * Every loss exported with its aggregations and the options of the PyTorch fixtures, run in ONNX
 * Runtime: the values equal tapegrad's; the decoded model holds one FunctionProto per loss, named
 * after it, in 'tapegrad.losses', called by one node; lossesAsFunctions: false inlines it with the
 * same numbers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concat, exportOnnx, type Tensor } from '../../src/index.js';
import { callLoss, lossNames, specs } from '../losses/_specs.js';
import { call, cases, toOpts, toTensor } from '../losses/_fixtures.js';
import { decode, runOrt } from './_ort.js';
import { assertClose, worstRelative } from './_close.js';

const functionsCalled = (nodes: Array<{ domain?: string | null; opType?: string | null }>) => nodes.filter((n) => n.domain === 'tapegrad.losses').map((n) => n.opType);

for (const name of lossNames) {
  for (const agg of ['mean', 'sum', 'none'] as const) {
    test(`${name} agg '${agg}': one function named after the loss, ONNX Runtime agrees (float64${agg === 'mean' ? ', at batch + 1, and inlined' : ''})`, async () => {
      const args = specs[name].args();
      const f = (...xs: Tensor[]) => callLoss(name, xs, { agg });
      const bytes = exportOnnx(f, args, { outputNames: ['loss'] });
      const model = decode(bytes);
      const own = model.functions!.filter((fn) => fn.name === name);
      assert.is(own.length, 1, `${name}: ${model.functions!.map((fn) => fn.name)}`);
      assert.is(own[0].domain, 'tapegrad.losses');
      assert.equal(functionsCalled(model.graph!.node!), [name]);
      assert.ok(model.opsetImport!.some((o) => o.domain === 'tapegrad.losses'));
      // every other function (a helper scope inside the loss) is called from a function body: nested
      for (const fn of model.functions!) if (fn.name !== name) assert.ok(model.functions!.some((g) => functionsCalled(g.node!).includes(fn.name!)), fn.name!);
      const [got] = await runOrt(bytes, args);
      assertClose(got, f(...args), 'float64', name);
      if (agg !== 'mean') return;

      const n = args[0].shape[0];
      const grown = args.map((t) => (t.ndim > 0 && t.shape[0] === n ? concat([t, t.slice(0, 0, 1)], 0) : t));
      const [again] = await runOrt(bytes, grown);
      assertClose(again, f(...grown), 'float64', `${name} at batch ${n + 1}`);

      const inlined = exportOnnx(f, args, { outputNames: ['loss'], lossesAsFunctions: false });
      const flat = decode(inlined);
      assert.is(flat.functions!.length, 0);
      assert.equal(functionsCalled(flat.graph!.node!), []);
      assert.not.ok(flat.opsetImport!.some((o) => o.domain === 'tapegrad.losses'));
      const [same] = await runOrt(inlined, args);
      assert.is(worstRelative(same, f(...args)), worstRelative(got, f(...args)), `${name} inlined`);
    });
  }
  test(`${name} (float32, mean): ONNX Runtime agrees`, async () => {
    const args = specs[name].args().map((t) => (t.dtype === 'float64' ? t.to('float32') : t));
    const opts = Object.fromEntries(Object.entries(specs[name].opts ?? {}).map(([k, v]) => [k, (v as Tensor)?.dtype === 'float64' ? (v as Tensor).to('float32') : v]));
    const f = (...xs: Tensor[]) => callLoss(name, xs, opts);
    const [got] = await runOrt(exportOnnx(f, args), args);
    assertClose(got, f(...args), 'float32', name);
  });
}

// The PyTorch fixtures: per loss, the first case of each distinct set of options (at most 6).
const picked = new Map<string, Set<string>>();
const fixtureCases = cases.filter((c) => {
  const seen = picked.get(c.loss) ?? new Set<string>();
  picked.set(c.loss, seen);
  const key = Object.keys(c.opts).sort().join(',');
  if (seen.has(key) || seen.size >= 6) return false;
  seen.add(key);
  return true;
});

for (const c of fixtureCases) {
  test(`fixture ${c.loss} ${c.name}: ONNX Runtime agrees (float64)`, async () => {
    const args = c.args.map((t) => toTensor(t));
    const opts = toOpts(c.opts);
    const f = (...xs: Tensor[]) => call(c.loss, xs, opts);
    const [got] = await runOrt(exportOnnx(f, args, { dynamicBatch: false }), args);
    assertClose(got, f(...args), 'float64', c.name);
  });
}

test.run();
