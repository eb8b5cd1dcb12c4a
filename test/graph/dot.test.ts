import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { losses, manualSeed, nn, printGraph, retainGrads, scope, tensor, toDot, type Tensor } from '../../src/index.js';

/** logitCrossentropy(mlp(x), y) for a 2-4-3 MLP on two rows, the same graph on every call. */
function mlpLoss() {
  manualSeed(0);
  const model = new nn.MLP([2, 4, 3]);
  const x = tensor([[1, 2], [3, 4]]);
  const y = tensor([0, 2], { dtype: 'int32' });
  return { model, loss: losses.logitCrossentropy(model.forward(x), y) };
}

/** cluster label → the labels of the clusters directly inside it ('' = top level). */
function clusterTree(dot: string): Map<string, string[]> {
  const tree = new Map<string, string[]>([['', []]]);
  const stack = [''];
  let pending = false;
  for (const line of dot.split('\n')) {
    if (/subgraph cluster_\d+ \{$/.test(line)) pending = true;
    const label = /^\s*label="((?:[^"\\]|\\.)*)"; labelloc="[tb]"; style/.exec(line);
    if (pending && label) {
      tree.get(stack[stack.length - 1]!)!.push(label[1]!);
      tree.set(label[1]!, []);
      stack.push(label[1]!);
      pending = false;
    } else if (/^\s+\}$/.test(line)) stack.pop();
  }
  return tree;
}

