import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { fromStorage } from '../tensor/tensor.js';
import { shapeStr } from '../tensor/shape.js';
import { where } from '../ops/api.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './norm.js';
import { xavierUniform, zeros } from './init.js';
import { checkOptions, domains, type OptionSpec } from '../tensor/options.js';

export interface AttentionOptions {
  /** Position i attends only to positions j ≤ i (top-left aligned, as PyTorch's is_causal). */
  causal?: boolean;
  /** 0/1 tensor broadcastable to [..., Tq, Tk]: 1 where a query may attend to a key. */
  mask?: Tensor | null;
  /** Default 1/√d, d the query/key size. */
  scale?: number;
}

const attentionOptions = {
  causal: 'bool',
  mask: { want: 'a Tensor or null', ok: (v) => v === null || domains.tensor.ok(v) },
  scale: 'real',
} satisfies OptionSpec;

/** 1 where key j ≤ query i: the causal mask of a [tq, tk] score matrix. */
export function causalMask(tq: number, tk: number): Tensor {
  const m = new Float32Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = 0; j <= Math.min(i, tk - 1); j++) m[i * tk + j] = 1;
  return fromStorage(m, [tq, tk], 'float32');
}

/**
 * softmax(q·kᵀ·scale, masked) · v for q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv] (batch dims
 * broadcast as in matmul). Masked scores are replaced by −∞ with `where`, so they get weight 0
 * and no gradient; a row with every key masked gives NaN, as in PyTorch. Composed of primitives.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  checkOptions('scaledDotProductAttention', opts, attentionOptions);
  const { causal = false, mask = null, scale } = opts;
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2 || q.shape.at(-1) !== k.shape.at(-1) || k.shape.at(-2) !== v.shape.at(-2)) {
    throw new RangeError(`scaledDotProductAttention: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} do not fit ([..., Tq, d], [..., Tk, d], [..., Tk, dv])`);
  }
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale ?? 1 / Math.sqrt(q.shape.at(-1)!));
  if (causal) scores = where(causalMask(q.shape.at(-2)!, k.shape.at(-2)!), scores, -Infinity);
  if (mask) scores = where(mask, scores, -Infinity);
  return scores.softmax(-1).matmul(v);
}

/**
 * Multi-head self/cross attention with PyTorch's nn.MultiheadAttention parameters and init
 * (batchFirst layout [B, T, E]): inProj [3E, E] (xavierUniform weight, zero bias) makes q, k, v,
 * split into `numHeads` heads of E/numHeads; outProj is a Linear(E, E) with zero bias. Returns the
 * output only (no averaged attention weights); no attention dropout.
 */
export class MultiheadAttention extends Module {
  readonly inProjWeight: Tensor;
  readonly inProjBias: Tensor;
  readonly outProj: Linear;

  constructor(readonly embedDim: number, readonly numHeads: number, opts: { dtype?: DType } = {}) {
    super();
    checkOptions('MultiheadAttention', opts, { dtype: 'floatDType' });
    const { dtype = 'float32' } = opts;
    if (!(Number.isInteger(embedDim) && Number.isInteger(numHeads) && numHeads >= 1 && embedDim >= 1 && embedDim % numHeads === 0)) {
      throw new RangeError(`MultiheadAttention: embedDim (${embedDim}) must be a positive multiple of numHeads (${numHeads})`);
    }
    this.inProjWeight = xavierUniform([3 * embedDim, embedDim], { dtype, requiresGrad: true });
    this.inProjBias = zeros([3 * embedDim], { dtype, requiresGrad: true });
    this.outProj = new Linear(embedDim, embedDim, { dtype });
    this.outProj.bias!.data.data.fill(0); // PyTorch zeroes out_proj.bias (a fresh, unshared buffer)
  }

  forward(query: Tensor, key: Tensor = query, value: Tensor = key, opts: AttentionOptions = {}): Tensor {
    checkOptions('MultiheadAttention.forward', opts, attentionOptions);
    const E = this.embedDim, H = this.numHeads, d = E / H;
    if (query.ndim !== 3 || query.shape[2] !== E || key.ndim !== 3 || value.ndim !== 3 || key.shape[2] !== E || value.shape[2] !== E) {
      throw new RangeError(`MultiheadAttention: query, key and value must be [B, T, ${E}], got ${shapeStr(query.shape)}, ${shapeStr(key.shape)}, ${shapeStr(value.shape)}`);
    }
    const project = (x: Tensor, part: number) => {
      const [B, T] = x.shape;
      const w = this.inProjWeight.slice(0, part * E, (part + 1) * E), b = this.inProjBias.slice(0, part * E, (part + 1) * E);
      return x.matmul(w.T).add(b).reshape([B, T, H, d]).permute(0, 2, 1, 3);
    };
    let q: Tensor, k: Tensor, v: Tensor;
    if (query === key && key === value) {
      // Self-attention: one projection to [B, T, 3E], split into q, k, v as views.
      const [B, T] = query.shape;
      const qkv = query.matmul(this.inProjWeight.T).add(this.inProjBias).reshape([B, T, 3, H, d]).permute(2, 0, 3, 1, 4);
      [q, k, v] = [0, 1, 2].map((i) => qkv.select(0, i));
    } else {
      [q, k, v] = [project(query, 0), project(key, 1), project(value, 2)];
    }
    const heads = scaledDotProductAttention(q, k, v, opts);
    const [B, , Tq] = heads.shape;
    return this.outProj.forward(heads.permute(0, 2, 1, 3).reshape([B, Tq, E]));
  }
}

/**
 * A pre-norm transformer block, x + attn(norm1(x)) then x + mlp(norm2(x)) with a GELU MLP of
 * width ffDim: PyTorch's nn.TransformerEncoderLayer with norm_first=True, batch_first=True,
 * activation='gelu' and dropout 0, and the same parameter names.
 */
export class TransformerBlock extends Module {
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly causal: boolean;

  constructor(readonly dModel: number, numHeads: number, opts: { ffDim?: number; causal?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('TransformerBlock', opts, { ffDim: 'positiveInt', causal: 'bool', dtype: 'floatDType' });
    const { ffDim = 4 * dModel, causal = true, dtype = 'float32' } = opts;
    this.selfAttn = new MultiheadAttention(dModel, numHeads, { dtype });
    this.linear1 = new Linear(dModel, ffDim, { dtype });
    this.linear2 = new Linear(ffDim, dModel, { dtype });
    this.norm1 = new LayerNorm(dModel, { dtype });
    this.norm2 = new LayerNorm(dModel, { dtype });
    this.causal = causal;
  }

  forward(x: Tensor, opts: AttentionOptions = {}): Tensor {
    checkOptions('TransformerBlock.forward', opts, attentionOptions);
    const h = this.norm1.forward(x);
    x = x.add(this.selfAttn.forward(h, h, h, { causal: this.causal, ...opts }));
    return x.add(this.linear2.forward(this.linear1.forward(this.norm2.forward(x)).gelu()));
  }
}
