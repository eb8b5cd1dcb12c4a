/**
 * PyTorch 1.13 checkpoints (test/fixtures/checkpoints/, from scripts/golden/checkpoints.py) load
 * into the same tapegrad models by PyTorch's names and give PyTorch's logits; tapegrad's state
 * written back is the same file, byte for byte (issue 20 part 3).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { io, nn, optim, tensor, type Tensor } from '../src/index.js';

const { decodeSafetensors, encodeSafetensors } = io;
import { mismatch, toTensor, type T } from './losses/_fixtures.js';
import { runDocBlock, tsBlocks } from './doc-blocks.js';

type Any = any;
const dir = new URL('./fixtures/checkpoints/', import.meta.url);
const manifest: Any = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));

/** The char-level model of the fixture, with PyTorch's field names in camelCase. */
class CharBlock extends nn.Module {
  readonly tokEmb = new nn.Embedding(27, 16);
  readonly posEmb = new nn.Embedding(8, 16);
  readonly block = new nn.TransformerBlock(16, 2, { ffDim: 32, causal: true });
  readonly lnF = new nn.LayerNorm(16);
  readonly head = new nn.Linear(16, 27);
  forward(idx: Tensor): Tensor {
    const positions = tensor(Array.from({ length: idx.shape[1]! }, (_, i) => i), { dtype: 'int32' });
    const x = this.tokEmb.forward(idx).add(this.posEmb.forward(positions));
    return this.head.forward(this.lnF.forward(this.block.forward(x)));
  }
}

const models: Record<string, () => nn.Module> = {
  lenet: () => new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.BatchNorm2d(6), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.BatchNorm2d(16), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10)),
  charblock: () => new CharBlock(),
  mlp: () => new nn.MLP([4, 16, 16, 3]),
};

const input = (c: Any) => (c.input.dtype === 'int32' ? toTensor(c.input) : toTensor(c.input, 'float32'));
function expectLogits(model: nn.Module, c: Any, what: string): void {
  const m = mismatch(model.eval().forward(input(c)), c.logits as T, 1e-4, 2e-5);
  assert.is(m, null, `${what}: ${m}`);
}

for (const [name, c] of Object.entries(manifest.models as Record<string, Any>)) {
  const bytes = new Uint8Array(readFileSync(new URL(c.file, dir)));

  test(`${name}: PyTorch's checkpoint loads by name and gives PyTorch's logits`, () => {
    const model = models[name]!();
    assert.equal(Object.keys(model.stateDict({ keys: 'torch' })), c.keys, "PyTorch's keys, in state_dict order");
    const { tensors, metadata } = decodeSafetensors(bytes);
    assert.equal(metadata, { format: 'pt' });
    const result = model.loadStateDict(tensors, { keys: 'torch', strict: true });
    assert.equal(result, { missingKeys: [], unexpectedKeys: [] });
    expectLogits(model, c, name);
  });

  test(`${name}: tapegrad's state written back is PyTorch's file, byte for byte`, () => {
    const model = models[name]!();
    model.loadStateDict(decodeSafetensors(bytes).tensors, { keys: 'torch' });
    const out = encodeSafetensors(model.stateDict({ keys: 'torch' }), { format: 'pt' }, { int64: true });
    assert.is(out.length, bytes.length);
    assert.ok(out.every((b, i) => b === bytes[i]), 'identical bytes');
    // the int64 buffers are I64 in both
    const back = decodeSafetensors(out).tensors;
    for (const [k, dtype] of Object.entries(c.dtypes as Record<string, string>)) assert.is(back[k]!.dtype, dtype === 'int64' ? 'int32' : 'float32', k);
  });

  test(`${name}: the JSON form of the state dict loads (JSON.parse(JSON.stringify(sd)))`, () => {
    const source = models[name]!();
    source.loadStateDict(decodeSafetensors(bytes).tensors, { keys: 'torch' });
    for (const keys of ['tapegrad', 'torch'] as const) {
      const model = models[name]!();
      model.loadStateDict(JSON.parse(JSON.stringify(source.stateDict({ keys }))), { keys });
      expectLogits(model, c, `${name} via JSON (${keys} keys)`);
    }
  });
}

