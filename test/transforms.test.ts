/** vjp, jvp, jacobian, hessian, hvp and gradgradcheck against closed forms, finite differences, and each other (nesting). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customOp, eye, grad, gradcheck, gradgradcheck, hessian, hvp, jacobian, jvp, noGrad, tensor, vjp, type Tensor } from '../src/index.js';
import { normal64 } from './helpers.js';

const near = (a: Tensor, b: Tensor, tol = 1e-9) => {
  assert.equal(a.shape, b.shape, 'shape');
  const x = a.contiguousData(), y = b.contiguousData();
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol * (1 + Math.abs(y[i])), `[${i}] ${v} vs ${y[i]}`));
};
/** A small MLP loss of flat parameters θ (3→4→1, tanh), on fixed data. */
const X = normal64([5, 3], 21), Y = normal64([5, 1], 22);
function mlpLoss(theta: Tensor): Tensor {
  const w1 = theta.slice(0, 0, 12).reshape(3, 4), b1 = theta.slice(0, 12, 16);
  const w2 = theta.slice(0, 16, 20).reshape(4, 1), b2 = theta.slice(0, 20, 21);
  return X.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(Y).square().mean();
}
/** Central difference of a vector function along direction v. */
const directional = (f: (x: Tensor) => Tensor, x: Tensor, v: Tensor, h = 1e-6) =>
  noGrad(() => f(x.add(v.mul(h))).sub(f(x.sub(v.mul(h)))).div(2 * h));

test('vjp: value and pullbacks of a matrix product (closed form), callable twice', () => {
  const a = normal64([3, 4]), b = normal64([4, 2], 5), v = normal64([3, 2], 6);
  const [out, pullback] = vjp((x: Tensor, y: Tensor) => x.matmul(y), a, b);
  near(out, a.matmul(b));
  assert.is(out.requiresGrad, false);
  for (let k = 0; k < 2; k++) {
    const [ga, gb] = pullback(v);
    near(ga, v.matmul(b.T));
    near(gb, a.T.matmul(v));
  }
  near(pullback(1)[0], v.mul(0).add(1).matmul(b.T)); // a number is broadcast to the output's shape
  assert.throws(() => pullback(normal64([2, 3])), /vjp pullback: cotangent of shape \[2,3\] does not match the output of shape \[3,2\]/);
});

test('vjp of an argument f does not use gives zeros; f must return a Tensor', () => {
  const [, pb] = vjp((x: Tensor, _y: Tensor) => x.sin(), normal64([3]), normal64([2]));
  near(pb(normal64([3], 4))[1], tensor([0, 0], { dtype: 'float64' }));
  assert.throws(() => vjp((() => 3) as never, normal64([2])), /vjp: f must return a Tensor, got number/);
  assert.throws(() => vjp((x: Tensor) => x, 3 as never), /vjp: argument 0 must be a Tensor/);
});

test('jvp: J·v of a matrix product (closed form) and of a nonlinear f (finite differences)', () => {
  const a = normal64([3, 4]), b = normal64([4, 2], 5), da = normal64([3, 4], 7), db = normal64([4, 2], 8);
  const [out, tangent] = jvp((x: Tensor, y: Tensor) => x.matmul(y), [a, b], [da, db]);
  near(out, a.matmul(b));
  near(tangent, da.matmul(b).add(a.matmul(db)));
  assert.is(tangent.requiresGrad, false);
  const f = (x: Tensor) => x.sin().mul(x.square().sum()).softmax(-1);
  const x = normal64([2, 3]), v = normal64([2, 3], 3);
  near(jvp(f, [x], [v])[1], directional(f, x, v), 1e-7);
});

test('jvp: output independent of the input gives zeros; bad tangents are named', () => {
  near(jvp(() => normal64([2]), [normal64([3])], [normal64([3], 2)])[1], tensor([0, 0], { dtype: 'float64' }));
  assert.throws(() => jvp((x: Tensor) => x, [normal64([3])], [normal64([2])]), /jvp: tangent 0 of shape \[2\] does not match primal 0 of shape \[3\]/);
  assert.throws(() => jvp((x: Tensor) => x, [normal64([3])], []), /jvp: primals and tangents must be arrays of the same length/);
});

test('jacobian: softmax gives diag(s) − s·sᵀ; shapes [...out, ...x]; several argnums', () => {
  const x = normal64([4]);
  const s = x.softmax();
  near(jacobian((t: Tensor) => t.softmax())(x), eye(4, { dtype: 'float64' }).mul(s).sub(s.reshape(4, 1).matmul(s.reshape(1, 4))));
  const J = jacobian((t: Tensor) => t.tanh())(normal64([2, 3]));
  assert.equal(J.shape, [2, 3, 2, 3]);
  const a = normal64([2, 3]), b = normal64([3], 4);
  const [ja, jb] = jacobian((p: Tensor, q: Tensor) => p.matmul(q), [0, 1])(a, b);
  assert.equal(ja.shape, [2, 2, 3]);
  near(jb, a);
  near(ja.select(0, 1).select(0, 1), b);
  near(jacobian((t: Tensor) => t.sum())(x), tensor([1, 1, 1, 1], { dtype: 'float64' }));
});

