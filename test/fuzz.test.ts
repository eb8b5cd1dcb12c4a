/**
 * Property tests (fast-check), 17 properties: random shapes (0-size dims included), broadcast pairs, dtypes and
 * views (permuted, sliced, stride-0) through the elementwise ops, reductions, softmax/logsumexp,
 * matmul and shape ops, each against a naive float64 reference that reads elements with
 * ndarray's own `get` (no tapegrad kernel on the reference side); gradcheck on random inputs; and
 * the validation rules on random bad input; NaN through every reduction and norm; the io decoders
 * on hostile bytes (cut, overwritten, spliced valid files and random bytes). Seeds are fixed and runs bounded; FUZZ_RUNS=10 (a
 * multiplier) and FUZZ_SEED=n run a longer or different search locally.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as tg from '../src/index.js';
import {
  concat, gradcheck, ones, tensor, zeros, type DType, type Tensor,
} from '../src/index.js';

const SCALE = Number(process.env['FUZZ_RUNS'] ?? 1);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20260808);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });

// ----- naive reference -----
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** The multi-index of flat row-major position i in shape s. */
function unravel(i: number, s: readonly number[]): number[] {
  const idx = new Array<number>(s.length);
  for (let d = s.length - 1; d >= 0; d--) {
    idx[d] = i % s[d];
    i = Math.floor(i / s[d]);
  }
  return idx;
}
/** The logical elements of t in row-major order, read one by one through ndarray's get(). */
function read(t: Tensor): number[] {
  const n = sizeOf(t.shape);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = t.data.get(...unravel(i, t.shape));
  return out;
}
const roundTo = (v: number, d: DType) => (d === 'float32' ? Math.fround(v) : d === 'int32' ? v | 0 : v);
const EPS: Record<DType, number> = { float32: 2 ** -23, float64: 2 ** -52, int32: 0 };
/** Same number within tol·(1 + scale), NaN equal to NaN, infinities exact. */
function near(got: number, want: number, tol: number, scale = Math.abs(want)): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;
  return Math.abs(got - want) <= tol * (1 + scale);
}
function assertValues(got: Tensor, want: number[], shape: readonly number[], dtype: DType, what: string, ulps = 64, scales?: number[]): void {
  assert.equal(got.shape, [...shape], `${what}: shape`);
  assert.is(got.dtype, dtype, `${what}: dtype`);
  const g = read(got);
  const tol = EPS[dtype] * ulps;
  for (let i = 0; i < want.length; i++) {
    const w = roundTo(want[i], dtype);
    if (!near(g[i], w, tol, scales?.[i])) assert.unreachable(`${what}: element ${i} is ${g[i]}, reference ${w}`);
  }
}
const promote = (a: DType, b: DType): DType => (a === 'float64' || b === 'float64' ? 'float64' : a === 'float32' || b === 'float32' ? 'float32' : 'int32');
const toFloat = (d: DType): DType => (d === 'int32' ? 'float32' : d);

// ----- arbitraries -----
const dtypeArb = fc.constantFrom<DType>('float32', 'float64', 'int32');
const dimArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) });
const shapeArb = (maxRank = 4) => fc.array(dimArb, { maxLength: maxRank });
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e3, -1e3, 0.5) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);
type ViewKind = 'contiguous' | 'permuted' | 'sliced' | 'stride0';
const viewArb = fc.constantFrom<ViewKind>('contiguous', 'permuted', 'sliced', 'stride0');

interface Spec { shape: number[]; dtype: DType; values: number[]; view: ViewKind; pick: number }
const specArb = (shape: fc.Arbitrary<number[]>, dtype: fc.Arbitrary<DType> = dtypeArb): fc.Arbitrary<Spec> =>
  fc.tuple(shape, dtype, viewArb, fc.nat(1000)).chain(([s, d, view, pick]) =>
    fc.array(valueArb, { minLength: sizeOf(s), maxLength: sizeOf(s) }).map((values) => ({ shape: s, dtype: d, values, view, pick })));

/**
 * A tensor of spec.shape laid out as spec.view: a row-major copy, a permuted copy viewed back, a
 * slice out of a padded copy (offset and larger strides), or a size-1 dim expanded (stride 0).
 * Its logical values are whatever that layout holds; the reference reads them back with read().
 */
function build({ shape, dtype, values, view, pick }: Spec): Tensor {
  // int32 cannot hold NaN or ±Infinity (an error by design): those become 0 there.
  const stored = dtype === 'int32' ? values.map((v) => (Number.isFinite(v) ? v : 0)) : values;
  const base = tensor(stored, { dtype, shape });
  const rank = shape.length;
  if (view === 'contiguous' || rank === 0) return base;
  const d = pick % rank;
  if (view === 'permuted') {
    const perm = [...Array(rank).keys()].map((i) => (i + 1 + pick) % rank);
    const inverse = new Array<number>(rank);
    perm.forEach((p, i) => (inverse[p] = i));
    return base.permute(perm).contiguous().permute(inverse);
  }
  if (view === 'sliced') return base.pad(d, 1, 2).slice(d, 1, 1 + shape[d]);
  if (shape[d] === 0) return base;
  return base.slice(d, 0, 1).expand(shape);
}

