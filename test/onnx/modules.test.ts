/**
 * modulesAsFunctions with real nn layers: an nn.MLP under a loss exports as nested module
 * functions (MLP → layers.0, layers.1, ...) in 'tapegrad.modules', the loss stays a function in
 * 'tapegrad.losses', and ONNX Runtime gives tapegrad's loss with and without module functions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportOnnx, losses, manualSeed, nn, randint, randn, type Tensor } from '../../src/index.js';
import { decode, runOrt } from './_ort.js';
import { assertClose } from './_close.js';

for (const dtype of ['float32', 'float64'] as const) {
  test(`MLP + logitCrossentropy with modulesAsFunctions (${dtype}): nested module functions, same loss in ONNX Runtime`, async () => {
    manualSeed(11);
    const mlp = new nn.MLP([4, 8, 8, 3], 'tanh', { dtype });
    const f = (x: Tensor, y: Tensor) => losses.logitCrossentropy(mlp.forward(x), y);
    const example = [randn([5, 4], { dtype }), randint(0, 3, [5])];
    const params = mlp.namedParameters();
    const withModules = exportOnnx(f, example, { params, modulesAsFunctions: true });
    const inlined = exportOnnx(f, example, { params, modulesAsFunctions: false });

    const model = decode(withModules);
    const fns = new Map(model.functions!.map((fn) => [`${fn.domain}:${fn.name}`, fn]));
    const mlpFn = fns.get('tapegrad.modules:MLP');
    assert.ok(mlpFn, `functions: ${[...fns.keys()].join(', ')}`);
    const called = mlpFn!.node!.filter((n) => n.domain === 'tapegrad.modules').map((n) => n.opType);
    // Linear, Tanh, Linear, Tanh, Linear: each layer its own function, named by its path in the MLP
    assert.equal(called, ['layers.0', 'layers.1', 'layers.2', 'layers.3', 'layers.4']);
    for (const name of called) assert.ok(fns.has(`tapegrad.modules:${name}`), `${name} is defined`);
    assert.equal(fns.get('tapegrad.modules:layers.0')!.node!.map((n) => n.opType), ['Transpose', 'MatMul', 'Add']);
    assert.equal(fns.get('tapegrad.modules:layers.1')!.node!.map((n) => n.opType), ['Tanh']);
    assert.ok(fns.has('tapegrad.losses:logitCrossentropy'));
    const top = model.graph!.node!.map((n) => `${n.domain}:${n.opType}`);
    assert.equal(top, ['tapegrad.modules:MLP', 'tapegrad.losses:logitCrossentropy']);
    const domains = model.opsetImport!.map((o) => o.domain);
    for (const d of ['', 'tapegrad.modules', 'tapegrad.losses']) assert.ok(domains.includes(d), `opset_import has '${d}'`);
    // the inlined export has no module functions, only the loss
    assert.equal(decode(inlined).functions!.map((fn) => fn.name), ['logitCrossentropy']);

    for (const n of [5, 9]) {
      const x = randn([n, 4], { dtype }), y = randint(0, 3, [n]);
      const want = f(x, y);
      const [a] = await runOrt(withModules, [x, y]);
      const [b] = await runOrt(inlined, [x, y]);
      assertClose(a, want, dtype, `modulesAsFunctions: true at batch ${n}`);
      assertClose(b, want, dtype, `modulesAsFunctions: false at batch ${n}`);
    }
  });
}

test.run();
