/**
 * What the loss explorer plots: the losses of each kind of prediction (a probability, a logit, a
 * regression residual, a pair distance), each called exactly as a user calls it from 'tapegrad',
 * one element per point of the x axis. Values are the losses' own (agg 'none'); derivatives come
 * from the tape (the gradient of their sum with respect to the prediction). DOM-free, so the
 * Node tests use it too.
 */
import { concat, losses, tensor, zerosLike, type DType, type Tensor } from 'tapegrad';

export type AxisName = 'residual' | 'probability' | 'logit' | 'distance';

export interface Axis {
  label: string;
  /** The x axis' symbol. */
  x: string;
  /** The x ranges one can pick, the first by default. */
  ranges: { label: string; range: [number, number] }[];
  /** The targets one can pick; `value` is what each loss's fn receives. */
  targets: { label: string; value: number }[];
}

export const axes = {
  residual: {
    label: 'regression: residual e = ŷ − y', x: 'e', targets: [{ label: 'y = 0 (so ŷ = e)', value: 0 }],
    ranges: [{ label: 'e in [−4, 4]', range: [-4, 4] }, { label: 'e in [−20, 20] (outliers)', range: [-20, 20] }],
  },
  probability: {
    label: 'binary: a probability ŷ', x: 'ŷ', targets: [{ label: 'y = 1', value: 1 }, { label: 'y = 0', value: 0 }],
    ranges: [{ label: 'ŷ in [0, 1]', range: [0, 1] }, { label: 'ŷ in [0, 4e-7] (Keras clips at 1e-7)', range: [0, 4e-7] }],
  },
  logit: {
    label: 'binary: a logit z', x: 'z', targets: [{ label: 'y = 1', value: 1 }, { label: 'y = 0', value: 0 }],
    ranges: [{ label: 'z in [−5, 5]', range: [-5, 5] }, { label: 'z in [−30, 30]', range: [-30, 30] }],
  },
  distance: {
    label: 'pairs: a distance d', x: 'd', targets: [{ label: 'similar pair', value: 0 }, { label: 'dissimilar pair', value: 1 }],
    ranges: [{ label: 'd in [0, 3]', range: [0, 3] }],
  },
} satisfies Record<AxisName, Axis>;

export interface Slider {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
}

/** Every option the explorer can turn; each slider shows while a loss that reads it is on. */
export const sliders = {
  delta: { label: 'δ (Huber)', min: 0.1, max: 3, step: 0.1, value: 1 },
  beta: { label: 'β (smooth L1)', min: 0.1, max: 3, step: 0.1, value: 1 },
  quantile: { label: 'q (quantile)', min: 0.05, max: 0.95, step: 0.05, value: 0.5 },
  gamma: { label: 'γ (focal)', min: 0, max: 5, step: 0.5, value: 2 },
  alpha: { label: 'α (focal class balance)', min: 0, max: 1, step: 0.05, value: 0.25 },
  logEps: { label: 'log₁₀ ε (inside the log)', min: -16, max: -1, step: 1, value: -7 },
  labelSmoothing: { label: 'label smoothing', min: 0, max: 0.5, step: 0.05, value: 0 },
  posWeight: { label: 'posWeight', min: 0.1, max: 10, step: 0.1, value: 1 },
  margin: { label: 'margin', min: 0.1, max: 3, step: 0.1, value: 1 },
} satisfies Record<string, Slider>;
export type SliderName = keyof typeof sliders;
export type Options = Record<SliderName, number>;

export type Framework = 'tapegrad' | 'keras' | 'torch';

export interface ExplorerLoss {
  axis: AxisName;
  framework: Framework;
  /** The key of its doc comment: the loss's name, 'keras.<name>' / 'torch.<name>' for losses.keras / losses.torch. */
  doc: string;
  /** How the page writes the call (the prediction transform, the label map). */
  call: string;
  options: SliderName[];
  /** The per-point loss of predictions x [n, 1] against targets t [n, 1] (the axis' target value). */
  fn(x: Tensor, t: Tensor, o: Options): Tensor;
}

const pm1 = (t: Tensor) => t.mul(2).sub(1);
const entry = (axis: AxisName, framework: Framework, doc: string, call: string, options: SliderName[], fn: ExplorerLoss['fn']): ExplorerLoss =>
  ({ axis, framework, doc, call, options, fn });
