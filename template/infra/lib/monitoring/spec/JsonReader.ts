/**
 * A cursor over untrusted JSON that records where it is, so that every problem is reported with its path
 * (`widgets[3].metrics[0].stat`) and unknown fields are refused.
 */
export class JsonReader {
  constructor(
    public readonly value: unknown,
    public readonly path: string,
  ) {}

  fail(message: string): never {
    throw new Error(`${this.path}: ${message}`);
  }

  object(allowed: readonly string[], required: readonly string[] = allowed): this {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail('expected an object');
    for (const key of Object.keys(v as object)) {
      if (!allowed.includes(key)) this.fail(`unknown field "${key}" (allowed: ${allowed.join(', ')})`);
    }
    for (const key of required) {
      if (!(key in (v as object))) this.fail(`missing field "${key}"`);
    }
    return this;
  }

  has(key: string): boolean {
    return typeof this.value === 'object' && this.value !== null && key in (this.value as object);
  }

  field(key: string): JsonReader {
    return new JsonReader((this.value as Record<string, unknown>)[key], `${this.path}.${key}`);
  }

  keys(): string[] {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('expected an object');
    return Object.keys(this.value as object);
  }

  items(): JsonReader[] {
    if (!Array.isArray(this.value)) this.fail('expected an array');
    return (this.value as unknown[]).map((item, i) => new JsonReader(item, `${this.path}[${i}]`));
  }

  string(pattern?: RegExp): string {
    if (typeof this.value !== 'string' || this.value.length === 0) this.fail('expected a non-empty string');
    if (pattern && !pattern.test(this.value as string)) this.fail(`"${this.value}" does not match ${pattern}`);
    return this.value as string;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    if (!choices.includes(this.value as T)) this.fail(`expected one of ${choices.join(', ')}, got ${JSON.stringify(this.value)}`);
    return this.value as T;
  }

  number(min: number, max: number, integer = true): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
      this.fail(`expected ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${JSON.stringify(v)}`);
    }
    return v as number;
  }
}
