import * as fs from 'fs';
import { readJsonFile } from '../readJsonFile';

/** Where a service keeps its traffic profile (relative to its root). */
export const TRAFFIC_PROFILE_FILE = 'infra/traffic-profile.json';

/** infra/traffic-profile.json (schemas/traffic-profile.schema.json): the traffic usage is priced at, per month. */
export interface TrafficProfile {
  readonly requestsPerMonth: number;
  /** Average billed duration of an invocation, from the service's benchmark. */
  readonly averageDurationMs: number;
  /** Bytes written to CloudWatch Logs per request: the function's logs and the access log line together. */
  readonly logBytesPerRequest: number;
  readonly s3?: { readonly storedGB: number; readonly putRequestsPerMonth: number; readonly getRequestsPerMonth: number };
  readonly preview: { readonly requestsPerMonth: number; readonly s3StoredGB?: number };
}

/** The profile used when a service has none yet: a small production service (stated in the review's assumptions). */
export const DEFAULT_TRAFFIC_PROFILE: TrafficProfile = {
  requestsPerMonth: 1_000_000,
  averageDurationMs: 50,
  logBytesPerRequest: 1024,
  s3: { storedGB: 1, putRequestsPerMonth: 10_000, getRequestsPerMonth: 100_000 },
  preview: { requestsPerMonth: 10_000 },
};

/** Reads and checks a traffic profile; undefined when `file` is not given or does not exist. */
export function loadTrafficProfile(file: string | undefined): TrafficProfile | undefined {
  if (file === undefined || !fs.existsSync(file)) return undefined;
  return readJsonFile(file, 'trafficProfile') as TrafficProfile;
}

/** What one environment sees of the profile. */
export interface EnvironmentUsage {
  readonly requestsPerMonth: number;
  readonly averageDurationMs: number;
  readonly logBytesPerRequest: number;
  readonly s3: { readonly storedGB: number; readonly putRequestsPerMonth: number; readonly getRequestsPerMonth: number };
}

/**
 * Prod's usage is the profile's; a preview's has the preview's requests, S3 requests scaled by the same ratio (its
 * tests exercise the API as prod's users do, only less), and its own stored data (default none).
 */
export function environmentUsage(profile: TrafficProfile, kind: 'prod' | 'preview'): EnvironmentUsage {
  const s3 = profile.s3 ?? { storedGB: 0, putRequestsPerMonth: 0, getRequestsPerMonth: 0 };
  const common = { averageDurationMs: profile.averageDurationMs, logBytesPerRequest: profile.logBytesPerRequest };
  if (kind === 'prod') return { ...common, requestsPerMonth: profile.requestsPerMonth, s3 };
  const ratio = profile.requestsPerMonth > 0 ? profile.preview.requestsPerMonth / profile.requestsPerMonth : 0;
  return {
    ...common,
    requestsPerMonth: profile.preview.requestsPerMonth,
    s3: {
      storedGB: profile.preview.s3StoredGB ?? 0,
      putRequestsPerMonth: s3.putRequestsPerMonth * ratio,
      getRequestsPerMonth: s3.getRequestsPerMonth * ratio,
    },
  };
}
