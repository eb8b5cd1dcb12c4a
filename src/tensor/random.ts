/**
 * The seeded generator behind rand, randn, randint, shuffles, dropout and initialisers.
 * xoshiro128** (Blackman & Vigna): 128-bit state, 32-bit outputs, period 2^128 − 1.
 */
let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
let spareNormal: number | null = null;

function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** Makes every random call after it reproducible. */
export function manualSeed(seed: number): void {
  const next = splitmix32(seed);
  s0 = next(); s1 = next(); s2 = next(); s3 = next();
  spareNormal = null;
}
manualSeed(Date.now() ^ (Math.random() * 2 ** 32));

export function nextUint32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}
const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** Uniform in [0, 1) with 53 random bits. */
export function uniform(): number {
  return ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
}

/** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
export function normal(): number {
  if (spareNormal !== null) {
    const z = spareNormal;
    spareNormal = null;
    return z;
  }
  let u = 0;
  while (u === 0) u = uniform();
  const v = uniform();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** Integer in [low, high). */
export function integer(low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low));
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = integer(0, i + 1);
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}
