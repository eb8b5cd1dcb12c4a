import { allocate, type TypedArray } from '../tensor/dtype.js';
import { fromRows, rowsOver } from '../tensor/rows.js';
import { trailingDims } from './layerNorm.js';
import { applyOp, defineOp } from './define.js';
import type { Grads } from './types.js';

/**
 * layerNorm's VJP in one pass per row: z = r·(g − mean(g) − y·mean(g·y)) over the trailing `dims`
 * dims, y the normalized output and r = 1/√(var + eps) per row (kept dims of size 1). z is r·P·g
 * with P = I − 11ᵀ/n − yyᵀ/n symmetric, so for an upstream h: dz/dg gives layerNormBackward(h, y, r)
 * itself, dz/dy gives −r·(h·mean(g·y) + g·mean(h·y)), dz/dr gives Σ h·(g − mean(g) − y·mean(g·y)).
 */
export const layerNormBackward = defineOp('layerNormBackward', {
  rule: 'layerNormBackward(g, y, r): gg = layerNormBackward(h, y, r), gy = −r·(h·mean(g·y) + g·mean(h·y)), gr = Σ h·z/r',
  dtype: 'float',
  forward: ([g, y, r], { dims }: { dims: number }, dtype) => {
    const d = trailingDims(g.shape.length, dims);
    const rg = rowsOver(g, d), ry = rowsOver(y, d), rr = rowsOver(r, d);
    const out = allocate(dtype, rg.rows * rg.cols);
    projectRows(rg.data, rg.offset, ry.data, ry.offset, rr.data, rr.offset, rg.rows, rg.cols, out);
    return fromRows(out, rg);
  },
  vjp: (h, { inputs: [g, y, r], needs, params: { dims } }): Grads => {
    const d = trailingDims(g.ndim, dims), gy = g.mul(y).mean(d, true);
    return [
      needs[0] ? applyOp('layerNormBackward', [h, y, r], { dims }) : null,
      needs[1] ? h.mul(gy).add(g.mul(h.mul(y).mean(d, true))).mul(r).neg() : null,
      needs[2] ? h.mul(g.sub(g.mean(d, true)).sub(y.mul(gy))).sum(d, true) : null,
    ];
  },
  // r·(g − mean(g) − y·mean(g·y)) with ReduceMean over the axes
  onnx: (c) => {
    const t = c.outDtype, g = c.input(0, t), y = c.input(1, t), r = c.input(2, t);
    const axes = c.ints(trailingDims(c.inShapes[0].length, c.params.dims)), keep = { keepdims: { i: 1 } };
    const meanG = c.node('ReduceMean', [g, axes], keep), meanGY = c.node('ReduceMean', [c.node('Mul', [g, y]), axes], keep);
    c.node('Mul', [r, c.node('Sub', [c.node('Sub', [g, meanG]), c.node('Mul', [y, meanGY])])], {}, c.out);
  },
});

/** Per row: out = r·(g − mean(g) − y·mean(g·y)), the means in float64. */
function projectRows(g: TypedArray, go: number, y: TypedArray, yo: number, r: TypedArray, ro: number, rows: number, cols: number, out: TypedArray): void {
  for (let row = 0, o = 0; row < rows; row++, go += cols, yo += cols) {
    let sg = 0, sgy = 0;
    for (let j = 0; j < cols; j++) { const v = g[go + j]; sg += v; sgy += v * y[yo + j]; }
    const mg = sg / cols, mgy = sgy / cols, scale = r[ro + row];
    for (let j = 0; j < cols; j++) out[o++] = scale * (g[go + j] - mg - y[yo + j] * mgy);
  }
}
