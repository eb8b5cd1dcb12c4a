/**
 * The one options checker of the library: every public function that takes an options object
 * (ops, layers, losses, optimizers, io, graph, export) checks it here against a typed table of
 * option → domain. An unknown key is an error naming the function, the key, the keys it takes and
 * the closest of them; a value outside its domain is an error naming the function, the option and
 * the value. Never an option silently ignored.
 */
import { isTensor } from './brand.js';

export interface Domain {
  /** What a valid value is, as the error message says it. */
  want: string;
  ok: (v: unknown) => boolean;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

/** The domains most options fall into; a table may also give a Domain of its own. */
export const domains = {
  agg: { want: "'mean', 'sum', 'none' or a function", ok: (v) => v === 'mean' || v === 'sum' || v === 'none' || typeof v === 'function' },
  dim: { want: 'an integer dim', ok: int },
  axes: { want: 'an integer dim or an array of them', ok: (v) => int(v) || (Array.isArray(v) && v.length > 0 && v.every(int)) },
  integer: { want: 'an integer', ok: int },
  positiveInt: { want: 'an integer ≥ 1', ok: (v) => int(v) && (v as number) >= 1 },
  nonNegativeInt: { want: 'an integer ≥ 0', ok: (v) => int(v) && (v as number) >= 0 },
  real: { want: 'a finite number', ok: finite },
  positive: { want: 'a finite number > 0', ok: (v) => finite(v) && v > 0 },
  nonNegative: { want: 'a finite number ≥ 0', ok: (v) => finite(v) && v >= 0 },
  unit: { want: 'a number in [0, 1]', ok: (v) => finite(v) && v >= 0 && v <= 1 },
  smoothing: { want: 'a number in [0, 1)', ok: (v) => finite(v) && v >= 0 && v < 1 },
  cosine: { want: 'a number in [-1, 1] (a cosine)', ok: (v) => finite(v) && v >= -1 && v <= 1 },
  bool: { want: 'true or false', ok: (v) => typeof v === 'boolean' },
  string: { want: 'a string', ok: (v) => typeof v === 'string' },
  function: { want: 'a function', ok: (v) => typeof v === 'function' },
  tensor: { want: 'a Tensor', ok: (v) => isTensor(v) },
  /** A layer's or an initialiser's dtype: parameters are float (int32 would truncate every draw). */
  floatDType: { want: "'float32' or 'float64'", ok: (v) => v === 'float32' || v === 'float64' },
  weights: { want: 'a finite number ≥ 0 or a Tensor of per-class weights', ok: (v) => isTensor(v) || (finite(v) && v >= 0) },
  any: { want: 'any value', ok: () => true },
} satisfies Record<string, Domain>;

export type DomainName = keyof typeof domains;

/** A domain that is one of a few literal values (`oneOf('zeros', 'reflect')`). */
export function oneOf(...values: readonly (string | number | boolean | null)[]): Domain {
  return { want: `one of ${values.map((v) => describe(v)).join(', ')}`, ok: (v) => values.includes(v as never) };
}

/** An option's table entry: a named domain, or a Domain of its own. */
export type OptionSpec = Record<string, DomainName | Domain>;

/**
 * Throws unless `opts` is undefined or an object whose every key is in `spec` and whose every
 * defined value lies in that key's domain. An explicit `undefined` means the default.
 */
export function checkOptions(fn: string, opts: unknown, spec: OptionSpec): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts) || isTensor(opts)) {
    throw new TypeError(`${fn}: options must be an object, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) throw new RangeError(unknownOption(fn, key, Object.keys(spec)));
    const entry = spec[key];
    const domain = typeof entry === 'string' ? domains[entry] : entry;
    const value = (opts as Record<string, unknown>)[key];
    if (value !== undefined && !domain.ok(value)) {
      throw new RangeError(`${fn}: option ${key} must be ${domain.want}, got ${describe(value)}`);
    }
  }
}

/** A positional flag (`sort(x, dim, descending)`): a boolean or undefined, never a truthy object. */
export function checkFlag(fn: string, name: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`${fn}: ${name} must be true or false, got ${describe(v)}`);
}

/** The message for an unknown key: the keys taken, and the closest one when it is close. */
export function unknownOption(fn: string, key: string, known: readonly string[]): string {
  const taken = known.length > 0 ? `${fn} takes ${known.join(', ')}` : `${fn} takes no options`;
  const near = closest(key, known);
  return `${fn}: unknown option '${key}' (${taken}${near !== null ? `; did you mean '${near}'?` : ''})`;
}

/** The known key nearest to `key` in edit distance (case and `_` ignored), if near enough to be a slip. */
function closest(key: string, known: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '');
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(norm(key), norm(k));
    if (d < bestD) { best = k; bestD = d; }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(key.length / 3)) ? best : null;
}

/** Edits (insert, delete, substitute, swap two neighbours: 'bais' is one slip from 'bias') from a to b. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** A value as an error message shows it (NaN and ±Infinity as themselves, tensors by shape). */
export function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v !== 'object' && typeof v !== 'function') return String(v);
  if (isTensor(v)) return `a Tensor of shape [${v.shape.join(',')}]`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}
