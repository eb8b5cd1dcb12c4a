/** The everyday ops against PyTorch 1.13 (test/fixtures/ops.json from scripts/golden/ops.py): values, indices and gradients. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tg from '../src/index.js';
import { grad, tensor, type Tensor } from '../src/index.js';
import { closeTo, num, type T } from './losses/_fixtures.js';

interface Case { name: string; op: string; args: T[]; opts: Record<string, any>; value: T | { values: T; indices: T }; cot?: T; grads?: T[] }
const cases: Case[] = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8')).cases;

const toTensor = (t: T, dtype: 'float32' | 'float64' = 'float64'): Tensor =>
  t.dtype === 'int32' ? tensor(Int32Array.from(t.data.map(num)), { shape: t.shape }) : tensor(Float64Array.from(t.data.map(num)), { shape: t.shape, dtype });

function call(c: Case, args: Tensor[]): Tensor | { values: Tensor; indices: Tensor } {
  const o = c.opts, [x] = args;
  const p = o.p === 'inf' ? Infinity : o.p === '-inf' ? -Infinity : o.p;
  switch (c.op) {
    case 'var': return x.var(o.dim ?? undefined, { correction: o.correction, unbiased: o.unbiased, keepdim: o.keepdim });
    case 'std': return x.std(o.dim ?? undefined, { correction: o.correction, unbiased: o.unbiased, keepdim: o.keepdim });
    case 'round': return x.round();
    case 'floor': return x.floor();
    case 'ceil': return x.ceil();
    case 'cumsum': return x.cumsum(o.dim, { reverse: !!o.reverse });
    case 'atan2': return args[0].atan2(args[1]);
    case 'norm': return x.norm(p, o.dim ?? undefined, !!o.keepdim);
    case 'sort': return x.sort(o.dim, o.descending);
    case 'topk': return x.topk(o.k, o.dim, o.largest);
    case 'argmax': return x.argmax(o.dim, !!o.keepdim);
    case 'argmin': return x.argmin(o.dim, !!o.keepdim);
    case 'repeat': return x.repeat(o.reps);
    case 'tile': return x.tile(o.reps);
    case 'einsum': return tg.einsum(o.equation, ...args);
    case 'hardtanh': return tg.hardtanh(x, o.min ?? -1, o.max ?? 1);
  }
  throw new Error(`no call for ${c.op}`);
}

/** Elementwise equality within rtol; values (not gradients) must also agree on the sign of zero (round(−0.5) = −0). */
function same(got: Tensor, want: T, what: string, rtol: number, signedZero = !what.startsWith('grad')): void {
  assert.equal(got.shape, want.shape, `${what}: shape`);
  assert.is(got.dtype === 'int32', want.dtype === 'int32', `${what}: dtype ${got.dtype}`);
  const g = Array.from(got.contiguousData());
  want.data.forEach((w, i) => {
    const e = num(w);
    assert.ok(closeTo(g[i], e, rtol, 1e-12), `${what}[${i}]: got ${g[i]}, want ${w}`);
    if (signedZero && e === 0) assert.ok(Object.is(g[i], e), `${what}[${i}]: got ${Object.is(g[i], -0) ? '-0' : g[i]}, want ${Object.is(e, -0) ? '-0' : 0}`);
  });
}

for (const c of cases) {
  test(c.name, () => {
    const dtype = c.opts.dtype === 'float32' ? 'float32' : 'float64';
    const rtol = dtype === 'float32' ? 1e-7 : 1e-12;
    const args = c.args.map((a) => toTensor(a, dtype));
    const out = call(c, args);
    if (out instanceof tg.Tensor) same(out, c.value as T, 'value', rtol);
    else {
      const v = c.value as { values: T; indices: T };
      same(out.values, v.values, 'values', rtol);
      same(out.indices, v.indices, 'indices', 0);
    }
    if (!c.grads) return;
    const w = toTensor(c.cot!);
    const f = (...xs: Tensor[]) => {
      const y = call(c, xs);
      return (y instanceof tg.Tensor ? y : y.values).mul(w).sum();
    };
    const gs = grad(f, args.map((_, i) => i))(...args);
    gs.forEach((g, i) => same(g, c.grads![i], `grad ${i}`, 1e-10));
  });
}

test.run();
