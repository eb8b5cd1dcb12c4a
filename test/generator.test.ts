import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data, defaultGenerator, Generator, manualSeed, nn, rand, randint, randn, tensor, arange } from '../src/index.js';

const values = (t: { contiguousData(): ArrayLike<number> }) => Array.from(t.contiguousData());

test('equal seeds give equal streams; a Generator is independent of the global stream', () => {
  const a = new Generator(7), b = new Generator(7);
  assert.equal(values(randn([5], { generator: a, dtype: 'float64' })), values(randn([5], { generator: b, dtype: 'float64' })));
  const g = new Generator(3);
  const first = values(rand([4], { generator: g }));
  manualSeed(1);
  const global1 = values(rand([4]));
  g.manualSeed(3);
  manualSeed(1);
  rand([10]); // the global stream moves; g does not
  assert.equal(values(rand([4], { generator: g })), first);
  manualSeed(1);
  assert.equal(values(rand([4])), global1);
  assert.not.equal(values(rand([4], { generator: new Generator(4) })), first);
});

test('the global stream is a Generator: manualSeed(s) equals new Generator(s)', () => {
  manualSeed(11);
  const x = values(randn([6], { dtype: 'float64' }));
  assert.equal(values(randn([6], { dtype: 'float64', generator: new Generator(11) })), x);
  manualSeed(11);
  assert.is(defaultGenerator.normal(), x[0]);
});

test('Generator: ranges, integers, permutations, state save and restore, seed checks', () => {
  const g = new Generator(5);
  const u = Array.from({ length: 2000 }, () => g.uniform());
  assert.ok(u.every((v) => v >= 0 && v < 1));
  const mean = u.reduce((s, v) => s + v, 0) / u.length;
  assert.ok(Math.abs(mean - 0.5) < 0.03, `mean ${mean}`);
  const ints = values(randint(-2, 3, [500], { generator: g }));
  assert.equal([...new Set(ints)].sort(), [-1, -2, 0, 1, 2]);
  assert.ok(Array.from({ length: 100 }, () => g.range(2, 4)).every((v) => v >= 2 && v < 4));
  assert.ok(Array.from({ length: 100 }, () => g.int(3)).every((v) => v >= 0 && v < 3 && Number.isInteger(v)));
  assert.equal(Array.from(g.permutation(6)).sort(), [0, 1, 2, 3, 4, 5]);
  g.normal(); // leaves a cached normal in the state
  const state = g.getState();
  const next = [g.normal(), g.uniform(), g.nextUint32()];
  const h = new Generator(0).setState(state);
  assert.equal([h.normal(), h.uniform(), h.nextUint32()], next);
  assert.throws(() => h.setState([1, 2]), /Generator.setState: expected the 5 numbers/);
  assert.throws(() => new Generator(NaN), /Generator: seed must be a finite number, got NaN/);
});

test('Dropout draws its masks from its own generator', () => {
  const x = tensor(Array.from({ length: 64 }, () => 1));
  const mask = (seed: number) => values(new nn.Dropout(0.5, { generator: new Generator(seed) }).forward(x));
  assert.equal(mask(1), mask(1));
  assert.not.equal(mask(1), mask(2));
  manualSeed(0);
  const d = new nn.Dropout(0.5, { generator: new Generator(1) });
  const m1 = values(d.forward(x));
  manualSeed(0);
  rand([3]);
  assert.equal(values(new nn.Dropout(0.5, { generator: new Generator(1) }).forward(x)), m1);
});

test('batches with a generator: reproducible, a new order each pass; not with a seed too', () => {
  const x = arange(10).reshape(10, 1), y = arange(10);
  const orders = (gen: Generator) => {
    const b = data.batches(x, y, { batchSize: 10, shuffle: true, generator: gen });
    return [0, 1].map(() => values([...b][0]![1]));
  };
  const [p1, p2] = orders(new Generator(9));
  assert.equal(orders(new Generator(9)), [p1, p2]);
  assert.not.equal(p1, p2);
  assert.equal([...p1!].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => data.batches(x, y, { batchSize: 2, seed: 1, generator: new Generator(1) }), /batches: give either seed or generator/);
});

test('data sources take a seed or a Generator', () => {
  assert.equal(data.sources.twoMoons(20, { seed: 4 }).x, data.sources.twoMoons(20, { seed: 4 }).x);
  const g1 = new Generator(4), g2 = new Generator(4);
  const a = data.sources.spirals(30, { seed: g1 }), b = data.sources.spirals(30, { seed: g2 });
  assert.equal(a.x, b.x);
  assert.not.equal(data.sources.spirals(30, { seed: g1 }).x, a.x); // the generator moved on
  const split = (seed: Generator) => values(data.trainTestSplit(arange(8).reshape(8, 1), arange(8), { testFraction: 0.25, seed }).yTest);
  assert.equal(split(new Generator(2)), split(new Generator(2)));
  assert.equal(Array.from(data.sources.permutation(5, new Generator(1))), Array.from(new Generator(1).permutation(5)));
});

test('initialisers take a generator', () => {
  const w = (seed: number) => values(nn.init.kaimingUniform([4, 3], { generator: new Generator(seed) }));
  assert.equal(w(3), w(3));
  assert.not.equal(w(3), w(4));
  assert.equal(values(nn.init.normal([5], { std: 2, generator: new Generator(1) })), values(randn([5], { generator: new Generator(1) })).map((v) => Math.fround(2 * v)));
});

test.run();
