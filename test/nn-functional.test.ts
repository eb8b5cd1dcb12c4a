/** functionalCall (torch.func.functional_call) and the Module warnings for parameters it cannot see. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { functionalCall, grad, losses, manualSeed, nn, randn, tensor, type Tensor } from '../src/index.js';

const { Linear, MLP, Module } = nn;

function captureWarnings<T>(fn: () => T): [T, string[]] {
  const messages: string[] = [];
  const original = console.warn;
  console.warn = (m: string) => messages.push(m);
  try {
    return [fn(), messages];
  } finally {
    console.warn = original;
  }
}
const same = (a: Tensor, b: Tensor, tol = 1e-6) => {
  assert.equal(a.shape, b.shape);
  const y = b.contiguousData();
  a.contiguousData().forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol * (1 + Math.abs(y[i])), `[${i}] ${v} vs ${y[i]}`));
};

test('functionalCall substitutes parameters for one call and leaves the module untouched', () => {
  manualSeed(1);
  const lin = new Linear(3, 2);
  const x = randn([4, 3]), w = randn([2, 3]);
  const before = lin.weight, values = Array.from(lin.weight.contiguousData());
  same(functionalCall(lin, { weight: w }, x), x.matmul(w.T).add(lin.bias!));
  assert.is(lin.weight, before);
  assert.equal(Array.from(lin.weight.contiguousData()), values);
  same(functionalCall(lin, {}, x), lin.forward(x));
});

test('grad of a model loss with respect to a dict of its parameters equals backward()', () => {
  manualSeed(2);
  const model = new MLP([3, 5, 1], 'tanh');
  const x = randn([6, 3]), y = randn([6, 1]);
  const names = model.namedParameters().map(([n]) => n);
  const loss = (...ps: Tensor[]) => losses.mse(functionalCall(model, Object.fromEntries(names.map((n, i) => [n, ps[i]])), x), y);
  const gs = grad(loss, names.map((_, i) => i))(...model.parameters());
  assert.ok(model.parameters().every((p) => p.grad === null), 'grad() leaves .grad alone');
  losses.mse(model.forward(x), y).backward();
  model.parameters().forEach((p, i) => same(gs[i], p.grad!));
});

test('functionalCall restores the parameters when forward throws, and replaces tied weights everywhere', () => {
  class Tied extends Module {
    a = randn([2, 2], { requiresGrad: true });
    b = this.a;
    forward(x: Tensor): Tensor {
      if (x.shape[0] === 0) throw new Error('boom');
      return x.matmul(this.a).add(x.matmul(this.b));
    }
  }
  const m = new Tied();
  const own = m.a, w = randn([2, 2]), x = randn([3, 2]);
  same(functionalCall(m, { a: w }, x), x.matmul(w).mul(2));
  assert.throws(() => functionalCall(m, { a: w }, randn([0, 2])), /boom/);
  assert.is(m.a, own);
  assert.is(m.b, own);
});

test('functionalCall errors name the parameter', () => {
  const lin = new Linear(3, 2), x = randn([1, 3]);
  assert.throws(() => functionalCall(lin, { weigth: randn([2, 3]) }, x), /functionalCall: 'weigth' is not a parameter of Linear \(its parameters: weight, bias\)/);
  assert.throws(() => functionalCall(lin, { weight: randn([3, 2]) }, x), /functionalCall: 'weight' has shape \[3,2\], the parameter of Linear has shape \[2,3\]/);
  assert.throws(() => functionalCall(lin, { bias: [1, 2] as never }, x), /functionalCall: 'bias' must be a Tensor/);
  assert.throws(() => functionalCall({} as never, {}, x), /functionalCall: the first argument must be a Module/);
});

test('Tensors and Modules hidden in a Map, a Set or a plain object are warned about once, naming the field', () => {
  class Hidden extends Module {
    lin = new Linear(2, 2);
    extra = new Map([['scale', tensor([1, 2], { requiresGrad: true })]]);
    heads = { left: new Linear(2, 1) };
    tags = new Set(['a']);
    _cache = { t: tensor([1]) };
    forward(x: Tensor): Tensor { return this.lin.forward(x).mul(this.extra.get('scale')!); }
  }
  const m = new Hidden();
  const [names, warnings] = captureWarnings(() => m.namedParameters().map(([n]) => n));
  assert.equal(names, ['lin.weight', 'lin.bias']);
  assert.is(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /Hidden: field 'extra' is a Map holding a Tensor of shape \[2\] at 'extra.scale'; parameters\(\) only sees Tensors and Modules in fields and arrays/);
  assert.match(warnings[1], /Hidden: field 'heads' is a plain object holding a Module \(Linear\) at 'heads.left'/);
  assert.equal(captureWarnings(() => m.parameters())[1], [], 'once per class and field');
});

test('functionalCall warns when forward uses a requires-grad tensor that is not a parameter', () => {
  const secret = randn([2], { requiresGrad: true });
  class Closure extends Module {
    lin = new Linear(2, 2);
    forward(x: Tensor): Tensor { return this.lin.forward(x).mul(secret); }
  }
  const m = new Closure();
  const [, warnings] = captureWarnings(() => functionalCall(m, {}, randn([1, 2])));
  assert.is(warnings.length, 1);
  assert.match(warnings[0], /functionalCall: Closure's forward used a tensor of shape \[2\] that requires grad but is not one of its parameters/);
  const [, clean] = captureWarnings(() => functionalCall(new Linear(2, 2), {}, randn([1, 2], { requiresGrad: true })));
  assert.equal(clean, []);
});

test('loadStateDict names the parameter whose value is not a tensor', () => {
  const lin = new Linear(2, 1);
  assert.throws(() => lin.loadStateDict({ weight: 'x' as never, bias: [0] }), /loadStateDict: 'weight' is not a Tensor or a nested array of numbers/);
});

test.run();
