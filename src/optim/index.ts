export { Optimizer, type ParamState } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { StepLR, CosineAnnealingLR, type Scheduler } from './schedulers.js';
