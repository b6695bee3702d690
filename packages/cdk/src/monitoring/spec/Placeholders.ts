/**
 * The placeholders a dashboard or alarm file may use, as `${name}`: a service environment's names and sizes, and the
 * platform's account-level values. A file is read at one scope (a service environment, or the account) and a
 * placeholder the scope gives no value is an error there.
 */
export const PLACEHOLDER_NAMES = [
  'service', 'env', 'region', 'functionName', 'apiName', 'stage', 'dashboardName',
  'functionLogGroup', 'accessLogGroup', 'memoryMb', 'timeoutMs',
  // Fargate compute: the metric dimensions of the load balancer, its target group and the ECS service, and the log group.
  'loadBalancer', 'targetGroup', 'clusterName', 'ecsServiceName', 'containerLogGroup',
  'account', 'trailLogGroup', 'concurrencyAlarmThreshold',
] as const;

export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** The values of one scope; a name left out has no value there. */
export type PlaceholderValues = Readonly<Partial<Record<PlaceholderName, string>>>;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDER_NAMES as readonly string[]).includes(name);
}

/** Throws on a `${name}` in `text` outside PLACEHOLDER_NAMES. */
export function checkPlaceholders(text: string, where: string): void {
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!isPlaceholderName(name)) throw new Error(`${where}: unknown placeholder \${${name}} (known: ${PLACEHOLDER_NAMES.join(', ')})`);
  }
}

/** Replaces every `${name}`; an unknown name, or a known one with no value in `values`, throws. */
export function substitute(text: string, values: PlaceholderValues, where: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    checkPlaceholders(`\${${name}}`, where);
    const value = values[name as PlaceholderName];
    if (value === undefined) throw new Error(`${where}: placeholder \${${name}} has no value at this scope`);
    return value;
  });
}
