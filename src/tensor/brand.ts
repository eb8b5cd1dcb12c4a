import type { Tensor } from './tensor.js';

/**
 * Marks the Tensor class (set on its prototype by tensor.ts), so modules that tensor.ts itself
 * imports (the options checker) can recognise a tensor without importing the class: that import
 * would be a circle.
 */
export const tensorBrand: unique symbol = Symbol('tapegrad.Tensor');

/** Whether v is a Tensor (the `instanceof Tensor` of modules below tensor.ts). */
export const isTensor = (v: unknown): v is Tensor =>
  typeof v === 'object' && v !== null && (v as { [tensorBrand]?: true })[tensorBrand] === true;
