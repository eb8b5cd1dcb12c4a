/** Optimizers (PyTorch 1.13 update rules), learning-rate schedules, gradient clipping. */
export { Optimizer, type ParamState } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export {
  StepLR, CosineAnnealingLR, LinearLR, ExponentialLR, ReduceLROnPlateau,
  type Scheduler, type LinearLROptions, type ReduceLROnPlateauOptions,
} from './schedulers.js';
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clip.js';