test('hessian: of Σx³ + x₀x₁ (closed form) and of logsumexp (diag(s) − s·sᵀ)', () => {
  const x = tensor([0.5, -1, 2], { dtype: 'float64' });
  const H = hessian((t: Tensor) => t.pow(3).sum().add(t.select(0, 0).mul(t.select(0, 1))))(x);
  near(H, tensor([[3, 1, 0], [1, -6, 0], [0, 0, 12]], { dtype: 'float64' }));
  const s = x.softmax();
  near(hessian((t: Tensor) => t.logsumexp())(x), eye(3, { dtype: 'float64' }).mul(s).sub(s.reshape(3, 1).matmul(s.reshape(1, 3))));
});

test('hvp of an MLP loss: equals the Hessian times v and the difference of gradients along v', () => {
  const theta = normal64([21], 30).mul(0.5), v = normal64([21], 31);
  const hv = hvp(mlpLoss, theta, v);
  near(hv, hessian(mlpLoss)(theta).matmul(v), 1e-10);
  near(hv, directional(grad(mlpLoss), theta, v), 1e-6);
  assert.throws(() => hvp(mlpLoss, theta, normal64([20])), /hvp: v of shape \[20\] does not match x of shape \[21\]/);
});

test('hvp over several arguments (every parameter of a model) equals the flat-parameter hvp', () => {
  const theta = normal64([21], 30).mul(0.5), v = normal64([21], 31);
  const parts = (t: Tensor) => [t.slice(0, 0, 12).reshape(3, 4), t.slice(0, 12, 16), t.slice(0, 16, 20).reshape(4, 1), t.slice(0, 20, 21)];
  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => X.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(Y).square().mean();
  const hv = hvp(loss, parts(theta), parts(v));
  const flat = hvp(mlpLoss, theta, v);
  hv.forEach((h, i) => near(h, parts(flat)[i], 1e-10));
  assert.throws(() => hvp(loss, parts(theta), parts(v).slice(1)), /hvp: 4 arguments but 3 vectors/);
  assert.throws(() => hvp(loss, parts(theta), [v, ...parts(v).slice(1)]), /hvp: v 0 of shape \[21\] does not match x 0 of shape \[3,4\]/);
});

test('transforms nest with grad: gradcheck of jvp, vjp, jacobian and hvp as functions of x', () => {
  const f = (x: Tensor) => x.sin().mul(x.sum()).tanh();
  const v = normal64([3], 41), w = normal64([3], 42);
  for (const [name, g] of [
    ['jvp', (x: Tensor) => jvp(f, [x], [v])[1]],
    ['vjp', (x: Tensor) => vjp(f, x)[1](w)[0]],
    ['jacobian', (x: Tensor) => jacobian(f)(x)],
    ['hvp', (x: Tensor) => hvp((t: Tensor) => f(t).sum(), x, v)],
    ['hessian', (x: Tensor) => hessian((t: Tensor) => f(t).sum())(x)],
    ['grad of jvp', (x: Tensor) => grad((t: Tensor) => jvp(f, [t], [v])[1].square().sum())(x)],
  ] as const) {
    const r = gradcheck(g, [normal64([3], 43)]);
    assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
  }
});

test('jvp is differentiable in its tangents; vjp in its cotangent', () => {
  const x = normal64([3]), f = (t: Tensor) => t.exp().mul(t.sum());
  assert.ok(gradcheck((v) => jvp(f, [x], [v])[1], [normal64([3], 2)]).ok);
  assert.ok(gradcheck((w) => vjp(f, x)[1](w)[0], [normal64([3], 3)]).ok);
});

test('gradgradcheck: passes for a smooth function, catches a VJP that is right only to first order', () => {
  assert.ok(gradgradcheck((a, b) => a.mul(b).sin().sum(1), [normal64([2, 3]), normal64([3], 2)]).ok);
  const good = customOp({ name: 'cube', forward: (x) => x.pow(3), vjp: (g, { inputs: [x] }) => [g.mul(x.square()).mul(3)] });
  const firstOrderOnly = customOp({ name: 'cube', forward: (x) => x.pow(3), vjp: (g, { inputs: [x] }) => [g.mul(x.detach().square()).mul(3)] });
  const x = normal64([4]);
  assert.ok(gradcheck((t) => good(t), [x]).ok && gradcheck((t) => firstOrderOnly(t), [x]).ok);
  assert.ok(gradgradcheck((t) => good(t), [x]).ok);
  assert.not.ok(gradgradcheck((t) => firstOrderOnly(t), [x]).ok);
});

test.run();
