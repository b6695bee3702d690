/**
 * Optional parts of a service. A dashboard widget or an alarm that only makes sense with one of them says so with
 * `"requires": ["filesApi"]`, and is left out of services without it. The schemas list the same names.
 */
export const FEATURES = ['filesApi'] as const;

export type Feature = (typeof FEATURES)[number];

/** The features a service config turns on. */
export function enabledFeatures(config: { readonly [F in Feature]: boolean }): ReadonlySet<Feature> {
  return new Set(FEATURES.filter((f) => config[f]));
}
