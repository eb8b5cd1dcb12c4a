/**
 * @internal Checks an options object at construction: every key is known (a misspelt option, or a
 * PyTorch spelling such as weight_decay, is an error, never silently ignored) and every value
 * satisfies its rule (`null`: checked elsewhere). Errors name the class and the option, so a bad
 * value fails here instead of turning parameters into NaN steps later.
 */
export function checkOptions(cls: string, opts: object, rules: Record<string, ((v: any) => boolean) | null>, want: Record<string, string>): void {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${cls}: options must be an object, got ${show(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!(key in rules)) throw new TypeError(`${cls}: unknown option '${key}' (options: ${Object.keys(rules).join(', ')})`);
  }
  for (const [key, rule] of Object.entries(rules)) {
    const v = (opts as Record<string, unknown>)[key];
    if (rule && v !== undefined && !rule(v)) throw new RangeError(`${cls}: ${key} must be ${want[key]}, got ${show(v)}`);
  }
}

/** A value as it reads in an error (NaN and ±Infinity as themselves, not JSON's null). */
function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  return JSON.stringify(v) ?? String(v);
}

export const nonNegative = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v < Infinity;
export const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
export const isBool = (v: unknown): boolean => typeof v === 'boolean';
