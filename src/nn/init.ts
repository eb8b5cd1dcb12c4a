/**
 * Weight initialisers. Each returns a fresh tensor drawn from `opts.generator` or the global stream (manualSeed),
 * so a model built after manualSeed(n) is the same on every run. Fans follow PyTorch's layout:
 * for a weight [out, in, ...rest], fanIn = in·Π rest and fanOut = out·Π rest.
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromStorage } from '../tensor/tensor.js';
import { full, type CreateOptions, type RandomOptions } from '../tensor/create.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator } from '../tensor/random.js';
import { shapeStr, sizeOf } from '../tensor/shape.js';

export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

/**
 * fanIn = shape[1]·receptive field, fanOut = shape[0]·receptive field, for a weight stored
 * [out, in, ...kernel] as PyTorch's _calculate_fan_in_and_fan_out.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new RangeError(`init: fans need a weight of at least 2 dims, got shape ${shapeStr(shape)}`);
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** PyTorch's calculate_gain: the factor that keeps activations' variance through a layer. */
export function gain(nonlinearity: Nonlinearity, a = 0.01): number {
  switch (nonlinearity) {
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': return Math.sqrt(2 / (1 + a * a));
    case 'tanh': return 5 / 3;
    default: return 1;
  }
}

function fill(shape: readonly number[], opts: RandomOptions, draw: () => number): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return fromStorage(data, shape, dtype, opts.requiresGrad);
}

/** U(low, high), from `opts.generator` or the global stream. */
export function uniform(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  return fill(shape, opts, () => low + (high - low) * g.uniform());
}

/** N(mean, std²), from `opts.generator` or the global stream. */
export function normal(shape: readonly number[], { mean = 0, std = 1, ...opts }: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  return fill(shape, opts, () => mean + std * g.normal());
}

/** A zeros weight of `shape` (nn.init.zeros_, returning a new tensor). */
export const zeros = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 0, opts);

/**
 * He et al.: U(−b, b) with b = gain·√(3 / fan), so Var = gain² / fan. PyTorch's defaults
 * (a = 0, leakyRelu) give gain √2; Linear's default init uses a = √5, i.e. b = 1/√fanIn.
 */
export function kaimingUniform(
  shape: readonly number[],
  { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu', ...opts }: RandomOptions & { a?: number; mode?: 'fanIn' | 'fanOut'; nonlinearity?: Nonlinearity } = {},
): Tensor {
  const fan = fans(shape)[mode];
  const bound = gain(nonlinearity, a) * Math.sqrt(3 / fan);
  return uniform(shape, -bound, bound, opts);
}

/** Glorot & Bengio: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform(shape: readonly number[], { gain: g = 1, ...opts }: RandomOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const bound = g * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, opts);
}