/** A shape and a second shape that broadcasts with it (dims dropped from the front or set to 1). */
const broadcastPairArb = shapeArb(3).chain((s) =>
  fc.tuple(fc.constant(s), fc.nat(s.length), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.boolean())
    .map(([a, drop, ones1, swap]) => {
      const b = a.slice(drop).map((n, i) => (ones1[i + drop] ? 1 : n));
      return swap ? [b, a] as const : [a, b] as const;
    }));
const broadcastShape = (a: readonly number[], b: readonly number[]) => {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    return x === 1 ? y : x;
  });
};
/** The flat position in a shape `s` broadcast into `out` of the element at out-index idx. */
function broadcastIndex(idx: number[], s: readonly number[]): number {
  const lead = idx.length - s.length;
  let flat = 0;
  for (let d = 0; d < s.length; d++) flat = flat * s[d] + (s[d] === 1 ? 0 : idx[lead + d]);
  return flat;
}

// ----- properties -----
const BINARY: Record<string, { f: (a: Tensor, b: Tensor) => Tensor; ref: (a: number, b: number) => number; float?: boolean; mask?: boolean }> = {
  add: { f: (a, b) => a.add(b), ref: (a, b) => a + b },
  sub: { f: (a, b) => a.sub(b), ref: (a, b) => a - b },
  mul: { f: (a, b) => a.mul(b), ref: (a, b) => a * b },
  div: { f: (a, b) => a.div(b), ref: (a, b) => a / b, float: true },
  pow: { f: (a, b) => a.pow(b), ref: (a, b) => Math.pow(a, b), float: true },
  maximum: { f: (a, b) => a.maximum(b), ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)) },
  minimum: { f: (a, b) => a.minimum(b), ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)) },
  lt: { f: (a, b) => a.lt(b), ref: (a, b) => +(a < b), mask: true },
  eq: { f: (a, b) => a.eq(b), ref: (a, b) => +(a === b), mask: true },
  ge: { f: (a, b) => a.ge(b), ref: (a, b) => +(a >= b), mask: true },
};

test('elementwise binary ops on broadcast pairs of any dtype and layout match a float64 reference', () => {
  const arb = broadcastPairArb.chain(([sa, sb]) =>
    fc.tuple(specArb(fc.constant([...sa])), specArb(fc.constant([...sb])), fc.constantFrom(...Object.keys(BINARY))));
  fc.assert(fc.property(arb, ([sa, sb, name]) => {
    const a = build(sa), b = build(sb), op = BINARY[name]!;
    const out = broadcastShape(a.shape, b.shape);
    const dtype = op.float ? toFloat(promote(a.dtype, b.dtype)) : promote(a.dtype, b.dtype);
    const va = read(a), vb = read(b);
    const want = Array.from({ length: sizeOf(out) }, (_, i) => {
      const idx = unravel(i, out);
      return op.ref(va[broadcastIndex(idx, a.shape)], vb[broadcastIndex(idx, b.shape)]);
    });
    if (dtype === 'int32' && want.some((v) => !(Math.abs(v) < 2 ** 31))) return; // int32 arithmetic wraps, as in PyTorch
    assertValues(op.f(a, b), want, out, dtype, `${name} ${a.dtype}[${a.shape}] ${b.dtype}[${b.shape}]`);
  }), runs(1500));
});

const UNARY: Record<string, [(x: Tensor) => Tensor, (v: number) => number]> = {
  neg: [(x) => x.neg(), (v) => -v],
  exp: [(x) => x.exp(), Math.exp],
  log: [(x) => x.log(), Math.log],
  sqrt: [(x) => x.sqrt(), Math.sqrt],
  abs: [(x) => x.abs(), Math.abs],
  square: [(x) => x.square(), (v) => v * v],
  tanh: [(x) => x.tanh(), Math.tanh],
  sigmoid: [(x) => x.sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
  softplus: [(x) => x.softplus(), (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))],
  logSigmoid: [(x) => x.logSigmoid(), (v) => Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)))],
  relu: [(x) => x.relu(), (v) => (v > 0 || Number.isNaN(v) ? v : 0)],
  sign: [(x) => x.sign(), Math.sign],
  log1p: [(x) => x.log1p(), Math.log1p],
  expm1: [(x) => x.expm1(), Math.expm1],
  clamp: [(x) => x.clamp(-1, 2), (v) => Math.min(Math.max(v, -1), 2)],
  hardtanh: [(x) => x.hardtanh(), (v) => Math.min(Math.max(v, -1), 1)],
};

test('unary ops on every layout match a float64 reference (NaN where the reference is NaN)', () => {
  fc.assert(fc.property(specArb(shapeArb()), fc.constantFrom(...Object.keys(UNARY)), (spec, name) => {
    const x = build(spec);
    const [f, ref] = UNARY[name]!;
    const keepsInt = ['neg', 'abs', 'square', 'relu', 'sign', 'clamp', 'hardtanh'].includes(name);
    const dtype = keepsInt ? x.dtype : toFloat(x.dtype);
    assertValues(f(x), read(x).map(ref), x.shape, dtype, `${name} ${x.dtype}[${x.shape}] ${spec.view}`);
  }), runs(1500));
});

