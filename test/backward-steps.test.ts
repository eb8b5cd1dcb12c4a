// backwardSteps: the real backward walk, one node at a time. The steps' final leaf gradients must
// equal loss.backward()'s bit for bit; fan-out shows its accumulation; broadcasting its expand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  backwardSteps, leafGradients, losses, manualSeed, nn, printSteps, randn, tensor, toDot, type Tensor,
} from '../src/index.js';
import { primitives } from '../src/ops/table.js';

/** Exact equality, element by element (NaN equals NaN, −0 differs from +0). */
function assertBitwise(a: Tensor, b: Tensor, what: string): void {
  assert.equal(a.shape, b.shape, `${what}: shape`);
  assert.is(a.dtype, b.dtype, `${what}: dtype`);
  const x = a.contiguousData(), y = b.contiguousData();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) assert.unreachable(`${what}[${i}]: ${x[i]} vs ${y[i]}`);
}

/** Builds the loss twice from the same leaves: once walked by backwardSteps, once by backward(). */
function compare(name: string, leaves: Tensor[], f: () => Tensor): void {
  test(`backwardSteps = backward() bit for bit: ${name}`, () => {
    for (const p of leaves) p.grad = null;
    const steps = backwardSteps(f());
    for (const p of leaves) assert.is(p.grad, null, 'backwardSteps writes no .grad');
    const walked = leafGradients(steps);
    f().backward();
    for (const [i, p] of leaves.entries()) {
      assert.ok(walked.has(p), `leaf ${i} got a gradient`);
      assertBitwise(walked.get(p)!, p.grad!, `${name}: leaf ${i}`);
    }
    // the order is backward()'s: the seed, then decreasing tape ids, each node once
    const ids = steps.slice(1).map((s) => s.node!);
    assert.equal(ids, [...ids].sort((a, b) => b - a));
    assert.is(new Set(ids).size, ids.length);
    assert.is(steps[0]!.op, 'seed');
    for (const s of steps.slice(1)) assert.is(s.rule, primitives[s.op as keyof typeof primitives].def.rule);
  });
}

manualSeed(0);
const mlp = new nn.MLP([2, 5, 5, 3], 'tanh');
const x = randn([8, 2]);
const classes = tensor([0, 1, 2, 0, 1, 2, 0, 1], { dtype: 'int32' });
compare('MLP + logitCrossentropy', mlp.parameters(), () => losses.logitCrossentropy(mlp.forward(x), classes));
compare('MLP + focalLoss(softmax) with label-free fan-out through softmax', mlp.parameters(), () => losses.focalLoss(mlp.forward(x).softmax(1), classes, { gamma: 2 }));

const bin = new nn.MLP([2, 4, 1], 'relu');
const y01 = tensor([[1], [0], [1], [1], [0], [0], [1], [0]]);
compare('MLP + logitBinaryCrossentropy with a broadcast posWeight', bin.parameters(),
  () => losses.logitBinaryCrossentropy(bin.forward(x), y01, { posWeight: tensor(3) }));
compare('composite: two losses and weight decay share the parameters (fan-out)', bin.parameters(), () => {
  const z = bin.forward(x);
  const decay = bin.parameters().map((p) => p.square().sum()).reduce((a, b) => a.add(b));
  return losses.logitBinaryCrossentropy(z, y01).add(losses.diceCoeffLoss(z.sigmoid(), y01)).add(decay.mul(1e-3));
});

const w = tensor([0.5, -1.5], { requiresGrad: true, dtype: 'float64' });
const b = tensor(0.25, { requiresGrad: true, dtype: 'float64' });
const rows = tensor([[1, 2], [3, -4], [0.5, 0.5]], { dtype: 'float64' });
const target = tensor([[0.2, 1], [3, -2], [0, 0]], { dtype: 'float64' });
compare('broadcasting: w [2] and a scalar b against [3, 2] rows, huberLoss', [w, b], () => losses.huberLoss(rows.mul(w).add(b), target, { delta: 0.5 }));
compare('fan-out: x·x + exp(x)·x, a diamond', [w], () => w.mul(w).add(w.exp().mul(w)).sum());
compare('mse, mae and logCosh on the same prediction', [w, b], () => {
  const p = rows.mul(w).add(b);
  return losses.mse(p, target).add(losses.mae(p, target)).add(losses.logCoshLoss(p, target));
});

