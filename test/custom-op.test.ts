/** customOp: a user-defined primitive is recorded like a built-in (tape, grad, gradcheck, graph, anomaly mode, errors). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customOp, detectAnomaly, grad, gradcheck, gradgradcheck, printGraph, tensor, type Tensor } from '../src/index.js';
import { normal64 } from './helpers.js';

/** log(1 + x²) with its derivative 2x/(1 + x²), written by hand. */
const logCauchy = customOp({
  name: 'logCauchy',
  forward: (x) => x.square().log1p(),
  vjp: (g, { inputs: [x] }) => [g.mul(x.mul(2).div(x.square().add(1)))],
});
/** A binary op using ctx.output and ctx.needs: hypot(a, b) = √(a² + b²). */
const hypot = customOp({
  name: 'hypot',
  forward: (a, b) => a.square().add(b.square()).sqrt(),
  vjp: (g, { inputs: [a, b], output, needs }) => [needs[0] ? g.mul(a).div(output) : null, needs[1] ? g.mul(b).div(output) : null],
});

test('a custom op gives its value and its hand-written gradient, first and second order', () => {
  const x = tensor([0.5, -2, 3], { dtype: 'float64' });
  assert.equal(Array.from(logCauchy(x).contiguousData()), [Math.log1p(0.25), Math.log1p(4), Math.log1p(9)]);
  const g = grad((t: Tensor) => logCauchy(t).sum())(x);
  assert.equal(Array.from(g.contiguousData()), [1 / 1.25, -4 / 5, 6 / 10]);
  assert.ok(gradcheck((t) => logCauchy(t), [x]).ok);
  assert.ok(gradgradcheck((t) => logCauchy(t), [x]).ok);
});

test('the doc example: cube with d x³ = 3x²·dx gives 12 at 2', () => {
  const cube = customOp({ name: 'cube', forward: (x) => x.pow(3), vjp: (g, { inputs: [x] }) => [g.mul(x.square()).mul(3)] });
  assert.is(grad((x: Tensor) => cube(x).sum())(tensor([2])).item(), 12);
});

test('a binary custom op: gradcheck passes; only the inputs that need a gradient get one', () => {
  const a = normal64([3, 4]), b = normal64([3, 4], 2);
  assert.ok(gradcheck((p, q) => hypot(p, q), [a, b]).ok);
  const seen: boolean[][] = [];
  const spy = customOp({ name: 'spy', forward: (p, q) => p.mul(q), vjp: (g, { inputs: [p, q], needs }) => (seen.push([...needs]), [g.mul(q), g.mul(p)]) });
  grad((p: Tensor) => spy(p, b).sum())(a);
  assert.equal(seen, [[true, false]]);
  assert.is(hypot(3, 4).item(), 5);
});

test('broadcast: true expands the inputs first (recorded), so the VJP sees same-shaped inputs', () => {
  const hyp = customOp({ name: 'hyp', broadcast: true, forward: (a, b) => a.square().add(b.square()).sqrt(), vjp: (g, { inputs: [a, b], output }) => [g.mul(a).div(output), g.mul(b).div(output)] });
  assert.ok(gradcheck((p, q) => hyp(p, q), [normal64([3, 4]), normal64([4], 2)]).ok);
  assert.equal(hyp(tensor([[3], [6]], { dtype: 'float64' }), tensor([4, 8], { dtype: 'float64' })).toArray(), [[5, Math.sqrt(73)], [Math.sqrt(52), 10]]);
  assert.throws(() => hyp(tensor([1, 2]), tensor([1, 2, 3])), /hyp: cannot broadcast \[2\] with \[3\]/);
});

test('a wrong hand-written derivative is caught by gradcheck', () => {
  const forgotChainRule = customOp({ name: 'logCauchyWrong', forward: (x) => x.square().log1p(), vjp: (g, { inputs: [x] }) => [g.div(x.square().add(1))] });
  const r = gradcheck((t) => forgotChainRule(t), [tensor([0.5, -2, 3], { dtype: 'float64' })]);
  assert.not.ok(r.ok);
});

test('the graph shows a custom op under its name; backward errors and anomalies name it', () => {
  const x = normal64([3]).requiresGrad_();
  const y = logCauchy(x).sum();
  assert.match(printGraph(y), /#\d+ logCauchy \[3\] <- leaf\[3\]/);
  const badShape = customOp({ name: 'badShape', forward: (t) => t.mul(2), vjp: (g) => [g.sum()] });
  assert.throws(() => badShape(x).sum().backward(), /the VJP of 'badShape' returned a gradient of shape \[\] for an input of shape \[3\]/);
  const badCount = customOp({ name: 'badCount', forward: (t) => t.mul(2), vjp: (g) => [g, g] });
  assert.throws(() => badCount(x).sum().backward(), /customOp 'badCount': vjp must return an array of 1 gradients/);
  const notTensor = customOp({ name: 'notTensor', forward: (t) => t.mul(2), vjp: () => [3 as never] });
  assert.throws(() => notTensor(x).sum().backward(), /customOp 'notTensor': vjp returned number for input 0/);
  const blowsUp = customOp({ name: 'blowsUp', forward: (t) => t.log(), vjp: (g, { inputs: [t] }) => [g.div(t)] });
  assert.throws(() => detectAnomaly(() => blowsUp(tensor([-1, 1], { requiresGrad: true }))), /'blowsUp' produced NaN in its forward output/);
  const badGrad = customOp({ name: 'badGrad', forward: (t) => t.mul(2), vjp: (g, { inputs: [t] }) => [g.div(t)] });
  assert.throws(() => detectAnomaly(() => badGrad(tensor([0, 1], { requiresGrad: true })).sum().backward()), /the backward of 'badGrad' produced Infinity/);
});

test('customOp validates its definition and its inputs', () => {
  assert.throws(() => customOp({ name: '', forward: (t) => t, vjp: (g) => [g] }), /customOp: name must be a non-empty string/);
  assert.throws(() => customOp({ name: 'exp', forward: (t) => t, vjp: (g) => [g] }), /'exp' is the name of a built-in primitive/);
  assert.throws(() => customOp({ name: 'f', forward: 3 as never, vjp: (g) => [g] }), /customOp 'f': forward and vjp must be functions/);
  const f = customOp({ name: 'f', forward: () => 3 as never, vjp: (g) => [g] });
  assert.throws(() => f(normal64([2])), /customOp 'f': forward must return a Tensor, got number/);
  assert.throws(() => logCauchy('x' as never), /customOp 'logCauchy': input 0 must be a Tensor or a number, got string/);
});

test('an int32-valued custom op is recorded as not differentiable; the forward is not recorded', () => {
  const bucket = customOp({ name: 'bucket', forward: (t) => t.floor().to('int32'), vjp: (g) => [g] });
  const x = normal64([4]).requiresGrad_();
  const out = bucket(x);
  assert.is(out.dtype, 'int32');
  assert.is(out.requiresGrad, false);
  const y = logCauchy(x);
  assert.is(y.node!.inputs[0], x); // one node, straight on x: the ops inside forward were not recorded
});

test.run();
