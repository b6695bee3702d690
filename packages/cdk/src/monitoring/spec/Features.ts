import { COMPUTES, Compute } from '../../config/ServiceConfig';

/**
 * Optional parts of a service, and what runs it. A dashboard widget or an alarm that only makes sense with one of
 * them says so with `"requires": ["filesApi"]` (or `["lambda"]`, `["fargate"]`: metrics of API Gateway and Lambda, or
 * of the load balancer and ECS, exist only for that compute), and is left out of services without it. The schemas
 * list the same names.
 */
export const FEATURES = ['filesApi', ...COMPUTES] as const;

export type Feature = (typeof FEATURES)[number];

/** The features a service config turns on: its optional parts, and its compute. */
export function enabledFeatures(config: { readonly filesApi: boolean; readonly compute: Compute }): ReadonlySet<Feature> {
  const features = new Set<Feature>([config.compute]);
  if (config.filesApi) features.add('filesApi');
  return features;
}