/** Dims to reduce: undefined, [], one dim (maybe negative) or a subset; with keepdim. */
const reduceArgs = (rank: number) => fc.tuple(
  fc.oneof(fc.constant(undefined), fc.constant([] as number[]), rank ? fc.integer({ min: -rank, max: rank - 1 }) : fc.constant(undefined),
    fc.subarray([...Array(rank).keys()])),
  fc.boolean());

function reduceRef(values: number[], shape: number[], dims: number[], kind: string): { out: number[]; shape: number[]; scale: number[] } {
  const keep = shape.map((n, i) => (dims.includes(i) ? 1 : n));
  const groups: number[][] = Array.from({ length: sizeOf(keep) }, () => []);
  values.forEach((v, i) => {
    const idx = unravel(i, shape).map((j, d) => (dims.includes(d) ? 0 : j));
    groups[idx.reduce((f, j, d) => f * keep[d] + j, 0)].push(v);
  });
  const f: Record<string, (g: number[]) => number> = {
    sum: (g) => g.reduce((a, b) => a + b, 0),
    prod: (g) => g.reduce((a, b) => a * b, 1),
    mean: (g) => g.reduce((a, b) => a + b, 0) / g.length,
    max: (g) => (g.some(Number.isNaN) ? NaN : Math.max(...g)),
    min: (g) => (g.some(Number.isNaN) ? NaN : Math.min(...g)),
    logsumexp: (g) => {
      const m = Math.max(...g);
      if (!Number.isFinite(m)) return g.length ? m : -Infinity;
      return m + Math.log(g.reduce((s, v) => s + Math.exp(v - m), 0));
    },
  };
  return { out: groups.map(f[kind]!), shape: keep, scale: groups.map((g) => g.reduce((s, v) => s + Math.abs(v), 0)) };
}

test('reductions over any dims (empty ones included) match a float64 reference, or name the op when undefined', () => {
  const arb = specArb(shapeArb()).chain((spec) => fc.tuple(fc.constant(spec), reduceArgs(spec.shape.length),
    fc.constantFrom('sum', 'prod', 'mean', 'max', 'min', 'logsumexp')));
  fc.assert(fc.property(arb, ([spec, [dim, keepdim], kind]) => {
    const x = build(spec);
    const rank = x.ndim;
    const dims = dim === undefined || (Array.isArray(dim) && dim.length === 0) ? [...Array(rank).keys()]
      : (typeof dim === 'number' ? [dim] : dim).map((d) => (d < 0 ? d + rank : d));
    const call = () => (x as any)[kind](dim, keepdim) as Tensor;
    const what = `${kind}(${JSON.stringify(dim)}, ${keepdim}) of ${x.dtype}[${x.shape}] ${spec.view}`;
    if ((kind === 'max' || kind === 'min') && dims.some((d) => x.shape[d] === 0)) {
      assert.throws(call, new RegExp(`^${kind}: cannot reduce dim \\d+ of size 0`), what);
      return;
    }
    const ref = reduceRef(read(x), x.shape, dims, kind);
    const shape = keepdim ? ref.shape : x.shape.filter((_, d) => !dims.includes(d));
    const dtype = kind === 'logsumexp' || kind === 'mean' ? toFloat(x.dtype) : x.dtype;
    if (dtype === 'int32' && ref.out.some((v) => !(Math.abs(v) < 2 ** 31))) {
      assert.throws(call, new RegExp(`^${kind}: the int32 result .* leaves the int32 range`), what);
      return;
    }
    assertValues(call(), ref.out, shape, dtype, what, 256, ref.scale);
  }), runs(2000));
});

test('softmax and logSoftmax along any dim match a float64 reference and sum to 1', () => {
  const arb = specArb(shapeArb()).chain((spec) => {
    const r = Math.max(spec.shape.length, 1);
    return fc.tuple(fc.constant(spec), fc.integer({ min: -r, max: r - 1 }), fc.boolean());
  });
  fc.assert(fc.property(arb, ([spec, dim, log]) => {
    const x = build(spec);
    if (x.ndim === 0) {
      // a 0-d tensor is a row of one: softmax 1, logSoftmax 0 (dims 0 and −1, as PyTorch)
      const v = read(x)[0];
      assertValues(log ? x.logSoftmax(dim) : x.softmax(dim), [log ? v - v : Math.exp(v - v)], [], toFloat(x.dtype), `0-d softmax(${dim})`);
      return;
    }
    const d = dim < 0 ? dim + x.ndim : dim;
    const lse = reduceRef(read(x), x.shape, [d], 'logsumexp');
    const vals = read(x);
    const rowMax = reduceRef(vals, x.shape, [d], 'max');
    const want = vals.map((v, i) => {
      const idx = unravel(i, x.shape);
      idx[d] = 0;
      const row = idx.reduce((f, j, k) => f * lse.shape[k] + j, 0);
      // PyTorch subtracts the raw row max: a row with NaN, +∞, or only −∞ is NaN throughout
      if (!Number.isFinite(rowMax.out[row])) return NaN;
      return log ? v - lse.out[row] : Math.exp(v - lse.out[row]);
    });
    const got = log ? x.logSoftmax(dim) : x.softmax(dim);
    assertValues(got, want, x.shape, toFloat(x.dtype), `${log ? 'logSoftmax' : 'softmax'}(${dim}) of ${x.dtype}[${x.shape}]`, 512,
      log ? vals.map((v) => Math.abs(v)) : undefined);
    if (!log && x.shape[d] > 0) {
      const sums = read(got.to('float64').sum(dim));
      // rows holding NaN or ±Infinity give NaN (as in PyTorch); every other row sums to 1
      sums.forEach((s) => assert.ok(Number.isNaN(s) || Math.abs(s - 1) < 1e-5, `softmax row sums to ${s}`));
    }
  }), runs(1000));
});

