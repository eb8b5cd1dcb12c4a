import { fromStorage, Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { checkOptions, oneOf, type OptionSpec } from '../tensor/options.js';
import { shapeStr } from '../tensor/shape.js';
import { where } from '../ops/index.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './norm.js';
import { xavierUniform, zeros } from './init.js';

/** scaledDotProductAttention's options, PyTorch 2's names (F.scaled_dot_product_attention). */
export interface AttentionOptions {
  /**
   * Broadcastable to [..., Tq, Tk]. An int32 tensor is a boolean mask, as PyTorch 2's bool mask:
   * nonzero where a query may attend to a key. A float tensor is added to the scores (0 to keep,
   * −∞ to block), PyTorch's float mask.
   */
  attnMask?: Tensor | null;
  /** Position i attends only to positions j ≤ i (top-left aligned, as PyTorch's is_causal); not with attnMask. */
  isCausal?: boolean;
  /** Default 1/√d, d the query/key size. */
  scale?: number;
}
const maskDomain = { want: 'a Tensor or null', ok: (v: unknown) => v === null || v instanceof Tensor };
const attentionSpec: OptionSpec = { attnMask: maskDomain, isCausal: 'bool', scale: 'positive' };

/** 1 where key j ≤ query i: the causal mask of a [tq, tk] score matrix, int32 (a boolean mask). */
export function causalMask(tq: number, tk: number): Tensor {
  const m = new Int32Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = 0; j <= Math.min(i, tk - 1); j++) m[i * tk + j] = 1;
  return fromStorage(m, [tq, tk], 'int32');
}

/** A mask in the two forms the softmax takes: where to keep (int32), or what to add (float). */
interface MaskParts { keep: Tensor | null; add: Tensor | null }

/**
 * Reads a mask by its dtype, as PyTorch reads bool and float masks. `trueMeans` says what a
 * nonzero int32 entry means: 'keep' (scaled_dot_product_attention) or 'block' (MultiheadAttention).
 * A float mask holding only 0s and 1s is refused: PyTorch would add it (a shift of 1, not a
 * mask), which is never what a 0/1 mask means.
 */
function readMask(fn: string, arg: string, mask: Tensor, trueMeans: 'keep' | 'block'): MaskParts {
  if (mask.dtype === 'int32') return { keep: trueMeans === 'keep' ? mask : mask.eq(0), add: null };
  const flat = mask.contiguousData();
  let zeroOne = flat.length > 0, one = false;
  for (let i = 0; i < flat.length && zeroOne; i++) { zeroOne = flat[i] === 0 || flat[i] === 1; one ||= flat[i] === 1; }
  if (zeroOne && one) {
    throw new TypeError(`${fn}: ${arg} is ${mask.dtype}, so it is added to the scores (0 keeps, −Infinity blocks), and it holds only 0s and 1s; for a boolean mask (${trueMeans === 'keep' ? '1 = may attend' : '1 = blocked'}) pass an int32 tensor (${arg}.to('int32'))`);
  }
  return { keep: null, add: mask };
}

function checkMaskShape(fn: string, arg: string, mask: Tensor, scores: readonly number[]): void {
  const ok = mask.ndim <= scores.length && mask.shape.every((n, i) => n === 1 || n === scores[scores.length - mask.ndim + i]);
  if (!ok) throw new RangeError(`${fn}: ${arg} of shape ${shapeStr(mask.shape)} does not broadcast to the scores ${shapeStr(scores)} ([..., Tq, Tk])`);
}

/** softmax(q·kᵀ·scale + add, blocked → −∞) and its product with v. */
function attend(q: Tensor, k: Tensor, v: Tensor, masks: MaskParts[], scale: number): { out: Tensor; weights: Tensor } {
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale);
  for (const { add } of masks) if (add) scores = scores.add(add);
  for (const { keep } of masks) if (keep) scores = where(keep, scores, -Infinity);
  const weights = scores.softmax(-1);
  return { out: weights.matmul(v), weights };
}

