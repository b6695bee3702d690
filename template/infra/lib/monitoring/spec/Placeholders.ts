/** The placeholders a dashboard or alarm file may use, as `${name}`. */
export const PLACEHOLDER_NAMES = [
  'service', 'env', 'region', 'functionName', 'apiName', 'stage', 'dashboardName',
  'functionLogGroup', 'accessLogGroup', 'memoryMb', 'timeoutMs',
] as const;

export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** The value of every placeholder for one service environment. */
export type PlaceholderValues = Readonly<Record<PlaceholderName, string>>;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Replaces every `${name}`; throws on a name outside PLACEHOLDER_NAMES. */
export function substitute(text: string, values: PlaceholderValues, where: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (!(PLACEHOLDER_NAMES as readonly string[]).includes(name)) {
      throw new Error(`${where}: unknown placeholder \${${name}} (known: ${PLACEHOLDER_NAMES.join(', ')})`);
    }
    return values[name as PlaceholderName];
  });
}
