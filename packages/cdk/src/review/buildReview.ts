import { CustomMetricCatalog } from '../monitoring/catalog/CustomMetricCatalog';
import { AssemblyStacks } from './assembly/CloudAssembly';
import { stripNoise } from './assembly/stripNoise';
import { estimateCost } from './cost/estimateCost';
import { PriceTable } from './cost/PriceTable';
import { TrafficProfile } from './cost/TrafficProfile';
import { diffStack } from './diff/diffStack';
import { securityChanges } from './diff/securityChanges';
import { statefulGuard } from './guard/statefulGuard';
import { Review, SecurityChanges, StatefulOverride } from './Review';

/** Everything a review is computed from, read already (see main.ts for the files they come from). */
export interface ReviewInputs {
  /** The environment both assemblies were synthesized for: `prod` is guarded, a preview is not. */
  readonly env: string;
  readonly prod: boolean;
  readonly base: AssemblyStacks;
  readonly head: AssemblyStacks;
  /** One preview environment's assemblies, for its cost. */
  readonly preview?: { readonly base: AssemblyStacks; readonly head: AssemblyStacks };
  readonly overrides: readonly StatefulOverride[];
  readonly overridesFile: string;
  readonly prices: PriceTable;
  readonly profile?: TrafficProfile;
  readonly catalog?: CustomMetricCatalog;
}

/**
 * The review of a pull request from two syntheses: per stack (matched by name) the resources added, removed,
 * modified and replaced; the IAM, security group and bucket policy changes; the stateful guard's verdict (prod); and
 * the monthly cost of prod and a preview against the base. Synth noise (construct paths, CDK's version reporting,
 * the bootstrap-version check) is dropped first, so an unchanged app reviews empty.
 */
export function buildReview(inputs: ReviewInputs): Review {
  const clean = (stacks: AssemblyStacks): AssemblyStacks => new Map([...stacks].map(([name, t]) => [name, stripNoise(t)]));
  const base = clean(inputs.base);
  const head = clean(inputs.head);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const security: SecurityChanges[] = [];
  const stacks = names.map((name) => {
    const { changes, diff } = diffStack(name, base.get(name), head.get(name));
    security.push(securityChanges(name, base.get(name), head.get(name), changes.resources, diff));
    return changes;
  });
  const allSecurity: SecurityChanges = {
    iamStatements: security.flatMap((s) => s.iamStatements),
    managedPolicies: security.flatMap((s) => s.managedPolicies),
    securityGroupRules: security.flatMap((s) => s.securityGroupRules),
    bucketPolicies: security.flatMap((s) => s.bucketPolicies),
  };
  const guard = statefulGuard(stacks, { applies: inputs.prod, overrides: inputs.overrides, overridesFile: inputs.overridesFile });
  const resources = stacks.flatMap((s) => s.resources);
  const count = (change: string) => resources.filter((r) => r.change === change).length;
  const cost = estimateCost({
    env: { base, head, prod: inputs.prod },
    preview: inputs.preview && { base: clean(inputs.preview.base), head: clean(inputs.preview.head) },
    prices: inputs.prices,
    profile: inputs.profile,
    catalog: inputs.catalog,
  });
  return {
    version: 1,
    env: inputs.env,
    blocked: guard.blocked.length > 0,
    summary: {
      stacksChanged: stacks.filter((s) => s.status !== 'unchanged').length,
      added: count('added'),
      removed: count('removed'),
      replaced: count('replaced'),
      modified: count('modified'),
      iamChanges: allSecurity.iamStatements.length + allSecurity.managedPolicies.length,
      securityChanges: allSecurity.securityGroupRules.length + allSecurity.bucketPolicies.length,
    },
    guard,
    stacks,
    security: allSecurity,
    cost,
  };
}