test('matmul of 1-D, 2-D and batched operands (broadcast batch, transposed views, k = 0) matches a naive product', () => {
  const arb = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }),
    fc.constantFrom<'2d' | 'a1' | 'b1' | 'batch' | 'bcast'>('2d', 'a1', 'b1', 'batch', 'bcast'), fc.integer({ min: 1, max: 3 }),
    fc.boolean(), fc.boolean(), fc.constantFrom<DType>('float32', 'float64'), fc.constantFrom<DType>('float32', 'float64'))
    .chain(([m, k, n, kind, batch, ta, tb, da, db]) => {
      const sa = kind === 'a1' ? [k] : kind === 'batch' || kind === 'bcast' ? [batch, m, k] : [m, k];
      const sb = kind === 'b1' ? [k] : kind === 'batch' ? [batch, k, n] : [k, n];
      return fc.tuple(specArb(fc.constant(sa), fc.constant(da)), specArb(fc.constant(sb), fc.constant(db)), fc.constant([ta, tb]));
    });
  fc.assert(fc.property(arb, ([sa, sb, [ta, tb]]) => {
    // a transposed operand: built as the transpose's contiguous copy, viewed back (strides swapped)
    const layout = (s: Spec, t: boolean) => (t && s.shape.length >= 2 ? build({ ...s, view: 'contiguous' }).transpose(-2, -1).contiguous().transpose(-2, -1) : build(s));
    const a = layout(sa, ta), b = layout(sb, tb);
    const A = a.ndim === 1 ? [1, a.shape[0]] : a.shape, B = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
    const [m, k] = A.slice(-2), n = B[B.length - 1];
    const batch = A.length === 3 ? A[0] : B.length === 3 ? B[0] : 1;
    const va = read(a), vb = read(b);
    const want: number[] = [], scale: number[] = [];
    for (let t = 0; t < batch; t++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0, abs = 0;
          for (let p = 0; p < k; p++) {
            const x = va[(A.length === 3 ? t * m * k : 0) + i * k + p], y = vb[(B.length === 3 ? t * k * n : 0) + p * n + j];
            s += x * y;
            abs += Math.abs(x * y);
          }
          want.push(s);
          scale.push(abs);
        }
      }
    }
    let shape = [...(A.length === 3 || B.length === 3 ? [batch] : []), m, n];
    if (a.ndim === 1) shape = shape.filter((_, i) => i !== shape.length - 2);
    if (b.ndim === 1) shape = shape.slice(0, -1);
    assertValues(a.matmul(b), want, shape, promote(a.dtype, b.dtype), `[${a.shape}] @ [${b.shape}]`, 64, scale);
  }), runs(1000));
});

test('shape ops (reshape, permute, slice, expand -1, concat) on every layout keep the elements in order', () => {
  fc.assert(fc.property(specArb(shapeArb(3).filter((s) => s.length > 0)), fc.nat(100), (spec, pick) => {
    const x = build(spec);
    const v = read(x);
    assert.equal(read(x.reshape(-1)), v);
    assert.equal(read(x.reshape(x.shape)), v);
    const d = pick % x.ndim;
    const n = x.shape[d];
    const start = n ? pick % n : 0;
    const s = x.slice(d, start);
    assert.equal(read(concat([x.slice(d, 0, start), s], d)), v);
    assert.equal(read(x.expand(x.shape.map(() => -1))), v);
    assert.equal(read(x.expand([2, ...x.shape])), [...v, ...v]);
    const perm = [...Array(x.ndim).keys()].reverse();
    assert.equal(read(x.permute(perm).permute(perm)), v);
  }), runs(1000));
});

