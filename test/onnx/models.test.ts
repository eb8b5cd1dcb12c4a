/**
 * The tiny models of the examples in ONNX Runtime: LeNet (conv, max-pool, linear) and a causal
 * transformer block (layer norm, multi-head attention, GELU MLP), float32 and float64, at the
 * example batch and another.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportOnnx, losses, manualSeed, nn, randint, randn, type DType, type Tensor } from '../../src/index.js';
import { lenet } from '../../examples/lenet.js';
import { decode, runOrt } from './_ort.js';
import { assertClose } from './_close.js';

/** examples/lenet.ts's LeNet-5 (28×28 input, padding 2), in the dtype. */
const leNet = (dtype: DType) => new nn.Sequential(
  new nn.Conv2d(1, 6, 5, { padding: 2, dtype }), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(6, 16, 5, { dtype }), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Flatten(),
  new nn.Linear(16 * 5 * 5, 120, { dtype }), new nn.ReLU(),
  new nn.Linear(120, 84, { dtype }), new nn.ReLU(),
  new nn.Linear(84, 10, { dtype }),
);

for (const dtype of ['float32', 'float64'] as const) {
  test(`LeNet + logitCrossentropy (${dtype}): ONNX Runtime agrees at batch 4 and 7`, async () => {
    manualSeed(5);
    const model = dtype === 'float32' ? lenet() : leNet(dtype);
    const f = (x: Tensor, y: Tensor) => {
      const logits = model.forward(x);
      return [logits, losses.logitCrossentropy(logits, y)];
    };
    const bytes = exportOnnx(f, [randn([4, 1, 28, 28], { dtype }), randint(0, 10, [4])], { params: model.namedParameters() });
    const names = decode(bytes).graph!.initializer!.map((t) => t.name);
    for (const [name] of model.namedParameters()) assert.ok(names.includes(name), name);
    for (const n of [4, 7]) {
      const x = randn([n, 1, 28, 28], { dtype }), y = randint(0, 10, [n]);
      const [logits, loss] = await runOrt(bytes, [x, y]);
      const [wl, wloss] = f(x, y);
      assertClose(logits, wl, dtype, `logits at batch ${n}`);
      assertClose(loss, wloss, dtype, `loss at batch ${n}`);
    }
  });
}

test('transformer block (float32; float64 needs Erf, which ONNX Runtime has only in float32): agrees at batch 3 and 5', async () => {
  manualSeed(6);
  const block = new nn.TransformerBlock(16, 4, { ffDim: 32, causal: true });
  const f = (x: Tensor) => block.forward(x);
  const bytes = exportOnnx(f, [randn([3, 6, 16])], { params: block.namedParameters() });
  for (const n of [3, 5]) {
    const x = randn([n, 6, 16]);
    const [got] = await runOrt(bytes, [x]);
    assertClose(got, f(x), 'float32', `batch ${n}`);
  }
});

test.run();
