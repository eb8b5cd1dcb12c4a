/**
 * Weight initialisers. Each returns a fresh tensor drawn from `opts.generator` or the global stream (manualSeed),
 * so a model built after manualSeed(n) is the same on every run. Fans follow PyTorch's layout:
 * for a weight [out, in, ...rest], fanIn = in·Π rest and fanOut = out·Π rest.
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromStorage } from '../tensor/tensor.js';
import { createOptions, full, randomOptions, type CreateOptions, type RandomOptions } from '../tensor/create.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator } from '../tensor/random.js';
import { shapeStr, sizeOf } from '../tensor/shape.js';
import { checkFinite, checkShape } from '../tensor/validate.js';
import { checkOptions, describe, type Domain } from '../tensor/options.js';

/**
 * The nonlinearities of PyTorch 1.13's calculate_gain, in tapegrad's camelCase (PyTorch's
 * 'leaky_relu' is 'leakyRelu' here, 'conv_transpose2d' is 'convTranspose2d'): one spelling, and
 * the other is an error that names it, never a silent gain of 1.
 */
const gains = {
  linear: () => 1, conv1d: () => 1, conv2d: () => 1, conv3d: () => 1,
  convTranspose1d: () => 1, convTranspose2d: () => 1, convTranspose3d: () => 1,
  sigmoid: () => 1,
  tanh: () => 5 / 3,
  relu: () => Math.SQRT2,
  leakyRelu: (a: number) => Math.sqrt(2 / (1 + a * a)),
  selu: () => 3 / 4,
} satisfies Record<string, (a: number) => number>;

export type Nonlinearity = keyof typeof gains;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A name PyTorch spells with '_' gets the hint of tapegrad's spelling. */
const hint = (v: unknown, known: readonly string[]) =>
  typeof v === 'string' && v !== camel(v) && known.includes(camel(v)) ? ` (PyTorch's '${v}' is '${camel(v)}' here)` : '';

const nonlinearity: Domain = {
  want: `one of ${Object.keys(gains).map((k) => `'${k}'`).join(', ')} (camelCase: PyTorch's 'leaky_relu' is 'leakyRelu')`,
  ok: (v) => typeof v === 'string' && Object.hasOwn(gains, v),
};
const fanMode: Domain = { want: "'fanIn' or 'fanOut' (PyTorch's 'fan_in' and 'fan_out', in camelCase)", ok: (v) => v === 'fanIn' || v === 'fanOut' };
/** Initialisers fill float storage only. */
const initOptions = { ...randomOptions, dtype: 'floatDType' } as const;

/**
 * fanIn = shape[1]·receptive field, fanOut = shape[0]·receptive field, for a weight stored
 * [out, in, ...kernel] as PyTorch's _calculate_fan_in_and_fan_out.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  checkShape('init.fans', shape);
  if (shape.length < 2) throw new RangeError(`init: fans need a weight of at least 2 dims, got shape ${shapeStr(shape)}`);
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * PyTorch's calculate_gain: the factor that keeps activations' variance through a layer. `a` is
 * leakyRelu's negative slope (default 0.01, as PyTorch's). An unknown name is an error.
 * @example gain('leakyRelu', 0.2) // √(2 / 1.04)
 */
export function gain(nonlinearity: Nonlinearity, a = 0.01): number {
  if (typeof nonlinearity !== 'string' || !Object.hasOwn(gains, nonlinearity)) {
    throw new RangeError(`init.gain: unknown nonlinearity ${describe(nonlinearity)}${hint(nonlinearity, Object.keys(gains))} (takes ${Object.keys(gains).join(', ')})`);
  }
  return gains[nonlinearity](checkFinite('init.gain', 'a', a));
}

function fill(fn: string, shape: readonly number[], opts: RandomOptions, draw: () => number): Tensor {
  const dims = checkShape(fn, shape);
  const dtype = opts.dtype ?? 'float32';
  const data = allocate(dtype, sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return fromStorage(data, dims, dtype, opts.requiresGrad);
}

/** U(low, high) with finite low ≤ high (PyTorch's uniform_), from `opts.generator` or the global stream. */
export function uniform(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
  checkOptions('uniform', opts, initOptions);
  checkFinite('uniform', 'low', low);
  checkFinite('uniform', 'high', high);
  if (low > high) throw new RangeError(`uniform: low (${low}) must be ≤ high (${high})`);
  const g = opts.generator ?? defaultGenerator;
  return fill('uniform', shape, opts, () => low + (high - low) * g.uniform());
}

/** N(mean, std²) with std ≥ 0 (PyTorch's normal_), from `opts.generator` or the global stream. */
export function normal(shape: readonly number[], opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  checkOptions('normal', opts, { ...initOptions, mean: 'real', std: 'nonNegative' });
  const { mean = 0, std = 1, ...rest } = opts;
  const g = rest.generator ?? defaultGenerator;
  return fill('normal', shape, rest, () => mean + std * g.normal());
}

/** A zeros weight of `shape` (nn.init.zeros_, returning a new tensor). */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  checkOptions('init.zeros', opts, createOptions);
  return full(checkShape('init.zeros', shape), 0, opts);
}

/**
 * He et al.: U(−b, b) with b = gain·√(3 / fan), so Var = gain² / fan. PyTorch's defaults
 * (a = 0, leakyRelu) give gain √2; Linear's default init uses a = √5, i.e. b = 1/√fanIn.
 * `mode` is 'fanIn' (default) or 'fanOut' (PyTorch's 'fan_in'/'fan_out', in camelCase as every
 * tapegrad option; PyTorch's spelling is an error that names the camelCase one).
 */
export function kaimingUniform(
  shape: readonly number[],
  opts: RandomOptions & { a?: number; mode?: 'fanIn' | 'fanOut'; nonlinearity?: Nonlinearity } = {},
): Tensor {
  checkOptions('kaimingUniform', opts, { ...initOptions, a: 'real', mode: fanMode, nonlinearity });
  const { a = 0, mode = 'fanIn', nonlinearity: f = 'leakyRelu', ...rest } = opts;
  checkShape('kaimingUniform', shape);
  const fan = fans(shape)[mode];
  const bound = fan > 0 ? gain(f, a) * Math.sqrt(3 / fan) : 0; // fan 0: a tensor with no elements (a no-op in PyTorch)
  return uniform(shape, -bound, bound, rest);
}

/** Glorot & Bengio: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform(shape: readonly number[], opts: RandomOptions & { gain?: number } = {}): Tensor {
  checkOptions('xavierUniform', opts, { ...initOptions, gain: 'nonNegative' });
  const { gain: g = 1, ...rest } = opts;
  checkShape('xavierUniform', shape);
  const { fanIn, fanOut } = fans(shape);
  const bound = fanIn + fanOut > 0 ? g * Math.sqrt(6 / (fanIn + fanOut)) : 0;
  return uniform(shape, -bound, bound, rest);
}
