import { CustomMetricCatalog } from '../../monitoring/catalog/CustomMetricCatalog';
import { AssemblyStacks } from '../assembly/CloudAssembly';
import { CostReview, EnvironmentCost } from '../Review';
import { compareEnvironment, priceEnvironment } from './estimateEnvironment';
import { PriceTable } from './PriceTable';
import { DEFAULT_TRAFFIC_PROFILE, environmentUsage, TRAFFIC_PROFILE_FILE, TrafficProfile } from './TrafficProfile';

/** Base and head of one environment. */
export interface AssemblyPair {
  readonly base: AssemblyStacks;
  readonly head: AssemblyStacks;
}

/** What {@link estimateCost} prices. */
export interface CostInputs {
  /** The reviewed environment: prod (priced as prod) or a preview (priced as a preview). */
  readonly env: AssemblyPair & { readonly prod: boolean };
  /** A preview's assemblies, priced as a preview; omitted when the reviewed environment is a preview itself. */
  readonly preview?: AssemblyPair;
  readonly prices: PriceTable;
  /** The traffic profile; the defaults (stated in the assumptions) when undefined. */
  readonly profile?: TrafficProfile;
  readonly catalog?: CustomMetricCatalog;
}

/** The monthly cost estimate of the head's prod and preview, each against the base. */
export function estimateCost(inputs: CostInputs): CostReview {
  const { prices, catalog } = inputs;
  const profile = inputs.profile ?? DEFAULT_TRAFFIC_PROFILE;
  const notes = new Set<string>();
  const environment = (kind: 'prod' | 'preview', pair: AssemblyPair): EnvironmentCost => {
    const usage = environmentUsage(profile, kind);
    const price = (stacks: AssemblyStacks) => {
      const priced = priceEnvironment({ stacks, prices, usage, catalog, prod: kind === 'prod' });
      priced.notes.forEach((n) => notes.add(n));
      return priced.lines;
    };
    return compareEnvironment(kind, usage.requestsPerMonth, price(pair.head), price(pair.base), prices.freeTier);
  };
  const environments = [
    environment(inputs.env.prod ? 'prod' : 'preview', inputs.env),
    ...(inputs.preview && inputs.env.prod ? [environment('preview', inputs.preview)] : []),
  ];
  const days = Math.round((prices.hoursPerMonth / 24) * 100) / 100;
  const assumptions = [
    inputs.profile
      ? 'Traffic from the service\'s traffic profile.'
      : `No traffic profile was given (${TRAFFIC_PROFILE_FILE}): the defaults below are used.`,
    `Prod: ${profile.requestsPerMonth.toLocaleString('en-US')} requests a month; a preview: ${profile.preview.requestsPerMonth.toLocaleString('en-US')}; ${profile.averageDurationMs} ms average duration.`,
    `Logs: ${profile.logBytesPerRequest.toLocaleString('en-US')} bytes per request, stored uncompressed (an upper bound) for each log group's retention (a month is ${days} days).`,
    'X-Ray, when tracing is on: every request traced (an upper bound: sampling records fewer).',
    'Custom metrics: every metric and every combination of dimension values published every hour (an upper bound for a quiet preview).',
    `Hourly resources run ${prices.hoursPerMonth} hours a month. First-tier prices; no taxes, data transfer or support.`,
    ...notes,
  ];
  return {
    prices: { date: prices.date, source: `${prices.source.name}, ${prices.source.region}, ${prices.source.currency}` },
    environments,
    freeTier: prices.freeTier.map((a) => a.description),
    assumptions,
  };
}
