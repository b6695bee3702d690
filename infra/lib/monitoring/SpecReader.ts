import { PlaceholderValues, substitutePlaceholders } from './Placeholders';

/** Reads one JSON object of a definition file strictly: unknown fields, wrong types and bad placeholders throw. */
export class SpecReader {
  private readonly value: Record<string, unknown>;

  constructor(raw: unknown, readonly where: string, readonly values: PlaceholderValues, allowed: readonly string[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where}: expected an object`);
    this.value = raw as Record<string, unknown>;
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) throw new Error(`${where}: unknown field "${key}"`);
    }
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  /** A required string with placeholders substituted. */
  string(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.length === 0) throw new Error(`${this.where}.${key}: expected a non-empty string`);
    return substitutePlaceholders(v, this.values, `${this.where}.${key}`);
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  oneOf<T extends string>(key: string, options: readonly T[], fallback?: T): T {
    if (!this.has(key) && fallback !== undefined) return fallback;
    const v = this.string(key);
    if (!(options as readonly string[]).includes(v)) throw new Error(`${this.where}.${key}: "${v}" is not one of ${options.join(', ')}`);
    return v as T;
  }

  /** A required integer in [min, max]. */
  integer(key: string, min: number, max: number): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${this.where}.${key}: expected an integer in [${min}, ${max}]`);
    }
    return v;
  }

  optionalInteger(key: string, min: number, max: number): number | undefined {
    return this.has(key) ? this.integer(key, min, max) : undefined;
  }

  /** A number, or a string that is exactly one placeholder resolving to a number. */
  numberOrPlaceholder(key: string): number {
    const v = this.value[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\$\{[^}]+\}$/.test(v)) {
      const resolved = Number(substitutePlaceholders(v, this.values, `${this.where}.${key}`));
      if (Number.isFinite(resolved)) return resolved;
      throw new Error(`${this.where}.${key}: ${v} does not resolve to a number`);
    }
    throw new Error(`${this.where}.${key}: expected a number or a single "\${placeholder}"`);
  }

  array(key: string): unknown[] {
    const v = this.value[key];
    if (!Array.isArray(v) || v.length === 0) throw new Error(`${this.where}.${key}: expected a non-empty array`);
    return v;
  }

  stringArray(key: string): string[] {
    return this.array(key).map((item, i) => {
      if (typeof item !== 'string' || item.length === 0) throw new Error(`${this.where}.${key}[${i}]: expected a string`);
      return substitutePlaceholders(item, this.values, `${this.where}.${key}[${i}]`);
    });
  }

  /** An optional object of string → string, placeholders substituted in keys' values. */
  stringMap(key: string): Record<string, string> | undefined {
    if (!this.has(key)) return undefined;
    const v = this.value[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${this.where}.${key}: expected an object`);
    return Object.fromEntries(Object.entries(v).map(([k, item]) => {
      if (typeof item !== 'string' || item.length === 0) throw new Error(`${this.where}.${key}.${k}: expected a string`);
      return [k, substitutePlaceholders(item, this.values, `${this.where}.${key}.${k}`)];
    }));
  }

  child(key: string, allowed: readonly string[]): SpecReader {
    return new SpecReader(this.value[key], `${this.where}.${key}`, this.values, allowed);
  }
}
