/**
 * The values a custom metric's dimension takes, where it takes more than one: CloudWatch bills each combination of
 * dimension values as a metric of its own. Service and Environment have one value per environment; StatusClass has
 * the four a finished request can have (serverless-axum-kit's `status_class`: 2xx, 3xx, 4xx, 5xx). A dimension not
 * listed counts once.
 */
export const DIMENSION_VALUES: Readonly<Record<string, readonly string[]>> = {
  StatusClass: ['2xx', '3xx', '4xx', '5xx'],
};

/** How many metrics CloudWatch bills for one catalog metric with these dimensions. */
export function metricCombinations(dimensions: readonly string[]): number {
  return dimensions.reduce((n, d) => n * (DIMENSION_VALUES[d]?.length ?? 1), 1);
}