/**
 * softmax(q·kᵀ·scale + mask) · v for q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv] (batch dims
 * broadcast as in matmul), PyTorch 2's F.scaled_dot_product_attention. Blocked scores are replaced
 * by −∞ with `where`, so they get weight 0 and no gradient; a row with every key blocked gives
 * NaN, as in PyTorch. Composed of primitives.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  const fn = 'scaledDotProductAttention';
  checkOptions(fn, opts, attentionSpec);
  const { attnMask = null, isCausal = false, scale } = opts;
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2 || q.shape.at(-1) !== k.shape.at(-1) || k.shape.at(-2) !== v.shape.at(-2)) {
    throw new RangeError(`${fn}: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} do not fit ([..., Tq, d], [..., Tk, d], [..., Tk, dv])`);
  }
  if (isCausal && attnMask) throw new RangeError(`${fn}: pass isCausal or attnMask, not both (as PyTorch)`);
  const tq = q.shape.at(-2)!, tk = k.shape.at(-2)!;
  const masks: MaskParts[] = [];
  if (isCausal) masks.push({ keep: causalMask(tq, tk), add: null });
  if (attnMask) {
    checkMaskShape(fn, 'attnMask', attnMask, [...q.shape.slice(0, -2), tq, tk]);
    masks.push(readMask(fn, 'attnMask', attnMask, 'keep'));
  }
  return attend(q, k, v, masks, scale ?? 1 / Math.sqrt(q.shape.at(-1)!)).out;
}

/** MultiheadAttention.forward's options, PyTorch's names (nn.MultiheadAttention.forward). */
export interface MultiheadAttentionOptions {
  /**
   * [Tq, Tk] or [B·numHeads, Tq, Tk]. An int32 tensor is a boolean mask with PyTorch's
   * MultiheadAttention meaning, the opposite of scaledDotProductAttention's: nonzero = may NOT
   * attend. A float tensor is added to the scores.
   */
  attnMask?: Tensor | null;
  /** [B, Tk]: int32 nonzero = that key is padding (ignored), or float added to that key's scores. */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights (default false: the output only). */
  needWeights?: boolean;
  /** With needWeights: the weights averaged over heads [B, Tq, Tk] (default), else per head [B, H, Tq, Tk]. */
  averageAttnWeights?: boolean;
  /** Apply the causal mask (query i sees keys j ≤ i); not with attnMask. */
  isCausal?: boolean;
}
const mhaSpec: OptionSpec = { attnMask: maskDomain, keyPaddingMask: maskDomain, needWeights: 'bool', averageAttnWeights: 'bool', isCausal: 'bool' };

