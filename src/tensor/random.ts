/**
 * Seeded random numbers. A `Generator` is one independent stream: xoshiro128** (Blackman & Vigna;
 * 128-bit state, 32-bit outputs, period 2^128 − 1), its state filled from the seed by splitmix32.
 * rand, randn, randint, Dropout, shuffled batches, initialisers and the toy data sets draw from
 * the generator passed to them, or from the global one (`defaultGenerator`, reseeded by manualSeed).
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  /** A stream seeded with `seed` (any number; it is taken modulo 2^32). Equal seeds, equal streams. */
  constructor(seed: number) {
    this.manualSeed(seed);
  }

  /** Restarts the stream from `seed`. */
  manualSeed(seed: number): this {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`Generator: seed must be a finite number, got ${String(seed)}`);
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
    this.spareNormal = null;
    return this;
  }

  /** The full state (four 32-bit words and the cached normal), to save a stream and resume it. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0, this.spareNormal ?? NaN];
  }

  /** Restores a state from getState(). */
  setState(state: readonly number[]): this {
    if (state.length !== 5 || !state.slice(0, 4).every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
      throw new RangeError('Generator.setState: expected the 5 numbers getState() returns');
    }
    [this.s0, this.s1, this.s2, this.s3] = state.slice(0, 4).map((w) => w | 0);
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4]!;
    return this;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [low, high). */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const t = p[i]!; p[i] = p[j]!; p[j] = t;
    }
    return p;
  }
}
const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** The global stream behind every random call that is not given a generator. */
export const defaultGenerator = new Generator(Date.now() ^ (Math.random() * 2 ** 32));

/** Makes every random call after it that uses the global stream reproducible. */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}

/** A uniform 32-bit unsigned integer from the global stream. */
export const nextUint32 = (): number => defaultGenerator.nextUint32();
/** A uniform number in [0, 1) (53 random bits) from the global stream. */
export const uniform = (): number => defaultGenerator.uniform();
/** A standard normal number (Box–Muller) from the global stream. */
export const normal = (): number => defaultGenerator.normal();
/** A uniform integer in [low, high) from the global stream. */
export const integer = (low: number, high: number): number => defaultGenerator.integer(low, high);
/** A random permutation of 0..n−1 (Fisher–Yates) from the global stream. */
export const permutation = (n: number): Int32Array => defaultGenerator.permutation(n);
