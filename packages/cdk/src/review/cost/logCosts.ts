import { CfnTemplate } from '../assembly/CloudAssembly';
import { CostContext, PricedLine, PricedPart, pricedLine } from './pricedLine';
import { servingFunctions } from './servingFunctions';
import { FoundResource, referencedIds, resourceIn, resourcesOfType } from './templateQueries';

/** Bytes in a GB as CloudWatch bills it. */
const GB = 1024 ** 3;
/** Months of logs a log group that never expires is assumed to hold. */
const NEVER_EXPIRE_MONTHS = 12;

/**
 * CloudWatch Logs: ingestion of the profile's log bytes per request, and storage of them in the log groups that
 * receive them (a serving function's log group, an API stage's access log group), split evenly between those
 * groups and kept for each group's retention: a group retaining N days holds N days' worth of its logs.
 */
export function logCosts(ctx: CostContext): PricedPart {
  const { stacks, prices, usage } = ctx;
  const functions = servingFunctions(stacks);
  const stages = resourcesOfType(stacks, 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage');
  if (functions.length === 0 && stages.length === 0) return { lines: [], notes: [] };
  const monthlyGb = (usage.requestsPerMonth * usage.logBytesPerRequest) / GB;
  const groups = requestLogGroups(functions, stages, ctx);
  const lines: PricedLine[] = [pricedLine(prices, 'logsIngestionGb', {
    id: 'logs.ingestion', service: 'CloudWatch Logs', description: 'Ingestion', quantity: monthlyGb,
    resources: groups.map((g) => g.path),
  })];
  const notes: string[] = [];
  if (groups.length === 0) notes.push('The requests log to log groups outside the stacks: their storage is not priced.');
  if (groups.length > 0) {
    const daysPerMonth = prices.hoursPerMonth / 24;
    const stored = groups.reduce((sum, g) => {
      const days = g.resource.Properties?.RetentionInDays;
      if (days === undefined) notes.push(`${g.path} never expires its logs: ${NEVER_EXPIRE_MONTHS} months of them are priced (it grows every month).`);
      const months = days === undefined ? NEVER_EXPIRE_MONTHS : Number(days) / daysPerMonth;
      return sum + (monthlyGb / groups.length) * months;
    }, 0);
    lines.push(pricedLine(prices, 'logsStorageGbMonth', {
      id: 'logs.storage', service: 'CloudWatch Logs', description: `Storage at retention (${retentions(groups)})`, quantity: stored,
      resources: groups.map((g) => g.path),
    }));
  }
  return { lines, notes };
}

/** The log groups of the stacks that the serving functions log to (LoggingConfig) or the stages write access logs to. */
function requestLogGroups(functions: FoundResource[], stages: FoundResource[], ctx: CostContext): FoundResource[] {
  const groups = new Map<string, FoundResource>();
  const add = (owner: FoundResource, value: CfnTemplate | undefined) => {
    for (const id of referencedIds(value)) {
      const g = resourceIn(ctx.stacks, owner.stackName, id);
      if (g?.resource.Type === 'AWS::Logs::LogGroup') groups.set(g.path, g);
    }
  };
  for (const f of functions) add(f, f.resource.Properties?.LoggingConfig);
  for (const s of stages) add(s, s.resource.Properties?.AccessLogSetting);
  return [...groups.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function retentions(groups: FoundResource[]): string {
  if (groups.length === 0) return 'no log group in the stacks';
  return [...new Set(groups.map((g) => g.resource.Properties?.RetentionInDays === undefined ? 'never expires' : `${g.resource.Properties.RetentionInDays} days`))].join(', ');
}