test('toDot(logitCrossentropy(mlp(x), y)): one cluster per layer inside the model, one for the loss', () => {
  const { model, loss } = mlpLoss();
  const dot = toDot(loss, { params: model });
  const tree = clusterTree(dot);
  assert.equal(tree.get(''), ['MLP', 'logitCrossentropy']);
  assert.equal(tree.get('MLP'), ['layers.0', 'layers.1', 'layers.2']);
  assert.match(dot, /subgraph cluster_1 \{\n\s+label="layers.0"[^\n]*\n(\s+\w+ \[[^\n]*\n)*\s+p\d+ \[label="layers.0.weight\\n\[4,2\] float32"/);
  for (const name of ['layers.0.bias\\n[4] float32', 'layers.2.weight\\n[3,4] float32', 'layers.2.bias\\n[3] float32']) {
    assert.ok(dot.includes(`"${name}"`), name);
  }
  assert.match(dot, /n\d+ \[label="matmul\\n\[2,4\] float32"\]/);
  // the input is a constant, drawn in the first layer's box
  assert.match(dot, /label="layers.0"[^]*c\d+ \[label="const\\n\[2,2\] float32", shape=plain[^]*label="layers.1"/);
  // the root (the loss's last op, whatever primitives it is made of) is drawn bold inside the loss box
  assert.match(dot, /label="logitCrossentropy"; labelloc="t";[^}]*\[label="\w+\\n\[\] float32", penwidth=2\]/);
  const declared = new Set([...dot.matchAll(/^\s+(\w+) \[label=/gm)].map((m) => m[1]));
  const edges = [...dot.matchAll(/^\s+(\w+) -> (\w+);$/gm)];
  for (const [, a, b] of edges) assert.ok(declared.has(a) && declared.has(b), `${a} -> ${b}`);
  // everything but the root feeds something: the drawing is one graph that ends in the loss
  const root = /^\s+(\w+) \[[^\n]*penwidth=2\];$/m.exec(dot)![1];
  for (const id of declared) if (id !== root) assert.ok(edges.some(([, a]) => a === id), `${id} has no outgoing edge`);
  // deterministic: the same computation gives the same text, whatever ran before
  const again = mlpLoss();
  assert.is(toDot(again.loss, { params: again.model }), dot);
});

test('Graphviz (wasm) parses and lays out the DOT: the SVG has the layer and loss boxes', async () => {
  const { model, loss } = mlpLoss();
  const graphviz = await Graphviz.load();
  const svg = graphviz.dot(toDot(loss, { params: model }));
  assert.match(svg, /^<\?xml|<svg/);
  for (const label of ['MLP', 'layers.0', 'layers.2', 'logitCrossentropy', 'layers.0.weight', 'matmul']) {
    assert.ok(svg.includes(`>${label}</text>`), label);
  }
  assert.is((svg.match(/class="cluster"/g) ?? []).length, 5);
  assert.throws(() => graphviz.dot('digraph { a -> }'));
  const collapsed = graphviz.dot(toDot(loss, { params: model, collapse: true }));
  assert.is((collapsed.match(/class="cluster"/g) ?? []).length, 0);
  assert.ok(collapsed.includes('>logitCrossentropy</text>'));
});

test('grads: norms on leaves and retained nodes, NaN and Infinity in red', () => {
  const { model, loss } = mlpLoss();
  retainGrads(loss);
  loss.backward(undefined, { retainGraph: true });
  const dot = toDot(loss, { params: model, grads: true });
  const w = model.namedParameters()[0]![1].grad!.contiguousData();
  const expected = Math.hypot(...w);
  const shown = Number(/"layers.0.weight\\n\[4,2\] float32\\n‖∇‖ ([^"]+)"/.exec(dot)![1]);
  assert.ok(Math.abs(shown - expected) < 1e-3 * expected, `${shown} vs ${expected}`);
  assert.match(dot, /label="\w+\\n\[\] float32\\n‖∇‖ 1", penwidth=2/);
  assert.not.match(dot, /#d62728/);
  // without the option, no norms
  assert.not.match(toDot(loss, { params: model }), /‖∇‖/);

  const x = tensor([-1, 0, 4], { requiresGrad: true });
  const y = scope('root', () => x.sqrt().sum());
  y.backward(undefined, { retainGraph: true });
  const bad = toDot(y, { grads: true });
  assert.match(bad, /label="leaf\\n\[3\] float32\\n‖∇‖ NaN", fillcolor="#e4eefa", color="#d62728", fontcolor="#d62728"/);
  const z = tensor([0, 1], { requiresGrad: true });
  const s = z.sqrt().sum();
  s.backward(undefined, { retainGraph: true });
  assert.match(toDot(s, { grads: true }), /‖∇‖ Infinity", fillcolor="#e4eefa", color="#d62728"/);
});

test('gradient norms do not overflow and print small values in exponent form', () => {
  const x = tensor([3e30, 4e30], { dtype: 'float32', requiresGrad: true });
  const y = x.mul(1).sum();
  y.backward(undefined, { retainGraph: true });
  x.grad = tensor([3e30, 4e30]);
  assert.match(toDot(y, { grads: true }), /‖∇‖ 5.00e\+30/);
  x.grad = tensor([0, 0]);
  assert.match(toDot(y, { grads: true }), /‖∇‖ 0"/);
  x.grad = tensor([1e-5, 0]);
  assert.match(toDot(y, { grads: true }), /‖∇‖ 1.00e-5"/);
});

test('toDot and printGraph after a plain backward(): the same drawing as with retainGraph, gradients included; inputs and saved values are released', () => {
  const kept = mlpLoss();
  retainGrads(kept.loss);
  kept.loss.backward(undefined, { retainGraph: true });
  const plain = mlpLoss();
  retainGrads(plain.loss);
  const before = toDot(plain.loss, { params: plain.model });
  plain.loss.backward();
  const after = toDot(plain.loss, { params: plain.model, grads: true });
  assert.is(after, toDot(kept.loss, { params: kept.model, grads: true }));
  assert.is(toDot(plain.loss, { params: plain.model }), before);
  const text = (r: { model: nn.MLP; loss: Tensor }) => printGraph(r.loss, { params: r.model }).replace(/#\d+/g, '#'); // node ids are global
  assert.is(text(plain), text(kept));
  assert.match(after, /layers.0.weight\\n\[4,2\] float32\\n‖∇‖ [0-9.]+"/);
  assert.match(after, /matmul\\n\[2,4\] float32\\n‖∇‖ [0-9.]+"/); // an intermediate node: retainGrads
  // What backward freed: no node behind the loss still references an intermediate tensor or saved values.
  const seen = new Set<unknown>();
  const stack = [plain.loss.node!];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    assert.ok(node.freed && node.saved === undefined && node.inputs.length === 0 && (node as { out?: unknown }).out === undefined, node.op);
    for (const v of node.graph!.inputs) {
      if (v.node) {
        assert.not.ok('data' in v, `${node.op}: input ${v.node.op} still holds its data`);
        stack.push(v.node);
      }
    }
  }
  assert.ok(seen.size > 5);
  assert.throws(() => plain.loss.backward(), /freed by an earlier backward\(\); pass \{ retainGraph: true \}/);
});

test('after backward: leaf gradients always, intermediate ones only with retainGrads; a large constant shows its shape', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const c = tensor([[1, 0], [0, 1]]);
  const y = x.mul(c).add(c).exp().sum();
  y.backward();
  const dot = toDot(y, { params: { x }, grads: true });
  assert.match(dot, /label="x\\n\[2,2\] float32\\n‖∇‖ [0-9.]+"/);
  assert.not.match(dot, /exp\\n\[2,2\] float32\\n‖∇‖/);
  assert.is(dot.match(/const\\n\[2,2\] float32/g)?.length, 1); // one box for c, read by two ops
  assert.match(printGraph(y, { params: { x } }), /#\d+ mul \[2,2\] <- x\[2,2\], const\[2,2\]/);
  // without retainGrads no node keeps its output's data (the retained ones above keep theirs for .grad)
  for (let node = y.node; node; node = node.graph!.inputs.find((v) => v.node)?.node ?? null) {
    assert.not.ok('data' in node.graph!.out, `${node.op} keeps its output`);
  }
});

test('collapse: every outermost scope, or the named ones; constants inside a box are not drawn', () => {
  const { model, loss } = mlpLoss();
  const all = toDot(loss, { params: model, collapse: true });
  assert.match(all, /g\d+ \[label="MLP\\n\[2,3\] float32", shape=box3d/);
  assert.match(all, /g\d+ \[label="logitCrossentropy\\n\[\] float32", shape=box3d, style=filled, fillcolor="#fdf1d8", penwidth=2\]/);
  assert.not.match(all, /const|shape=plain/);
  assert.match(all, /p\d+ \[label="layers.0.weight/);
  assert.equal([...all.matchAll(/^\s+(g\d+) -> (g\d+);$/gm)].length, 1);

  const byName = toDot(loss, { params: model, collapse: ['logitCrossentropy', 'MLP/layers.0'] });
  assert.equal(clusterTree(byName).get(''), ['MLP']);
  assert.equal(clusterTree(byName).get('MLP'), ['layers.1', 'layers.2']);
  assert.match(byName, /label="layers.0\\n\[2,4\] float32", shape=box3d/);
  assert.is(toDot(loss, { params: model, collapse: [] }), toDot(loss, { params: model }));
});

test('params as pairs or a record; unnamed leaves; nested user scopes; rankdir; quoting', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const b = tensor([0.5], { requiresGrad: true });
  const free = tensor([3, 4], { requiresGrad: true });
  const out = scope('outer "a"', () => scope('inner\\b', () => w.mul(free).add(b)).sum());
  const fromRecord = toDot(out, { params: { w, b }, rankdir: 'LR' });
  assert.is(toDot(out, { params: [['w', w], ['b', b]], rankdir: 'LR' }), fromRecord);
  assert.match(fromRecord, /rankdir=LR;/);
  assert.match(fromRecord, /labelloc="t"/);
  assert.match(toDot(out, { rankdir: 'BT' }), /rankdir=BT;[^]*labelloc="b"/);
  assert.match(fromRecord, /label="w\\n\[2\] float32"/);
  assert.match(fromRecord, /label="leaf\\n\[2\] float32", fillcolor="#e4eefa"/);
  assert.match(fromRecord, /label="outer \\"a\\""/);
  assert.match(fromRecord, /label="inner\\\\b"/);
  assert.equal(clusterTree(fromRecord).get('outer \\"a\\"'), ['inner\\\\b']);
  // a tensor with no graph is an empty digraph
  assert.not.match(toDot(tensor([1])), /->|\[label/);
});

test('a broadcast scalar constant shows its value and the shape it was spread to', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const y: Tensor = x.mul(tensor(0.25)).sum();
  assert.match(toDot(y), /label="0.25 → \[2,2\]", shape=plain/);
});

test.run();
