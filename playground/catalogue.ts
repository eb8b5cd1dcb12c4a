/**
 * What the playground offers: toy data sets and the losses that fit each kind of task, with the
 * options a user can turn. Every loss is called exactly as a user would call it from 'tapegrad'.
 */
import { arange, data, losses, scope, tensor, type Tensor } from 'tapegrad';

export type Task = 'multiclass' | 'binary' | 'regression';

export interface Dataset {
  label: string;
  /** 0 for regression. */
  classes: number;
  make(seed: number): { x: Tensor; y: Tensor };
}

export const datasets = {
  moons: { label: 'two moons', classes: 2, make: (seed) => data.twoMoons(200, { noise: 0.15, seed }) },
  spirals: { label: 'three spirals', classes: 3, make: (seed) => data.spirals(300, { noise: 0.1, seed }) },
  blobs: { label: 'imbalanced blobs (10% positives)', classes: 2, make: (seed) => data.imbalanced(300, { minorityFraction: 0.1, seed }) },
  outliers: { label: 'a line with outliers', classes: 0, make: (seed) => data.linearWithOutliers(120, { seed }) },
} satisfies Record<string, Dataset>;
export type DatasetName = keyof typeof datasets;

export interface OptionDef {
  name: string;
  default: number;
  min: number;
  max: number;
  step: number;
}

export interface LossDef {
  task: Task;
  /** How the model's raw output z reaches the loss, for the page (the graph shows it exactly). */
  formula: string;
  options: OptionDef[];
  /** The loss of raw outputs z ([n, C] logits, [n, 1] logit or prediction) against the task's target. */
  fn(z: Tensor, target: Tensor, opts: Record<string, number>, params: Tensor[]): Tensor;
}

const opt = (name: string, def: number, min: number, max: number, step: number): OptionDef => ({ name, default: def, min, max, step });
/** Labels 0/1 as the ±1 that margin losses expect. */
const pm1 = (y: Tensor) => y.mul(2).sub(1);
/**
 * Class indices [n] as one-hot rows [n, C] in z's dtype, made of ops (a comparison with
 * 0..C−1), so the ONNX export records it; tapegrad's oneHot() builds a constant from the data.
 */
const oneHotOf = (y: Tensor, z: Tensor) => y.unsqueeze(-1).eq(arange(z.shape[1]!)).to(z.dtype);