test('cumsum, argmax/argmin and sort along any dim of any layout match a naive reference', () => {
  // some lines longer than 16, where argsort's merge passes (not only its insertion sort) run
  const shapes = fc.oneof({ weight: 3, arbitrary: shapeArb(3) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 17, max: 70 })).map((t) => [...t]) });
  const arb = specArb(shapes).chain((spec) => {
    const r = Math.max(spec.shape.length, 1);
    return fc.tuple(fc.constant(spec), fc.integer({ min: -r, max: r - 1 }), fc.constantFrom('cumsum', 'argmax', 'argmin', 'sort', 'sortDesc'));
  });
  fc.assert(fc.property(arb, ([spec, dim, kind]) => {
    const x = build(spec);
    const shape = x.ndim ? x.shape : [1];
    const d = dim < 0 ? dim + shape.length : dim;
    const vals = read(x);
    const what = `${kind}(${dim}) of ${x.dtype}[${x.shape}] ${spec.view}`;
    // the lines along d: for each, the flat positions of its elements in order
    const lines: number[][] = [];
    const outer = shape.map((n, i) => (i === d ? 1 : n));
    for (let o = 0; o < sizeOf(outer); o++) {
      const idx = unravel(o, outer);
      lines.push(Array.from({ length: shape[d] }, (_, k) => {
        idx[d] = k;
        return idx.reduce((f, j, i) => f * shape[i] + j, 0);
      }));
    }
    if (kind === 'cumsum') {
      const want = new Array<number>(vals.length);
      for (const line of lines) line.reduce((acc, at) => (want[at] = acc + vals[at]), 0);
      assertValues(tg.cumsum(x, dim), want, x.shape, x.dtype, what, 64, vals.map(Math.abs));
    } else if (kind === 'argmax' || kind === 'argmin') {
      if (shape[d] === 0) return void assert.throws(() => tg[kind](x, dim), new RegExp(`^${kind}: `), what);
      // first index of the extreme; NaN counts as the extreme (as in PyTorch)
      const better = (a: number, b: number) => (Number.isNaN(b) ? false : Number.isNaN(a) || (kind === 'argmax' ? a > b : a < b));
      const want = lines.map((line) => line.reduce((best, at, k) => (better(vals[at], vals[line[best]]) ? k : best), 0));
      assertValues(tg[kind](x, dim), want, x.shape.filter((_, i) => i !== d), 'int32', what);
    } else {
      const desc = kind === 'sortDesc';
      const { values, indices } = tg.sort(x, dim, desc);
      // stable: equal values keep their order; NaN sorts as the largest
      const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
      const order = lines.map((line) => line.map((_, k) => k).sort((i, j) => {
        const a = vals[line[i]], b = vals[line[j]];
        if (Number.isNaN(a) !== Number.isNaN(b)) return (Number.isNaN(a) ? 1 : -1) * (desc ? -1 : 1);
        return (key(a) - key(b)) * (desc ? -1 : 1) || i - j;
      }));
      const wantIdx = new Array<number>(vals.length), wantVal = new Array<number>(vals.length);
      lines.forEach((line, l) => line.forEach((at, k) => { wantIdx[at] = order[l][k]; wantVal[at] = vals[line[order[l][k]]]; }));
      assertValues(indices, wantIdx, x.shape, 'int32', `${what} indices`);
      assertValues(values, wantVal, x.shape, x.dtype, `${what} values`);
    }
  }), runs(1000));
});

test('gather matches a naive lookup on any layout, and scatterAdd is its adjoint (⟨scatterAdd(s), x⟩ = ⟨s, gather(x)⟩)', () => {
  const arb = specArb(shapeArb(3).filter((s) => s.length > 0 && sizeOf(s) > 0), fc.constantFrom<DType>('float32', 'float64')).chain((spec) =>
    fc.tuple(fc.constant(spec), fc.nat(spec.shape.length - 1),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: spec.shape.length, maxLength: spec.shape.length }), fc.nat()));
  fc.assert(fc.property(arb, ([spec, d, extent, seed]) => {
    const x = build(spec);
    // index shape: at most x's size outside d, any size along d; values in range along d
    const ishape = x.shape.map((n, i) => (i === d ? extent[i] : Math.min(n, extent[i])));
    let r = seed >>> 0;
    const values = Array.from({ length: sizeOf(ishape) }, () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) % x.shape[d]));
    const index = tensor(values, { dtype: 'int32', shape: ishape });
    const vx = read(x);
    const want = values.map((v, i) => {
      const idx = unravel(i, ishape);
      idx[d] = v;
      return vx[idx.reduce((f, j, k) => f * x.shape[k] + j, 0)];
    });
    const g = x.gather(d, index);
    assertValues(g, want, ishape, x.dtype, `gather(${d}) of [${x.shape}] by [${ishape}]`, 0);
    const src = smooth(ishape, seed), probe = smooth(x.shape, seed + 1);
    const lhs = read(tg.scatterAdd(src, d, index, x.shape).mul(probe).sum().to('float64'))[0];
    const rhs = read(src.mul(probe.gather(d, index)).sum())[0];
    assert.ok(Math.abs(lhs - rhs) <= 1e-12 * (1 + Math.abs(rhs)), `scatterAdd adjoint: ${lhs} vs ${rhs}`);
  }), runs(1000));
});