const tg = (axis: AxisName, doc: string, call: string, options: SliderName[], fn: ExplorerLoss['fn']) => entry(axis, 'tapegrad', doc, call, options, fn);
const keras = (axis: AxisName, name: string, call: string, options: SliderName[], fn: ExplorerLoss['fn']) => entry(axis, 'keras', `keras.${name}`, call, options, fn);
const torch = (axis: AxisName, name: string, call: string, options: SliderName[], fn: ExplorerLoss['fn']) => entry(axis, 'torch', `torch.${name}`, call, options, fn);
// Variants are drawn where a framework's numbers differ from the catalogue's: PyTorch's BCE clamps
// the log at −100 (no ε inside it); its soft margin loss is logistic on ±1 labels.

/** The catalogue of curves, in legend order; `call` names each one. */
export const explorerLosses: ExplorerLoss[] = [
  tg('residual', 'mse', 'mse(ŷ, y)', [], (x, t) => losses.mse(x, t, { agg: 'none' })),
  tg('residual', 'mae', 'mae(ŷ, y)', [], (x, t) => losses.mae(x, t, { agg: 'none' })),
  tg('residual', 'huberLoss', 'huberLoss(ŷ, y, { delta })', ['delta'], (x, t, o) => losses.huberLoss(x, t, { agg: 'none', delta: o.delta })),
  tg('residual', 'logCoshLoss', 'logCoshLoss(ŷ, y)', [], (x, t) => losses.logCoshLoss(x, t, { agg: 'none' })),
  tg('residual', 'smoothL1Loss', 'smoothL1Loss(ŷ, y, { beta })', ['beta'], (x, t, o) => losses.smoothL1Loss(x, t, { agg: 'none', beta: o.beta })),
  tg('residual', 'quantileLoss', 'quantileLoss(ŷ, y, { quantile })', ['quantile'], (x, t, o) => losses.quantileLoss(x, t, { agg: 'none', quantile: o.quantile })),

  tg('probability', 'binaryCrossentropy', 'binaryCrossentropy(ŷ, y, { eps })', ['logEps'], (x, t, o) => losses.binaryCrossentropy(x, t, { agg: 'none', eps: 10 ** o.logEps })),
  keras('probability', 'binaryCrossentropy', 'keras.binaryCrossentropy(ŷ, y, { labelSmoothing })', ['labelSmoothing'],
    (x, t, o) => losses.keras.binaryCrossentropy(x, t, { agg: 'none', labelSmoothing: o.labelSmoothing })),
  torch('probability', 'binaryCrossEntropy', 'torch.binaryCrossEntropy(ŷ, y)', [], (x, t) => losses.torch.binaryCrossEntropy(x, t, { reduction: 'none' })),
  tg('probability', 'binaryFocalLoss', 'binaryFocalLoss(ŷ, y, { gamma, alpha, eps })', ['gamma', 'alpha', 'logEps'],
    (x, t, o) => losses.binaryFocalLoss(x, t, { agg: 'none', gamma: o.gamma, alpha: o.alpha, eps: 10 ** o.logEps })),
  keras('probability', 'binaryFocalCrossentropy', 'keras.binaryFocalCrossentropy(ŷ, y, { gamma, alpha, applyClassBalancing: true, labelSmoothing })', ['gamma', 'alpha', 'labelSmoothing'],
    (x, t, o) => losses.keras.binaryFocalCrossentropy(x, t, { agg: 'none', gamma: o.gamma, alpha: o.alpha, applyClassBalancing: true, labelSmoothing: o.labelSmoothing })),
  tg('probability', 'mse', 'mse(ŷ, y) (the Brier score)', [], (x, t) => losses.mse(x, t, { agg: 'none' })),

  tg('logit', 'logitBinaryCrossentropy', 'logitBinaryCrossentropy(z, y, { posWeight })', ['posWeight'],
    (x, t, o) => losses.logitBinaryCrossentropy(x, t, { agg: 'none', posWeight: tensor(o.posWeight, { dtype: x.dtype }) })),
  keras('logit', 'binaryCrossentropy', 'keras.binaryCrossentropy(z, y, { fromLogits: true, labelSmoothing })', ['labelSmoothing'],
    (x, t, o) => losses.keras.binaryCrossentropy(x, t, { agg: 'none', fromLogits: true, labelSmoothing: o.labelSmoothing })),
  tg('logit', 'logitCrossentropy', 'logitCrossentropy([0, z], y, { labelSmoothing }) (two classes)', ['labelSmoothing'],
    (x, t, o) => losses.logitCrossentropy(concat([zerosLike(x), x], 1), t.reshape([-1]).to('int32'), { agg: 'none', labelSmoothing: o.labelSmoothing })),
  tg('logit', 'hingeLoss', 'hingeLoss(z, 2y − 1)', [], (x, t) => losses.hingeLoss(x, pm1(t), { agg: 'none' })),
  tg('logit', 'squaredHingeLoss', 'squaredHingeLoss(z, 2y − 1)', [], (x, t) => losses.squaredHingeLoss(x, pm1(t), { agg: 'none' })),
  tg('logit', 'exponentialLoss', 'exponentialLoss(z, 2y − 1)', [], (x, t) => losses.exponentialLoss(x, pm1(t), { agg: 'none' })),
  tg('logit', 'perceptronLoss', 'perceptronLoss(z, 2y − 1)', [], (x, t) => losses.perceptronLoss(x, pm1(t), { agg: 'none' })),
  torch('logit', 'softMarginLoss', 'torch.softMarginLoss(z, 2y − 1)', [], (x, t) => losses.torch.softMarginLoss(x, pm1(t), { reduction: 'none' })),
  tg('logit', 'binaryFocalLoss', 'binaryFocalLoss(σ(z), y, { gamma })', ['gamma'], (x, t, o) => losses.binaryFocalLoss(x.sigmoid(), t, { agg: 'none', gamma: o.gamma })),

  tg('distance', 'siameseContrastiveLoss', 'siameseContrastiveLoss(d, dissimilar ? 1 : 0, { margin })', ['margin'],
    (x, t, o) => losses.siameseContrastiveLoss(x, t, { agg: 'none', margin: o.margin })),
  tg('distance', 'hingeEmbeddingLoss', 'hingeEmbeddingLoss(d, similar ? 1 : −1, { margin })', ['margin'],
    (x, t, o) => losses.hingeEmbeddingLoss(x, t.mul(-2).add(1), { agg: 'none', margin: o.margin })),
];

