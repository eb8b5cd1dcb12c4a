/** The optimizers' option checks live in options.ts (one implementation); these names stay importable from here. */
export { checkOptions, nonNegative, isBool } from './options.js';