/** Continuous values from a seed (no fast-check bias toward 0 and ties, which sit on kinks). */
function smooth(shape: number[], seed: number, lo = -2, hi = 2): Tensor {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return tensor(Float64Array.from({ length: sizeOf(shape) }, () => lo + (hi - lo) * next()), { shape });
}
const GRAD: Record<string, { arity: 1 | 2; f: (a: Tensor, b?: Tensor) => Tensor; positive?: boolean }> = {
  'mul-add': { arity: 2, f: (a, b) => a.mul(b!).add(a) },
  div: { arity: 2, f: (a, b) => a.div(b!), positive: true },
  pow: { arity: 2, f: (a, b) => a.pow(b!), positive: true },
  'pow-int': { arity: 1, f: (a) => a.pow(3).add(a.pow(0)).add(a.pow(1)) },
  'exp-log': { arity: 1, f: (a) => a.exp().add(a.log()), positive: true },
  'tanh-sigmoid': { arity: 1, f: (a) => a.tanh().mul(a.sigmoid()) },
  'softplus-logSigmoid': { arity: 1, f: (a) => a.softplus().sub(a.logSigmoid()) },
  maximum: { arity: 2, f: (a, b) => a.maximum(b!).add(a.minimum(b!).square()) },
  sqrt: { arity: 1, f: (a) => a.sqrt(), positive: true },
  prod: { arity: 1, f: (a) => a.prod(-1) },
  'max-mean': { arity: 1, f: (a) => a.max(0).add(a.mean()) },
  logsumexp: { arity: 1, f: (a) => a.logsumexp(-1) },
  softmax: { arity: 1, f: (a) => a.softmax(0).mul(a) },
  logSoftmax: { arity: 1, f: (a) => a.logSoftmax(-1).square() },
  'matmul-T': { arity: 1, f: (a) => (a.ndim >= 1 ? a.matmul(a.transpose()) : a.mul(a)) },
  'slice-permute': { arity: 1, f: (a) => (a.ndim >= 2 ? a.permute([...Array(a.ndim).keys()].reverse()).slice(0, 0, 1).exp() : a.exp()) },
};

test('gradcheck passes for compositions of primitives on random shapes and broadcast pairs (float64)', () => {
  const arb = fc.tuple(broadcastPairArb, fc.constantFrom(...Object.keys(GRAD)), fc.nat()).filter(([[sa, sb]]) =>
    sizeOf(sa) > 0 && sizeOf(sb) > 0 && sizeOf(sa) <= 24 && sizeOf(sb) <= 24);
  fc.assert(fc.property(arb, ([[sa, sb], name, seed]) => {
    const op = GRAD[name]!;
    const lo = op.positive ? 0.5 : -2, hi = op.positive ? 2 : 2;
    const a = smooth([...sa], seed, lo, hi);
    const inputs = op.arity === 2 ? [a, smooth([...sb], seed + 1, lo, hi)] : [a];
    const f = (...xs: Tensor[]) => op.f(xs[0], xs[1]);
    assert.ok(read(f(...inputs)).every(Number.isFinite), `${name} on [${sa}]: non-finite value`);
    const report = gradcheck(f, inputs);
    assert.ok(report.ok, `${name} on [${sa}]${op.arity === 2 ? ` and [${sb}]` : ''}: ${JSON.stringify(report.worst)}`);
  }), runs(400));
});

test('gradcheck of prod and pow at exact zeros (the branches of their VJPs that smooth inputs never reach)', () => {
  const arb = fc.tuple(shapeArb(3).filter((s) => sizeOf(s) > 0 && sizeOf(s) <= 24), fc.nat(), fc.integer({ min: 0, max: 4 }));
  fc.assert(fc.property(arb, ([shape, seed, k]) => {
    const a = smooth(shape, seed);
    // x = a − c is exactly 0 where a < 0 at the checked point, with dx/da = 1 there
    const c = a.mul(a.lt(0));
    const fs: Record<string, (x: Tensor) => Tensor> = {
      prod: (x) => x.sub(c).prod(shape.length ? k % shape.length : undefined),
      pow: (x) => x.sub(c).pow(k).sum(),
    };
    for (const [name, f] of Object.entries(fs)) {
      const report = gradcheck(f, [a]);
      assert.ok(report.ok, `${name} (k = ${k}) on [${shape}] with zeros at a < 0: ${JSON.stringify(report.worst)}`);
    }
  }), runs(300));
});

/** View transforms applied inside the differentiated function, so their VJPs are on the path. */
const VIEWS: Record<string, (a: Tensor, pick: number) => Tensor> = {
  permute: (a, k) => (a.ndim < 2 ? a : a.permute([...Array(a.ndim).keys()].map((i) => (i + 1 + k) % a.ndim))),
  slice: (a, k) => (a.ndim === 0 || a.shape[k % a.ndim] < 2 ? a : a.slice(k % a.ndim, 1)),
  stride0: (a, k) => a.unsqueeze(k % (a.ndim + 1)).expand(a.shape.slice(0, k % (a.ndim + 1)).concat([3], a.shape.slice(k % (a.ndim + 1)))),
  'transpose-reshape': (a) => (a.ndim < 2 ? a : a.transpose().reshape(-1)),
  'pad-select': (a, k) => (a.ndim === 0 ? a : a.pad(k % a.ndim, 1, 1).select(k % a.ndim, 1)),
  'concat-self': (a, k) => (a.ndim === 0 ? a : concat([a, a.mul(2)], k % a.ndim)),
};