/** The curves a page opens with: the robust regression losses on outliers. */
export const defaultOn: Record<AxisName, string[]> = {
  residual: ['mse(ŷ, y)', 'mae(ŷ, y)', 'huberLoss(ŷ, y, { delta })', 'logCoshLoss(ŷ, y)'],
  probability: ['binaryCrossentropy(ŷ, y, { eps })', 'keras.binaryCrossentropy(ŷ, y, { labelSmoothing })'],
  logit: ['logitBinaryCrossentropy(z, y, { posWeight })', 'hingeLoss(z, 2y − 1)', 'squaredHingeLoss(z, 2y − 1)'],
  distance: ['siameseContrastiveLoss(d, dissimilar ? 1 : 0, { margin })', 'hingeEmbeddingLoss(d, similar ? 1 : −1, { margin })'],
};

export const defaultOptions = (): Options => Object.fromEntries(Object.entries(sliders).map(([k, s]) => [k, s.value])) as Options;

/** The x grid of an axis (in its range number `range`): n points from one end to the other, both included. */
export function grid(axis: AxisName, n: number, range = 0): Float64Array {
  const [lo, hi] = axes[axis].ranges[range]!.range;
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/**
 * A loss and its derivative at every x: the loss's per-element values, and the tape's gradient of
 * their sum with respect to the predictions (each element depends on its own prediction only).
 */
export function curve(loss: ExplorerLoss, xs: Float64Array, target: number, o: Options, dtype: DType = 'float32'): { loss: Float64Array; grad: Float64Array } {
  const x = tensor(xs, { shape: [xs.length, 1], dtype, requiresGrad: true });
  const t = tensor(new Float64Array(xs.length).fill(target), { shape: [xs.length, 1], dtype });
  const l = loss.fn(x, t, o);
  if (l.size !== xs.length) throw new Error(`explorer: ${loss.call} gave ${l.size} values for ${xs.length} points`);
  l.sum().backward();
  return { loss: Float64Array.from(l.contiguousData()), grad: Float64Array.from(x.grad!.contiguousData()) };
}
