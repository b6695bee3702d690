/** Every placeholder name the shared format defines (docs/conventions.md), plus the platform's own. */
export const KNOWN_PLACEHOLDERS = [
  'service', 'env', 'functionName', 'apiName', 'stage', 'region', 'memoryMb', 'timeoutMs',
  'account', 'trailLogGroup', 'concurrencyAlarmThreshold',
] as const;

export type PlaceholderName = (typeof KNOWN_PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<PlaceholderName, string>>;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Replaces `${name}` in `text`; unknown names, and known names with no value in this scope, throw. */
export function substitutePlaceholders(text: string, values: PlaceholderValues, where: string): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(KNOWN_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new Error(`${where}: unknown placeholder \${${name}}`);
    }
    const value = values[name as PlaceholderName];
    if (value === undefined) throw new Error(`${where}: placeholder \${${name}} has no value at this scope`);
    return value;
  });
}

/** Placeholders named in `text`. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
