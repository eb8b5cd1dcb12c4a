/**
 * @internal Checks an options object at construction: every key is known (a misspelt option is
 * an error, never silently ignored) and every number satisfies its rule. Errors name the class
 * and the option.
 */
export function checkOptions(cls: string, opts: object, rules: Record<string, ((v: any) => boolean) | null>, want: Record<string, string>): void {
  for (const key of Object.keys(opts)) {
    if (!(key in rules)) throw new TypeError(`${cls}: unknown option '${key}' (options: ${Object.keys(rules).join(', ')})`);
  }
  for (const [key, rule] of Object.entries(rules)) {
    const v = (opts as Record<string, unknown>)[key];
    if (rule && v !== undefined && !rule(v)) throw new RangeError(`${cls}: ${key} must be ${want[key]}, got ${JSON.stringify(v) ?? String(v)}`);
  }
}

export const nonNegative = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v < Infinity;
export const isBool = (v: unknown): boolean => typeof v === 'boolean';