test('a step shows the op, scope, shape, rule, incoming gradient and each contribution; fan-out accumulates', () => {
  const v = tensor([1, 2, 3], { requiresGrad: true });
  const loss = losses.mse(v.mul(v), tensor([0, 0, 0]));
  const steps = backwardSteps(loss);
  assert.equal(steps.map((s) => s.op), ['seed', 'mul', 'sum', 'square', 'sub', 'mul']);
  assert.is(steps[0]!.incoming.item(), 1);
  assert.equal(steps[0]!.shape, []);
  const square = steps.find((s) => s.op === 'square')!;
  assert.is(square.scope, 'mse');
  assert.equal(square.shape, [3]);
  assert.is(square.rule, 'square: 2·g·x');
  const [first, second] = steps[5]!.contributions;
  assert.is(first!.leaf, 0);
  assert.is(first!.count, 1);
  assert.is(second!.count, 2, 'v·v: the second input is the same leaf, its contribution accumulates');
  assert.equal(Array.from(second!.total.contiguousData()), [4 / 3, 32 / 3, 36].map(Math.fround), "d mean(v⁴)/dv = 4v³/3");
  // the gradient arriving at a node with two consumers is the sum of both contributions
  const shared = tensor([0.5, 1], { requiresGrad: true });
  const h = shared.exp();
  const s2 = backwardSteps(h.add(h.sin()).sum());
  const exp = s2.find((s) => s.op === 'exp')!;
  assert.is(exp.from.length, 2);
  assert.equal(exp.from, s2.filter((s) => s.contributions.some((c) => c.node === exp.node)).map((s) => s.node));
});

test('printSteps: one block per step, parameter names, the accumulation at fan-out', () => {
  const v = tensor([1, -2], { requiresGrad: true });
  const text = printSteps(backwardSteps(v.mul(v).tanh().sum()), { params: { v } });
  assert.match(text, /^step 0 {2}seed the root #\d+ \[\]/);
  assert.match(text, /step 2 {2}#\d+ tanh \[2\] {3}tanh: g·\(1 − y²\)/);
  assert.match(text, /→ v {2}\[[^\]]+\] {2}‖·‖ [\d.e+-]+ {3}\(contribution 2: total ‖·‖ /);
  assert.match(printSteps(backwardSteps(losses.mse(v, tensor([0, 0])))), /\(in mse\)/);
  assert.match(printSteps(backwardSteps(v.exp().sum()), { values: 1 }), /g = \[1, …\]/);
  assert.match(printSteps(backwardSteps(tensor(2, { requiresGrad: true }))), /^step 0 {2}seed the root \(a leaf\) \[\]/);
  // zeros, infinities and tiny values: 0, Infinity, exponent form
  const big = tensor([0, 1e-9, 3e38], { requiresGrad: true });
  assert.match(printSteps(backwardSteps(big.mul(big).sum())), /→ leaf 0 {2}\[0, 1\.00e-9, 3\.00e\+38\] {2}‖·‖ 3\.00e\+38 {3}\(contribution 2: total ‖·‖ Infinity\)/);

});

test('toDot tags: each drawn node carries the tape ids it stands for, edges name the tape input', () => {
  const m = new nn.MLP([2, 3, 1]);
  const loss = losses.mse(m.forward(tensor([[1, 2]])), tensor([[1]]));
  const steps = backwardSteps(loss);
  const dot = toDot(loss, { params: m, tags: true, collapse: true });
  for (const s of steps.slice(1)) assert.match(dot, new RegExp(`class="[^"]*\\bt${s.node}\\b`), `#${s.node} is in a drawn node`);
  const leafUse = steps.flatMap((s) => s.contributions.filter((c) => c.node === null).map((c) => `i${s.node}_${c.input}`));
  assert.ok(leafUse.length > 0);
  for (const tag of leafUse) assert.match(dot, new RegExp(`class="[^"]*\\b${tag}\\b`));
  const open = toDot(loss, { params: m, tags: true });
  for (const s of steps.slice(1)) for (const c of s.contributions) assert.match(open, new RegExp(`-> n\\d+ \\[class="[^"]*\\be${s.node}_${c.input}\\b`));
  assert.not.match(toDot(loss, { params: m }), /class=/);
});

test('backwardSteps options and errors', () => {
  const v = tensor([1, 2], { requiresGrad: true });
  const y = v.mul(3);
  assert.throws(() => backwardSteps(y), /backwardSteps: root of shape \[2\] is not a scalar: pass opts.seed/);
  assert.throws(() => backwardSteps(y, { seed: tensor([1, 2, 3]) }), /backwardSteps: seed of shape \[3\] does not match root of shape \[2\]/);
  assert.throws(() => backwardSteps(tensor(1)), /backwardSteps: the root does not require grad/);
  assert.throws(() => backwardSteps(y, { sed: tensor([1, 1]) } as never), /backwardSteps.*sed/);
  const seeded = backwardSteps(y, { seed: tensor([1, -1], { dtype: 'float64' }) });
  assert.equal(Array.from(leafGradients(seeded).get(v)!.contiguousData()), [3, -3]);
  assert.is(seeded[0]!.incoming.dtype, 'float32', 'the seed takes the root dtype');
  // the graph is kept by default; retainGraph: false frees it as backward() does
  backwardSteps(y.sum());
  const z = y.sum();
  backwardSteps(z, { retainGraph: false });
  assert.throws(() => z.backward(), /freed/);
  // a leaf root: only the seed step
  assert.equal(backwardSteps(tensor(2, { requiresGrad: true })).map((s) => s.op), ['seed']);
});

test.run();
