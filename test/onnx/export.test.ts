/**
 * exportOnnx on whole models (the MNIST-size MLP, model + loss in one graph), named functions,
 * onnxInitializers, and the errors for bad options and ops that do not lower.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customOp, exportOnnx, grad, losses, manualSeed, nn, oneHot, onnxInitializers, randint, randn, scope, tensor, type Tensor } from '../../src/index.js';
import { lowerings } from '../../src/io/onnx/index.js';
import { saveOnnx } from '../../src/node.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, onnx, runOrt } from './_ort.js';
import { assertClose } from './_close.js';

const mlp = () => {
  manualSeed(1);
  return new nn.MLP([784, 128, 10]);
};

test('MNIST-size MLP: parameters become named initializers; ONNX Runtime agrees at the example batch and another', async () => {
  const model = mlp();
  const x = randn([16, 784]);
  const bytes = exportOnnx((v) => model.forward(v), [x], { params: model.namedParameters(), inputNames: ['pixels'], outputNames: ['logits'] });
  const m = decode(bytes);
  assert.equal(m.graph!.initializer!.map((t) => t.name).sort(), model.namedParameters().map(([n]) => n).sort());
  assert.equal(m.graph!.input!.map((v) => v.name), ['pixels']);
  assert.is(m.graph!.input![0].type!.tensorType!.shape!.dim![0].dimParam, 'batch');
  assert.is(m.graph!.output![0].type!.tensorType!.shape!.dim![0].dimParam, 'batch');
  assert.ok(bytes.length > 4 * (784 * 128 + 128 * 10) && bytes.length < 4 * (784 * 128 + 128 * 10) + 4096, `${bytes.length} bytes`);
  const [got] = await runOrt(bytes, [x]);
  assertClose(got, model.forward(x), 'float32');
  const x5 = randn([5, 784]);
  const [again] = await runOrt(bytes, [x5]);
  assertClose(again, model.forward(x5), 'float32');
});

test('model + loss in one graph: two outputs, the loss a function node fed by the logits', async () => {
  const model = mlp();
  const x = randn([8, 784]), y = randint(0, 10, [8]);
  const f = (v: Tensor, labels: Tensor) => {
    const logits = model.forward(v);
    return [logits, losses.logitCrossentropy(logits, labels, { labelSmoothing: 0.1 })];
  };
  const bytes = exportOnnx(f, [x, y], { params: model.namedParameters(), outputNames: ['logits', 'loss'] });
  const m = decode(bytes);
  const call = m.graph!.node!.find((n) => n.domain === 'tapegrad.losses')!;
  assert.is(call.opType, 'logitCrossentropy');
  assert.equal(call.output, ['loss']);
  assert.ok(call.input!.includes('logits'));
  const [logits, loss] = await runOrt(bytes, [x, y]);
  const [wantLogits, wantLoss] = f(x, y);
  assertClose(logits, wantLogits, 'float32');
  assertClose(loss, wantLoss, 'float32');
});

test('nested named scopes nest as functions; the same body twice is one function, another body gets a suffix', async () => {
  const x = randn([4, 3], { dtype: 'float64' });
  const f = (v: Tensor) => scope('outer', () => {
    const a = scope('inner', () => v.exp().sum(1));
    const b = scope('inner', () => v.exp().sum(1));
    const c = scope('inner', () => v.abs().sum(1));
    return a.add(b).mul(c);
  });
  const m = decode(exportOnnx(f, [x]));
  assert.equal(m.functions!.map((fn) => fn.name).sort(), ['inner', 'inner_2', 'outer']);
  const outer = m.functions!.find((fn) => fn.name === 'outer')!;
  assert.equal(outer.node!.filter((n) => n.domain).map((n) => n.opType), ['inner', 'inner', 'inner_2']);
  assert.ok(outer.opsetImport!.some((o) => o.domain === 'tapegrad.losses'));
  const [got] = await runOrt(exportOnnx(f, [x]), [x]);
  assertClose(got, f(x), 'float64');
});

test('modulesAsFunctions: module scopes become functions in tapegrad.modules; off by default', async () => {
  const x = randn([4, 3]);
  const w = randn([3, 2]);
  const f = (v: Tensor) => scope('fc1', () => v.matmul(w).relu(), 'module');
  const off = decode(exportOnnx(f, [x]));
  assert.is(off.functions!.length, 0);
  const bytes = exportOnnx(f, [x], { modulesAsFunctions: true });
  const on = decode(bytes);
  assert.equal(on.functions!.map((fn) => [fn.domain, fn.name]), [['tapegrad.modules', 'fc1']]);
  assert.ok(on.opsetImport!.some((o) => o.domain === 'tapegrad.modules'));
  const [got] = await runOrt(bytes, [x]);
  assertClose(got, f(x), 'float32');
});

test('opset 21 exports and runs; float64 model', async () => {
  const x = randn([3, 4], { dtype: 'float64' });
  const f = (v: Tensor) => v.softmax(1).log1p().sum(1);
  const bytes = exportOnnx(f, [x], { opset: 21 });
  const m = decode(bytes);
  assert.equal(m.opsetImport!.map((o) => [o.domain, Number(o.version)]), [['', 21]]);
  assert.is(Number(m.irVersion), 10);
  const [got] = await runOrt(bytes, [x]);
  assertClose(got, f(x), 'float64');
});

test('an output that is an input, a parameter or a constant', async () => {
  const x = randn([2, 3]), w = randn([3]);
  const bytes = exportOnnx((v) => [v, w, tensor([1, 2]), v.mul(w)], [x], { params: [['w', w]] });
  const outs = await runOrt(bytes, [x]);
  assertClose(outs[0], x, 'float32');
  assertClose(outs[1], w, 'float32');
  assertClose(outs[2], tensor([1, 2]), 'float32');
  assertClose(outs[3], x.mul(w), 'float32');
});

test('onnxInitializers: our own export back into a module, by name', async () => {
  const model = mlp();
  const bytes = exportOnnx((v) => model.forward(v), [randn([2, 784])], { params: model.namedParameters() });
  const fresh = new nn.MLP([784, 128, 10]);
  fresh.loadStateDict(onnxInitializers(bytes));
  const x = randn([3, 784]);
  assert.equal(fresh.forward(x).toArray(), model.forward(x).toArray());
});

test('onnxInitializers: a ModelProto written by the official schema (typed fields, not raw bytes)', () => {
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    graph: {
      name: 'g',
      initializer: [
        { name: 'w', dims: [2, 2], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [1, 2, 3, 4.5] },
        { name: 'd', dims: [3], dataType: onnx.TensorProto.DataType.DOUBLE, doubleData: [0.1, 0.2, 1e300] },
        { name: 'i', dims: [2], dataType: onnx.TensorProto.DataType.INT64, int64Data: [7, -3] },
        { name: 'j', dims: [2], dataType: onnx.TensorProto.DataType.INT32, int32Data: [5, -6] },
        { name: 'r', dims: [2], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]) },
        { name: 's', dims: [], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(new Float32Array([2.5]).buffer) },
      ],
    },
  })).finish();
  const dict = onnxInitializers(bytes);
  assert.equal(dict.w.toArray(), [[1, 2], [3, 4.5]]);
  assert.is(dict.w.dtype, 'float32');
  assert.equal(dict.d.toArray(), [0.1, 0.2, 1e300]);
  assert.is(dict.d.dtype, 'float64');
  assert.equal(dict.i.toArray(), [7, -3]);
  assert.equal(dict.j.toArray(), [5, -6]);
  assert.equal(dict.r.toArray(), [1, -1]);
  assert.equal(dict.s.shape, []);
  assert.is(dict.s.item(), 2.5);
});

test('onnxInitializers: errors name the initializer', () => {
  const enc = (t: NonNullable<Parameters<typeof onnx.TensorProto.create>[0]>) => onnx.ModelProto.encode({ graph: { initializer: [t] } }).finish();
  assert.throws(() => onnxInitializers(enc({ name: 'big', dims: [1], dataType: 7, int64Data: [2 ** 40] })), /'big': value 1099511627776 does not fit int32/);
  assert.throws(() => onnxInitializers(enc({ name: 'h', dims: [1], dataType: 10, rawData: new Uint8Array(2) })), /'h' has ONNX data type 10/);
  assert.throws(() => onnxInitializers(enc({ name: 'x', dims: [1], dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] })), /'x' keeps its data in an external file/);
  assert.throws(() => onnxInitializers(enc({ name: 'short', dims: [3], dataType: 1, rawData: new Uint8Array(8) })), /'short' has 8 bytes of data for shape \[3\]/);
  assert.throws(() => onnxInitializers(new Uint8Array([0x3a, 0x05, 1])), /runs past the end/);
  assert.throws(() => onnxInitializers('x' as unknown as Uint8Array), /bytes must be a Uint8Array/);
});

test('bad options and arguments: errors name what failed', () => {
  const x = randn([2, 3]);
  const f = (v: Tensor) => v.exp();
  assert.throws(() => exportOnnx(f, [x], { opset: 17 }), /option opset must be an integer from 18 to 21/);
  assert.throws(() => exportOnnx(f, [x], { batch: true } as never), /unknown option 'batch'/);
  assert.throws(() => exportOnnx(f, [x], { dynamicBatch: 'yes' } as never), /option dynamicBatch must be true or false/);
  assert.throws(() => exportOnnx(f, [x], { inputNames: ['a', 'b'] }), /inputNames has 2 names for 1 example inputs/);
  assert.throws(() => exportOnnx(f, [x], { outputNames: ['a', 'b'] }), /outputNames has 2 names, f returned 1 outputs/);
  assert.throws(() => exportOnnx(f, [x], { inputNames: ['w'], params: [['w', randn([1])]] }), /inputNames: 'w' is used twice/);
  assert.throws(() => exportOnnx(f, [x], { inputNames: [''] }), /names must be non-empty strings/);
  assert.throws(() => exportOnnx(f, [x], { params: [['w', x]] }), /params: 'w' is also an example input/);
  assert.throws(() => exportOnnx(f, [x], { params: [['w', randn([1])], ['w', randn([1])]] }), /params: 'w' is given twice/);
  assert.throws(() => exportOnnx(f, [x], { params: [['w', 3 as never]] }), /params: 'w' is not a Tensor/);
  assert.throws(() => exportOnnx(f, [x], { params: 5 as never }), /params must be \[name, Tensor\] pairs/);
  assert.throws(() => exportOnnx(f, [x], { params: [5 as never] }), /params entry 0 is not a \[name, Tensor\] pair/);
  assert.throws(() => exportOnnx(f, [x, x]), /exampleInputs\[1\] is the same tensor as exampleInputs\[0\]/);
  assert.throws(() => exportOnnx(f, [[1, 2] as never]), /exampleInputs\[0\] is not a Tensor/);
  assert.throws(() => exportOnnx(f, 3 as never), /exampleInputs must be a Tensor or an array/);
  assert.throws(() => exportOnnx(3 as never, [x]), /f must be a function/);
  assert.throws(() => exportOnnx(f, [x], null as never), /options must be an object/);
  assert.throws(() => exportOnnx(() => 3 as never, [x]), /f must return a Tensor or an array of Tensors; output 0 is number 3/);
  // one example input as a bare Tensor is fine
  assert.ok(exportOnnx(f, x).length > 0);
});

test('ops that do not lower: a custom op, an entry marked unsupported; both name the op and its scope', () => {
  const cube = customOp({ name: 'cube', forward: (v) => v.pow(3), vjp: (g, { inputs: [v] }) => [g.mul(v.square()).mul(3)] });
  assert.throws(() => exportOnnx((v) => scope('myLoss', () => cube(v).sum()), [randn([3])]), /op 'cube' \(in myLoss\) has no ONNX lowering/);
  const table = lowerings as Record<string, unknown>;
  const saved = table.sin;
  table.sin = { unsupported: 'no kernel in this test' };
  try {
    assert.throws(() => exportOnnx((v) => scope('a', () => scope('b', () => v.sin())), [randn([3])]), /op 'sin' \(in a\/b\) does not lower to ONNX: no kernel in this test/);
  } finally {
    table.sin = saved;
  }
});

test('dynamicBatch: what cannot follow the batch is an error that says to turn it off', () => {
  const x = randn([4, 3]);
  // a constant made from the batch size
  assert.throws(() => exportOnnx((v) => v.add(tensor(Array.from({ length: v.shape[0] }, (_, i) => [i]))), [x]), /dynamicBatch: a constant of shape \[4,1\] read by 'add'.*dynamicBatch: false/);
  // a size that is not a multiple of the batch
  assert.throws(() => exportOnnx((v) => v.reshape(-1).slice(0, 0, v.shape[0] + 1), [x]), /dynamicBatch: 'slice' has end \[5\] at batch 4 and \[6\] at batch 5, not a multiple of the batch/);
  // different ops at another batch size
  assert.throws(() => exportOnnx((v) => (v.shape[0] > 4 ? v.exp() : v.abs()), [x]), /dynamicBatch: op 0 'abs' becomes 'exp'/);
  assert.throws(() => exportOnnx((v) => (v.shape[0] > 4 ? v.exp().exp() : v.abs()), [x]), /is not the same op \(1 vs 2 ops\)/);
  assert.throws(() => exportOnnx((v) => v.mul(v.shape[0] > 4 ? v : randn([4, 3])), [x]), /reads input 1 from a different place/);
  assert.throws(() => exportOnnx((v) => v.reshape(4, 3), [x]), /f fails when the batch grows from 4 to 5 \(reshape/);
  assert.throws(() => exportOnnx((v) => v.argmax(v.shape[0] > 4 ? 1 : 0), [x]), /'argmax' has dim = 0 at batch 4 and 1 at batch 5/);
  // with dynamicBatch: false all of these export
  assert.ok(exportOnnx((v) => v.reshape(4, 3), [x], { dynamicBatch: false }).length > 0);
});

test('constants and ops that follow the input values (frozen into the model otherwise) are errors', () => {
  const x = randn([4, 3]), y = randint(0, 3, [4]);
  for (const dynamicBatch of [true, false]) {
    assert.throws(() => exportOnnx((v, t) => losses.categoricalHinge(v, oneHot(t, 3)), [x, y], { dynamicBatch }),
      /a constant of shape \[4,3\] read by 'mul' \(in categoricalHinge\) depends on the input values or is random: it was made outside tapegrad's ops \(oneHot\(\)/);
  }
  assert.throws(() => exportOnnx((v) => (v.select(0, 0).sum().item() > 0 ? v.exp() : v.abs()), [tensor([[1, 2], [-3, -4]])], { dynamicBatch: false }),
    /the ops f runs depend on the input values \(op 3 'exp' changes when the inputs' rows are rotated\)/);
  assert.throws(() => exportOnnx((v) => v.clamp(v.select(0, 0).sum().item()), [tensor([[1, 2], [-3, -4]])], { dynamicBatch: false }),
    /'clamp' has params .* that depend on the input values/);
  const dropout = new nn.Dropout(0.5);
  assert.throws(() => exportOnnx((v) => dropout.forward(v), [randn([8, 3])], { dynamicBatch: false }), /or is random/);
  dropout.eval();
  assert.ok(exportOnnx((v) => dropout.forward(v), [randn([8, 3])]).length > 0);
  assert.throws(() => exportOnnx((v) => (v.select(0, 0).sum().item() > 0 ? v : v.reshape(100)), [tensor([[1, 2], [-3, -4]])], { dynamicBatch: false }),
    /f fails on the example inputs with their rows rotated \(reshape/);
});

test('a mean over the batch is rebuilt from the run-time batch size (k/N), also a sum times N', async () => {
  const x = randn([4, 3], { dtype: 'float64' });
  const f = (v: Tensor) => v.mean(0).mul(v.shape[0] * 2);
  const bytes = exportOnnx(f, [x]);
  for (const n of [4, 1, 9]) {
    const xn = randn([n, 3], { dtype: 'float64' });
    const [got] = await runOrt(bytes, [xn]);
    assertClose(got, f(xn), 'float64');
  }
});

test('a gradient exports too: the VJPs are tensor ops, so grad(loss) traces like any function', async () => {
  manualSeed(3);
  const model = new nn.MLP([3, 4, 2], 'tanh', { dtype: 'float64' });
  const g = (v: Tensor, t: Tensor) => grad((u: Tensor) => losses.mse(model.forward(u), t))(v);
  const bytes = exportOnnx(g, [randn([5, 3], { dtype: 'float64' }), randn([5, 2], { dtype: 'float64' })]);
  const x = randn([7, 3], { dtype: 'float64' }), y = randn([7, 2], { dtype: 'float64' });
  const [got] = await runOrt(bytes, [x, y]);
  assertClose(got, g(x, y), 'float64');
});

test('saveOnnx (tapegrad/node) writes the bytes exportOnnx gives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-onnx-'));
  try {
    const x = randn([2, 3]);
    const file = join(dir, 'm.onnx');
    const bytes = saveOnnx(file, (v) => v.tanh(), [x]);
    assert.equal(new Uint8Array(readFileSync(file)), bytes);
    assert.equal(bytes, exportOnnx((v) => v.tanh(), [x]));
    assert.throws(() => saveOnnx('', (v) => v, [x]), /saveOnnx: file must be a non-empty path/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test.run();