/**
 * Multi-head self/cross attention with PyTorch's nn.MultiheadAttention parameter layout and init
 * (batchFirst layout [B, T, E]), under camelCase names: PyTorch's in_proj_weight, in_proj_bias and
 * out_proj are inProjWeight, inProjBias and outProj here (stateDict/loadStateDict with
 * `{ keys: 'torch' }` use PyTorch's names). inProj [3E, E] (xavierUniform weight, zero bias) makes q, k, v,
 * split into `numHeads` heads of E/numHeads; outProj is a Linear(E, E) with zero bias. Returns the
 * output, or with needWeights [output, attention weights]; no attention dropout.
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

  forward(query: Tensor, key?: Tensor, value?: Tensor, opts?: MultiheadAttentionOptions & { needWeights?: false }): Tensor;
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionOptions & { needWeights: true }): [Tensor, Tensor];
  forward(query: Tensor, key: Tensor = query, value: Tensor = key, opts: MultiheadAttentionOptions = {}): Tensor | [Tensor, Tensor] {
    const fn = 'MultiheadAttention';
    checkOptions(`${fn}.forward`, opts, mhaSpec);
    const { attnMask = null, keyPaddingMask = null, needWeights = false, averageAttnWeights = true, isCausal = false } = opts;
    const E = this.embedDim, H = this.numHeads, d = E / H;
    if (query.ndim !== 3 || query.shape[2] !== E || key.ndim !== 3 || value.ndim !== 3 || key.shape[2] !== E || value.shape[2] !== E) {
      throw new RangeError(`${fn}: query, key and value must be [B, T, ${E}], got ${shapeStr(query.shape)}, ${shapeStr(key.shape)}, ${shapeStr(value.shape)}`);
    }
    const [B, Tq] = query.shape as [number, number], Tk = key.shape[1]!;
    if (key.shape[0] !== B || value.shape[0] !== B || value.shape[1] !== Tk) {
      throw new RangeError(`${fn}: key ${shapeStr(key.shape)} and value ${shapeStr(value.shape)} must have the query's batch (${B}) and one length between them (query ${shapeStr(query.shape)}); PyTorch does not broadcast them`);
    }
    if (isCausal && attnMask) throw new RangeError(`${fn}: pass isCausal or attnMask, not both`);
    const masks: MaskParts[] = [];
    if (isCausal) masks.push({ keep: causalMask(Tq, Tk), add: null });
    if (attnMask) {
      const ok = (attnMask.ndim === 2 && attnMask.shape[0] === Tq && attnMask.shape[1] === Tk)
        || (attnMask.ndim === 3 && attnMask.shape[0] === B * H && attnMask.shape[1] === Tq && attnMask.shape[2] === Tk);
      if (!ok) throw new RangeError(`${fn}: attnMask must be [${Tq}, ${Tk}] or [${B * H}, ${Tq}, ${Tk}] ([Tq, Tk] or [B·heads, Tq, Tk]), got ${shapeStr(attnMask.shape)}`);
      masks.push(readMask(fn, 'attnMask', attnMask.ndim === 3 ? attnMask.reshape([B, H, Tq, Tk]) : attnMask, 'block'));
    }
    if (keyPaddingMask) {
      if (keyPaddingMask.ndim !== 2 || keyPaddingMask.shape[0] !== B || keyPaddingMask.shape[1] !== Tk) {
        throw new RangeError(`${fn}: keyPaddingMask must be [${B}, ${Tk}] ([B, Tk]), got ${shapeStr(keyPaddingMask.shape)}`);
      }
      masks.push(readMask(fn, 'keyPaddingMask', keyPaddingMask.reshape([B, 1, 1, Tk]), 'block'));
    }
    const project = (x: Tensor, part: number) => {
      const w = this.inProjWeight.slice(0, part * E, (part + 1) * E), b = this.inProjBias.slice(0, part * E, (part + 1) * E);
      return x.matmul(w.T).add(b).reshape([B, x.shape[1]!, H, d]).permute(0, 2, 1, 3);
    };
    let q: Tensor, k: Tensor, v: Tensor;
    if (query === key && key === value) {
      // Self-attention: one projection to [B, T, 3E], split into q, k, v as views.
      const qkv = query.matmul(this.inProjWeight.T).add(this.inProjBias).reshape([B, Tq, 3, H, d]).permute(2, 0, 3, 1, 4);
      [q, k, v] = [0, 1, 2].map((i) => qkv.select(0, i));
    } else {
      [q, k, v] = [project(query, 0), project(key, 1), project(value, 2)];
    }
    const { out: heads, weights } = attend(q, k, v, masks, 1 / Math.sqrt(d));
    const out = this.outProj.forward(heads.permute(0, 2, 1, 3).reshape([B, Tq, E]));
    if (!needWeights) return out;
    return [out, averageAttnWeights ? weights.mean(1) : weights];
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

  /** opts: MultiheadAttention's attnMask and keyPaddingMask (PyTorch's src_mask, src_key_padding_mask). */
  forward(x: Tensor, opts: Pick<MultiheadAttentionOptions, 'attnMask' | 'keyPaddingMask'> = {}): Tensor {
    checkOptions('TransformerBlock.forward', opts, { attnMask: maskDomain, keyPaddingMask: maskDomain });
    if (this.causal && opts.attnMask) throw new RangeError('TransformerBlock: this block is causal (built with causal: true, the default); pass attnMask to a block built with causal: false');
    const h = this.norm1.forward(x);
    x = x.add(this.selfAttn.forward(h, h, h, { isCausal: this.causal, ...opts }));
    return x.add(this.linear2.forward(this.linear1.forward(this.norm2.forward(x)).gelu()));
  }
}