test('strict loading names missing and unexpected keys and shape mismatches; strict: false returns them', () => {
  const model = models.lenet!();
  const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(new URL('lenet.safetensors', dir))));
  const { ['1.running_var']: _, ...partial } = tensors;
  assert.throws(() => model.loadStateDict(partial, { keys: 'torch' }), /missing 1\.running_var/);
  assert.throws(() => model.loadStateDict({ ...tensors, 'fc.weight': tensor([1]) }, { keys: 'torch' }), /unexpected fc\.weight/);
  assert.throws(() => model.loadStateDict({ ...tensors, '0.bias': tensor([1, 2]) }, { keys: 'torch' }), /'0\.bias' has shape \[2\], the model's parameter has shape \[6\]/);
  assert.throws(() => model.loadStateDict(tensors), /missing layers\.0\.weight.*unexpected 0\.weight.*pass \{ keys: 'torch' \}/);
  assert.throws(() => model.loadStateDict(tensors, { keys: 'pytorch' } as Any), /loadStateDict: option keys must be 'tapegrad' or 'torch'/);
  assert.throws(() => model.loadStateDict(tensors, { strcit: true } as Any), /did you mean 'strict'/);
  const result = model.loadStateDict({ ...partial, extra: tensor([1]) }, { keys: 'torch', strict: false });
  assert.equal(result, { missingKeys: ['1.running_var'], unexpectedKeys: ['extra'] });
  assert.throws(() => model.loadStateDict({ ...tensors, '0.bias': { dtype: 'float32', shape: [6], data: [1] } as Any }, { keys: 'torch' }), /'0\.bias' looks like a tensor's JSON form but is not one/);
  assert.throws(() => model.loadStateDict({ ...tensors, '0.bias': { lr: 1 } as Any }, { keys: 'torch' }), /'0\.bias' is not a Tensor.*fromJSON/);
  assert.throws(() => model.loadStateDict(null as Any), /expected a dict of named tensors/);
});

test("torch keys: snake_case fields, buffers after each module's parameters, Sequential children as 0, 1, ...", () => {
  const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2), new nn.Sequential(new nn.Linear(2, 1)));
  assert.equal(Object.keys(seq.stateDict({ keys: 'torch' })), ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean',
    '1.running_var', '1.num_batches_tracked', '2.0.weight', '2.0.bias']);
  assert.equal(Object.keys(seq.stateDict()).slice(0, 2), ['layers.0.weight', 'layers.0.bias']);
  const mha = new nn.MultiheadAttention(4, 2);
  assert.equal(mha.namedState({ keys: 'torch' }).map(([n]) => n), ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  assert.throws(() => mha.stateDict({ key: 'torch' } as Any), /stateDict: unknown option 'key'.*did you mean 'keys'/);
  assert.throws(() => mha.namedState({ keys: 'snake' } as Any), /namedState: option keys must be 'tapegrad' or 'torch'/);
});

test('safetensors I64: written with int64, read exactly, refused beyond 2^53', () => {
  const bytes = encodeSafetensors({ n: tensor([3, -2], { dtype: 'int32' }), x: tensor([1.5]) }, undefined, { int64: ['n'] });
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true)))));
  assert.equal(header.n, { dtype: 'I64', shape: [2], data_offsets: [0, 16] });
  assert.equal(decodeSafetensors(bytes).tensors.n!.toArray(), [3, -2]);
  const big = new Uint8Array(bytes);
  new DataView(big.buffer).setBigInt64(bytes.length - 4 - 16, 2n ** 53n, true);
  assert.throws(() => decodeSafetensors(big), /tensor 'n' \(I64\) holds 9007199254740992 at element 0, beyond ±\(2\^53 − 1\)/);
  new DataView(big.buffer).setBigInt64(bytes.length - 4 - 16, 2n ** 40n, true);
  assert.throws(() => decodeSafetensors(big), /outside the int32 range/);
  assert.throws(() => encodeSafetensors({ n: tensor([1]) }, undefined, { int64: 'n' } as Any), /encodeSafetensors: option int64/);
});

test('the JSON form of optimizer and scheduler state dicts loads too (it used to fail with "\'lr\' must be a one-element tensor")', () => {
  const model = new nn.MLP([2, 3, 1]);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    model.forward(tensor([[1, 2], [3, -1]])).sum().backward();
    opt.step();
    sched.step();
  }
  const opt2 = new optim.Adam(model.parameters(), { lr: 0.01 });
  const sched2 = new optim.StepLR(opt2, { stepSize: 2, gamma: 0.5 });
  opt2.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));
  sched2.loadStateDict(JSON.parse(JSON.stringify(sched.stateDict())));
  assert.is(opt2.lr, opt.lr);
  assert.is(opt2.stepCount, 3);
  assert.is(sched2.epoch, 3);
  const a = opt.stateDict(), b = opt2.stateDict();
  for (const k of Object.keys(a)) assert.equal(b[k]!.toArray(), a[k]!.toArray(), k);
  assert.throws(() => opt2.loadStateDict({ ...opt.stateDict(), lr: 0.5 } as Any), /Adam\.loadStateDict: 'lr' must be a Tensor or a tensor's JSON form.*fromJSON/);
  assert.throws(() => sched2.loadStateDict({ epoch: [1] } as Any), /StepLR\.loadStateDict: 'epoch' must be a Tensor or a tensor's JSON form/);
  assert.throws(() => opt2.loadStateDict(null as Any), /expected a dict of named tensors/);
});

test('docs/nn.md: the PyTorch checkpoint block runs and prints what its comments say', async () => {
  const logged = await runDocBlock(tsBlocks('docs/nn.md')[2]!, 'nn-2');
  assert.equal(logged, [[['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']], [{ missingKeys: [], unexpectedKeys: [] }]]);
});

test.run();
