/**
 * The training loop of the page, free of the DOM: a small MLP, an optimizer, full-batch steps,
 * the loss graph as DOT with gradient norms, predictions on a grid, and gradcheck of a loss.
 */
import { Adam, AdamW, SGD, backwardSteps, exportOnnx, gradcheck, manualSeed, nn, noGrad, randn, retainGrads, tensor, toDot, type BackwardStep, type GradcheckReport, type Optimizer, type Tensor } from 'tapegrad';
import { datasets, lossCatalogue, targetFor, type DatasetName, type LossName } from './catalogue.js';

export const optimizers = {
  adam: (p: Tensor[], lr: number) => new Adam(p, { lr }),
  adamw: (p: Tensor[], lr: number) => new AdamW(p, { lr }),
  sgd: (p: Tensor[], lr: number) => new SGD(p, { lr, momentum: 0.9 }),
} satisfies Record<string, (p: Tensor[], lr: number) => Optimizer>;
export type OptimizerName = keyof typeof optimizers;

/** How much of the graph to draw: every op, each layer as one box, or the model and each loss term as boxes. */
export type GraphDetail = 'ops' | 'layers' | 'terms';

export interface Config {
  dataset: DatasetName;
  loss: LossName;
  options: Record<string, number>;
  optimizer: OptimizerName;
  lr: number;
  hidden: number;
  seed: number;
}

export class Trainer {
  readonly model: nn.MLP;
  readonly x: Tensor;
  /** Class indices (int32 [n]) or values ([n, 1]). */
  readonly labels: Tensor;
  readonly target: Tensor;
  readonly history: number[] = [];
  private readonly opt: Optimizer;
  private readonly params: Tensor[];

  constructor(readonly config: Config) {
    manualSeed(config.seed);
    const set = datasets[config.dataset];
    const { x, y } = set.make(config.seed);
    this.x = x;
    this.labels = y;
    const loss = lossCatalogue[config.loss];
    this.target = targetFor(loss.task, y);
    const outputs = loss.task === 'multiclass' ? set.classes : 1;
    this.model = new nn.MLP([x.shape[1]!, config.hidden, config.hidden, outputs], 'tanh');
    this.params = this.model.parameters();
    this.opt = optimizers[config.optimizer](this.params, config.lr);
  }

  get steps(): number {
    return this.history.length;
  }

  lossOf(z: Tensor, target: Tensor): Tensor {
    return lossCatalogue[this.config.loss].fn(z, target, this.config.options, this.params);
  }

  /**
   * One full-batch step; returns the loss. With `graph`, every node keeps its gradient and the
   * DOT of the step's graph, with gradient norms, is returned too.
   */
  step(graph = false, detail: GraphDetail = 'layers'): { loss: number; dot?: string } {
    this.opt.zeroGrad();
    const loss = this.lossOf(this.model.forward(this.x), this.target);
    if (graph) retainGrads(loss);
    loss.backward(); // the graph's structure outlives backward, so toDot can draw it below
    const dot = graph ? toDot(loss, { params: this.model, grads: true, rankdir: 'BT', collapse: this.collapse(detail) }) : undefined;
    this.opt.step();
    const value = loss.item();
    this.history.push(value);
    return { loss: value, dot };
  }

  /** toDot's collapse option for a graph detail. */
  private collapse(detail: GraphDetail): boolean | string[] {
    if (detail === 'ops') return false;
    return detail === 'terms' || this.model.layers.map((_, i) => `MLP/layers.${i}`);
  }

  /**
   * The backward pass of the current model's loss, step by step (backwardSteps: the real walk),
   * and its graph as DOT tagged with tape ids for the step-through; no optimizer step, no .grad.
   */
  walk(detail: GraphDetail = 'layers'): { steps: BackwardStep[]; dot: string; loss: number } {
    const loss = this.lossOf(this.model.forward(this.x), this.target);
    const steps = backwardSteps(loss);
    return { steps, dot: toDot(loss, { params: this.model, rankdir: 'BT', collapse: this.collapse(detail), tags: true }), loss: loss.item() };
  }

  /** The gradient of every parameter from a plain loss.backward() at the current weights (what a step would use). */
  backwardGrads(): Map<string, Tensor> {
    this.opt.zeroGrad();
    this.lossOf(this.model.forward(this.x), this.target).backward();
    const out = new Map(this.model.namedParameters().map(([name, p]) => [name, p.grad!]));
    this.opt.zeroGrad();
    return out;
  }

  /**
   * The model and its loss as ONNX bytes: inputs x and y (a symbolic batch dim), outputs the raw
   * outputs z and the loss (a function node in 'tapegrad.losses'), the weights as named initializers.
   */
  onnx(): Uint8Array {
    const f = (x: Tensor, y: Tensor) => {
      const z = this.model.forward(x);
      return [z, this.lossOf(z, y)];
    };
    return exportOnnx(f, [this.x, this.target], { params: this.model.namedParameters(), inputNames: ['x', 'y'], outputNames: ['z', 'loss'] });
  }

  /** The model's raw output on an nx × ny grid over [x0, x1] × [y0, y1], row by row from the top. */
  grid(nx: number, ny: number, [x0, x1, y0, y1]: readonly number[]): Tensor {
    const pts = new Float32Array(nx * ny * 2);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        pts[2 * (j * nx + i)] = x0! + ((i + 0.5) / nx) * (x1! - x0!);
        pts[2 * (j * nx + i) + 1] = y1! - ((j + 0.5) / ny) * (y1! - y0!);
      }
    }
    return noGrad(() => this.model.forward(tensor(pts, { shape: [nx * ny, 2] })));
  }

  /** The model's predictions at the given x values (1-D regression). */
  curve(xs: Float32Array): Float32Array {
    return noGrad(() => this.model.forward(tensor(xs, { shape: [xs.length, 1] }))).contiguousData() as Float32Array;
  }

  /**
   * gradcheck of the chosen loss (with its options and output transform) as a function of the
   * raw outputs z, in float64, on 6 rows of this data set's targets and random z.
   */
  gradcheck(): GradcheckReport & { entries: number } {
    const rows = 6;
    const set = datasets[this.config.dataset];
    const task = lossCatalogue[this.config.loss].task;
    const width = task === 'multiclass' ? set.classes : 1;
    manualSeed(this.config.seed + 1);
    const z = randn([rows, width], { dtype: 'float64' });
    const target = this.target.slice(0, 0, rows);
    const t64 = target.dtype === 'int32' ? target : target.to('float64');
    const params = this.params.map((p) => p.detach().to('float64'));
    const f = (zz: Tensor) => lossCatalogue[this.config.loss].fn(zz, t64, this.config.options, params);
    return { ...gradcheck(f, [z]), entries: z.size };
  }
}