export const lossCatalogue = {
  logitCrossentropy: { task: 'multiclass', formula: 'logitCrossentropy(z, y)', options: [opt('labelSmoothing', 0, 0, 0.5, 0.05)], fn: (z, y, o) => losses.logitCrossentropy(z, y, { labelSmoothing: o.labelSmoothing }) },
  crossentropy: { task: 'multiclass', formula: 'crossentropy(softmax(z), y)', options: [opt('labelSmoothing', 0, 0, 0.5, 0.05)], fn: (z, y, o) => losses.crossentropy(z.softmax(1), y, { labelSmoothing: o.labelSmoothing }) },
  focalLoss: { task: 'multiclass', formula: 'focalLoss(softmax(z), y)', options: [opt('gamma', 2, 0, 5, 0.5)], fn: (z, y, o) => losses.focalLoss(z.softmax(1), y, { gamma: o.gamma }) },
  nllLoss: { task: 'multiclass', formula: 'nllLoss(logSoftmax(z), y)', options: [], fn: (z, y) => losses.nllLoss(z.logSoftmax(1), y) },
  categoricalHinge: { task: 'multiclass', formula: 'categoricalHinge(z, y == arange(C))', options: [], fn: (z, y) => losses.categoricalHinge(z, oneHotOf(y, z)) },
  logitBinaryCrossentropy: { task: 'binary', formula: 'logitBinaryCrossentropy(z, y)', options: [opt('posWeight', 1, 0.1, 20, 0.1)], fn: (z, y, o) => losses.logitBinaryCrossentropy(z, y, { posWeight: tensor(o.posWeight!) }) },
  binaryFocalLoss: { task: 'binary', formula: 'binaryFocalLoss(sigmoid(z), y)', options: [opt('gamma', 2, 0, 5, 0.5)], fn: (z, y, o) => losses.binaryFocalLoss(z.sigmoid(), y, { gamma: o.gamma }) },
  hingeLoss: { task: 'binary', formula: 'hingeLoss(z, 2y − 1)', options: [], fn: (z, y) => losses.hingeLoss(z, pm1(y)) },
  squaredHingeLoss: { task: 'binary', formula: 'squaredHingeLoss(z, 2y − 1)', options: [], fn: (z, y) => losses.squaredHingeLoss(z, pm1(y)) },
  diceCoeffLoss: { task: 'binary', formula: 'diceCoeffLoss(sigmoid(z), y)', options: [opt('smooth', 1, 0, 10, 0.5)], fn: (z, y, o) => losses.diceCoeffLoss(z.sigmoid(), y, { smooth: o.smooth }) },
  composite: {
    task: 'binary',
    formula: '0.5·logitBinaryCrossentropy(z, y) + 0.5·diceCoeffLoss(sigmoid(z), y) + λ·Σw²',
    options: [opt('lambda', 1e-3, 0, 0.1, 1e-3)],
    fn: (z, y, o, params) => compositeLoss(z, y, o.lambda!, params),
  },
  mse: { task: 'regression', formula: 'mse(z, y)', options: [], fn: (z, y) => losses.mse(z, y) },
  mae: { task: 'regression', formula: 'mae(z, y)', options: [], fn: (z, y) => losses.mae(z, y) },
  huberLoss: { task: 'regression', formula: 'huberLoss(z, y)', options: [opt('delta', 1, 0.1, 5, 0.1)], fn: (z, y, o) => losses.huberLoss(z, y, { delta: o.delta }) },
  smoothL1Loss: { task: 'regression', formula: 'smoothL1Loss(z, y)', options: [opt('beta', 1, 0.1, 5, 0.1)], fn: (z, y, o) => losses.smoothL1Loss(z, y, { beta: o.beta }) },
  logCoshLoss: { task: 'regression', formula: 'logCoshLoss(z, y)', options: [], fn: (z, y) => losses.logCoshLoss(z, y) },
  quantileLoss: { task: 'regression', formula: 'quantileLoss(z, y)', options: [opt('quantile', 0.5, 0.05, 0.95, 0.05)], fn: (z, y, o) => losses.quantileLoss(z, y, { quantile: o.quantile }) },
} satisfies Record<string, LossDef>;
export type LossName = keyof typeof lossCatalogue;

/** A composite objective: each term is its own box in the graph (the losses' scopes and 'weightDecay'). */
export function compositeLoss(z: Tensor, y: Tensor, lambda: number, params: Tensor[]): Tensor {
  const bce = losses.logitBinaryCrossentropy(z, y);
  const dice = losses.diceCoeffLoss(z.sigmoid(), y);
  const decay = scope('weightDecay', () => params.filter((p) => p.ndim === 2).map((w) => w.square().sum()).reduce((a, b) => a.add(b)).mul(lambda));
  return bce.mul(0.5).add(dice.mul(0.5)).add(decay);
}

/** The task a data set poses to a loss: multiclass losses fit any classification set, binary ones need two classes. */
export function fits(dataset: Dataset, loss: LossDef): boolean {
  if (loss.task === 'regression') return dataset.classes === 0;
  return loss.task === 'multiclass' ? dataset.classes >= 2 : dataset.classes === 2;
}

/** The target a loss expects, from a data set's labels (int32 [n] classes or float [n, 1] values). */
export function targetFor(task: Task, y: Tensor): Tensor {
  return task === 'binary' ? y.to('float32').reshape([-1, 1]) : y;
}