test('gradcheck passes through views (permuted, sliced, stride-0, padded, concatenated) feeding a random op', () => {
  const arb = fc.tuple(shapeArb(3).filter((s) => sizeOf(s) > 0 && sizeOf(s) <= 24), fc.constantFrom(...Object.keys(VIEWS)),
    fc.constantFrom(...Object.keys(GRAD).filter((k) => GRAD[k]!.arity === 1)), fc.nat(), fc.nat(5));
  fc.assert(fc.property(arb, ([shape, view, name, seed, k]) => {
    const op = GRAD[name]!;
    const a = smooth(shape, seed, op.positive ? 0.5 : -2, 2);
    const f = (x: Tensor) => op.f(VIEWS[view]!(x, k));
    assert.ok(read(f(a)).every(Number.isFinite), `${view} → ${name} on [${shape}]: non-finite value`);
    const report = gradcheck(f, [a]);
    assert.ok(report.ok, `${view} → ${name} on [${shape}]: ${JSON.stringify(report.worst)}`);
  }), runs(400));
});

test('creation: any bad shape is an error naming the function; any good one gives that many elements', () => {
  const entry = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 2.5, NaN, Infinity, -0.5));
  fc.assert(fc.property(fc.array(entry, { maxLength: 4 }), fc.constantFrom('zeros', 'ones'), (shape, name) => {
    const f = name === 'zeros' ? zeros : ones;
    const bad = shape.some((n) => !(Number.isInteger(n) && n >= 0));
    if (bad) assert.throws(() => f(shape), new RegExp(`^${name}: shape \\[.*\\] must hold integers ≥ 0; dim \\d+ is`));
    else assert.is(f(shape).size, sizeOf(shape));
  }), runs(1000));
});

test('int32 storage never wraps: a number either fits (truncated) or is an error naming the function', () => {
  const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 31 - 0.5));
  fc.assert(fc.property(fc.array(num, { maxLength: 6 }), (values) => {
    const fits = values.every((v) => Math.trunc(v) >= -(2 ** 31) && Math.trunc(v) <= 2 ** 31 - 1);
    if (!fits) {
      assert.throws(() => tensor(values, { dtype: 'int32' }), /^tensor: .* cannot be stored as int32/);
      assert.throws(() => tensor(values, { dtype: 'float64' }).to('int32'), /^to: .* cannot be stored as int32/);
      return;
    }
    const t = tensor(values, { dtype: 'int32' });
    assert.equal(read(t), values.map((v) => Math.trunc(v) || 0));
    const exact = values.reduce((s, v) => s + Math.trunc(v), 0);
    if (exact >= -(2 ** 31) && exact <= 2 ** 31 - 1) assert.is(t.sum().item(), exact);
    else assert.throws(() => t.sum(), /^sum: the int32 result/);
  }), runs(1500));
});

test('backward contract: the gradient of every input has its shape and a float dtype, also through 0-size dims', () => {
  fc.assert(fc.property(broadcastPairArb, fc.constantFrom('float32', 'float64') as fc.Arbitrary<DType>, fc.constantFrom(...Object.keys(BINARY).filter((k) => !BINARY[k]!.mask)),
    ([sa, sb], dtype, name) => {
      const a = ones([...sa], { dtype, requiresGrad: true }), b = ones([...sb], { dtype: 'float64', requiresGrad: true });
      BINARY[name]!.f(a, b).sum().backward();
      assert.equal([a.grad!.shape, a.grad!.dtype], [[...sa], dtype], name);
      assert.equal([b.grad!.shape, b.grad!.dtype], [[...sb], 'float64'], name);
    }), runs(1000));
});

test('backward contract for reductions and softmax over random dims, empty ones included', () => {
  const arb = shapeArb().chain((s) => fc.tuple(fc.constant(s), reduceArgs(s.length),
    fc.constantFrom('sum', 'mean', 'prod', 'logsumexp', 'max', 'min', 'softmax', 'logSoftmax')));
  fc.assert(fc.property(arb, ([shape, [dim, keepdim], kind]) => {
    const x = ones(shape, { dtype: 'float64', requiresGrad: true });
    const rank = shape.length;
    const dims = dim === undefined || (Array.isArray(dim) && dim.length === 0) ? [...Array(rank).keys()]
      : (typeof dim === 'number' ? [dim] : dim).map((d) => (d < 0 ? d + rank : d));
    if ((kind === 'max' || kind === 'min') && dims.some((d) => shape[d] === 0)) return;
    const one = typeof dim === 'number' ? dim : -1;
    const y = kind === 'softmax' || kind === 'logSoftmax' ? (x as any)[kind](rank ? one : 0) : (x as any)[kind](dim, keepdim);
    y.sum().backward();
    assert.equal([x.grad!.shape, x.grad!.dtype], [shape, 'float64'], `${kind}(${JSON.stringify(dim)}) of [${shape}]`);
  }), runs(1000));
});

// ----- issue 23: NaN through reductions and norms; hostile bytes through the io decoders -----

