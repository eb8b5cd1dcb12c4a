import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { losses, manualSeed, nn, printGraph, scope, tensor, toDot, Tensor } from '../../src/index.js';
import { Node } from '../../src/autograd/tape/node.js';
import { primitives } from '../../src/ops/table.js';

test('printGraph names parameters and nests module and loss scopes', () => {
  manualSeed(0);
  const model = new nn.MLP([2, 3, 1]);
  const loss = losses.mse(model.forward(tensor([[1, 2]])), tensor([[0.5]]));
  const text = printGraph(loss, { params: model });
  assert.match(text, /^MLP\n  layers.0\n    #\d+ permute \[2,3\] <- layers.0.weight\[3,2\]\n    #\d+ matmul \[1,3\] <- const\[1,2\], #\d+\n/);
  assert.match(text, /\n    #\d+ expand \[1,3\] <- layers.0.bias\[3\]\n/);
  assert.match(text, /\n  layers.1\n    #\d+ relu \[1,3\] <- #\d+\n  layers.2\n/);
  assert.match(text, /\nmse\n  #\d+ sub \[1,1\] <- #\d+, const\[1,1\]\n/);
  // without names, leaves print as leaf
  assert.match(printGraph(loss), /permute \[2,3\] <- leaf\[3,2\]/);
});

test('nn scopes: field names of the calling module, class name at the top, shared layers keep their field name', () => {
  class Net extends nn.Module {
    fc1 = new nn.Linear(2, 2);
    act = new nn.Tanh();
    heads = [new nn.Linear(2, 1), new nn.Linear(2, 1)];
    forward(x: Tensor) {
      const h = this.act.forward(this.fc1.forward(x));
      return this.heads[1]!.forward(h).add(new nn.Sigmoid().forward(h).sum(1, true));
    }
  }
  const net = new Net();
  const text = printGraph(net.forward(tensor([[1, 2]])), { params: net });
  const scopes = text.split('\n').filter((l) => !l.trim().startsWith('#')).map((l) => l.trim());
  assert.equal(scopes, ['Net', 'fc1', 'act', 'heads.1', 'Sigmoid']);
  // a layer called on its own is scoped by its class name; a user scope wraps it
  const alone = scope('encoder', () => net.fc1.forward(tensor([[1, 2]])));
  assert.match(printGraph(alone), /^encoder\n  Linear\n    #/);
  // the wrapper is invisible to parameter walks and to Object.keys
  assert.not.ok(Object.keys(net).includes('forward'));
  assert.is(net.namedParameters().length, 6);
});

test('a module whose forward throws leaves no scope behind', () => {
  class Bad extends nn.Module {
    forward(): Tensor { throw new Error('boom'); }
  }
  assert.throws(() => (new Bad() as nn.Module).forward(tensor([1])), /boom/);
  const x = tensor([1], { requiresGrad: true });
  assert.match(printGraph(x.mul(2)), /^#\d+ mul/);
});

test('a JS number operand kept as an op param shows as its value, in its place', () => {
  // an op that stores its number operand in params (as scalar fast paths do): built by hand
  const x = tensor([1, 2], { requiresGrad: true });
  const scaled = (scalar: number, scalarFirst: boolean) => {
    const node = new Node('mul', primitives.mul as never, [x], { scalar, scalarFirst }, [true], 'scaled', 0);
    const out = new Tensor(x.data, 'float32');
    out.requiresGrad = true;
    out.node = node;
    node.out = out;
    return out;
  };
  assert.match(printGraph(scaled(0.25, false), { params: { x } }), /#0 mul \[2\] <- x\[2\], 0.25$/);
  assert.match(printGraph(scaled(3, true)), /#0 mul \[2\] <- 3, leaf\[2\]$/);
  const dot = toDot(scaled(0.25, false));
  assert.match(dot, /label="scaled"; labelloc="t";[^\n]*\n\s+n0 \[label="mul\\n\[2\] float32", penwidth=2\];\n\s+c1 \[label="0.25", shape=plain/);
  assert.match(dot, /c1 -> n0;/);
  assert.not.match(toDot(scaled(0.25, false), { collapse: true }), /0.25/);
});

test.run();