test('NaN propagates through every reduction and norm: an output is NaN exactly where its slice holds a NaN', () => {
  const kinds = ['sum', 'mean', 'prod', 'max', 'min', 'logsumexp', 'var', 'std', 'norm1', 'norm2', 'norm3', 'norm0.5', 'normInfinity', 'norm-Infinity', 'norm0'] as const;
  const arb = specArb(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.constantFrom<DType>('float32', 'float64'))
    .chain((spec) => fc.tuple(fc.constant(spec), reduceArgs(spec.shape.length), fc.constantFrom(...kinds), fc.array(fc.nat(), { maxLength: 3 })));
  fc.assert(fc.property(arb, ([spec, [dim, keepdim], kind, nanAt]) => {
    // finite values of modest size (no overflow to ±∞, which would make Inf − Inf), NaN where asked
    const values = spec.values.map((v) => (Number.isFinite(v) && Math.abs(v) <= 4 ? v / 3 : 0.5));
    for (const i of nanAt) values[i % values.length] = NaN;
    const x = build({ ...spec, values });
    const rank = x.ndim;
    const dims = dim === undefined || (Array.isArray(dim) && dim.length === 0) ? [...Array(rank).keys()]
      : (typeof dim === 'number' ? [dim] : dim).map((d) => (d < 0 ? d + rank : d));
    const p = kind.startsWith('norm') ? Number(kind.slice(4)) : 0;
    const y: Tensor = kind === 'var' || kind === 'std' ? x[kind](dim, { correction: 0, keepdim })
      : kind.startsWith('norm') ? x.norm(p, dim, keepdim) : (x as any)[kind](dim, keepdim);
    const has = reduceRef(read(x).map((v) => +Number.isNaN(v)), x.shape, dims, 'sum').out.map((n) => n > 0);
    const got = read(y).map(Number.isNaN);
    // p = 0 counts the non-zeros, NaN among them (PyTorch): never NaN
    const want = kind === 'norm0' ? has.map(() => false) : has;
    assert.equal(got, want, `${kind}(${JSON.stringify(dim)}, ${keepdim}) of ${x.dtype}[${x.shape}] ${spec.view}, NaN at ${nanAt}`);
  }), runs(1500));
});

/** Valid files to start from: tapegrad's own encodings of random tensors, and the fixtures NumPy wrote. */
const fixtureDir = new URL('./fixtures/io/', import.meta.url);
const fixtureFiles = readdirSync(fixtureDir).filter((f) => /\.(npy|safetensors)$/.test(f));
const fixtureBytes = Object.fromEntries(fixtureFiles.map((f) => [f, new Uint8Array(readFileSync(new URL(f, fixtureDir)))]));
const fileArb = fc.oneof(
  fc.constantFrom(...fixtureFiles).map((f) => ({ format: f.endsWith('.npy') ? 'npy' : 'safetensors', bytes: fixtureBytes[f]! })),
  specArb(shapeArb(3)).chain((spec) => fc.constantFrom('npy', 'safetensors', 'json').map((format) => {
    const t = build(spec);
    const bytes = format === 'npy' ? tg.io.encodeNpy(t) : format === 'safetensors' ? tg.io.encodeSafetensors({ w: t, 'b.0': t.reshape([-1]) })
      : new TextEncoder().encode(JSON.stringify(t));
    return { format, bytes };
  })),
);
/** Cut, overwrite a few bytes, splice in random bytes or a digit run, or take random bytes outright. */
const hostileArb = fc.tuple(fileArb, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  fc.constantFrom('cut', 'flip', 'splice', 'digits', 'random'), fc.uint8Array({ maxLength: 64 }))
  .map(([{ format, bytes }, at, flips, how, extra]) => {
    const n = bytes.length, i = n ? at % n : 0;
    let out: Uint8Array;
    if (how === 'cut') out = bytes.slice(0, i);
    else if (how === 'random') out = extra;
    else if (how === 'flip') {
      out = bytes.slice();
      for (const [j, b] of flips) if (n) out[j % n] = b;
    } else {
      const middle = how === 'digits' ? new TextEncoder().encode('9'.repeat(1 + (at % 40))) : extra;
      out = new Uint8Array(n + middle.length);
      out.set(bytes.subarray(0, i));
      out.set(middle, i);
      out.set(bytes.subarray(i), i + middle.length);
    }
    return { format, bytes: out, how };
  });

test('io decoders on hostile bytes: a tensor no larger than the input, or an error naming the function', () => {
  const decoders: Record<string, [string, (b: Uint8Array) => Tensor[]]> = {
    npy: ['decodeNpy', (b) => [tg.io.decodeNpy(b)]],
    safetensors: ['decodeSafetensors', (b) => Object.values(tg.io.decodeSafetensors(b).tensors)],
    json: ['fromJSON', (b) => [tg.fromJSON(new TextDecoder().decode(b))]],
  };
  fc.assert(fc.property(hostileArb, fc.boolean(), ({ format, bytes, how }, asBuffer) => {
    const [fn, decode] = decoders[format]!;
    let tensors: Tensor[];
    try {
      tensors = decode(asBuffer ? (bytes.slice().buffer as unknown as Uint8Array) : bytes);
    } catch (e) {
      assert.instance(e, Error);
      assert.ok((e as Error).message.startsWith(`${fn}: `), `${how}: ${(e as Error).name}: ${(e as Error).message.slice(0, 300)}`);
      return;
    }
    // every element read came from at least one byte of the input (JSON: at least one character)
    const elements = tensors.reduce((s, t) => s + t.size, 0);
    assert.ok(elements <= bytes.length, `${fn} (${how}) made ${elements} elements from ${bytes.length} bytes`);
    for (const t of tensors) assert.ok(t.ndim <= 64 && t.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `${fn}: shape ${t.shape}`);
  }), runs(3000));
});

test.run();
