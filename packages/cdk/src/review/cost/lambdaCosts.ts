import { CostContext, PricedLine, PricedPart, pricedLine } from './pricedLine';
import { servingFunctions } from './servingFunctions';

const ARCHITECTURES = [
  { name: 'arm64', requests: 'lambdaRequestArm', compute: 'lambdaGbSecondArm' },
  { name: 'x86_64', requests: 'lambdaRequest', compute: 'lambdaGbSecond' },
] as const;

/**
 * Lambda requests and compute (GB-seconds) of the functions serving the API, at the profile's requests (split evenly
 * when several functions serve it) and average duration; memory from MemorySize (default 128 MB), price from
 * Architectures (default x86_64).
 */
export function lambdaCosts(ctx: CostContext): PricedPart {
  const functions = servingFunctions(ctx.stacks);
  if (functions.length === 0) return { lines: [], notes: [] };
  const requestsEach = ctx.usage.requestsPerMonth / functions.length;
  const lines: PricedLine[] = [];
  for (const arch of ARCHITECTURES) {
    const mine = functions.filter((f) => (f.resource.Properties?.Architectures?.[0] ?? 'x86_64') === arch.name);
    if (mine.length === 0) continue;
    const gbSeconds = mine.reduce((sum, f) => {
      const memoryMb = Number(f.resource.Properties?.MemorySize ?? 128);
      return sum + requestsEach * (ctx.usage.averageDurationMs / 1000) * (memoryMb / 1024);
    }, 0);
    const resources = mine.map((f) => f.path);
    lines.push(
      pricedLine(ctx.prices, arch.requests, {
        id: `lambda.requests.${arch.name}`, service: 'Lambda', description: `Requests (${arch.name})`, quantity: requestsEach * mine.length, resources,
      }),
      pricedLine(ctx.prices, arch.compute, {
        id: `lambda.compute.${arch.name}`, service: 'Lambda', description: `Compute (${arch.name}, ${memoryOf(mine)})`, quantity: gbSeconds, resources,
      }),
    );
  }
  const notes = functions.length > 1 ? [`${functions.length} functions serve the API: each is priced at an equal share of the requests.`] : [];
  return { lines, notes };
}

function memoryOf(functions: { resource: { Properties?: { MemorySize?: unknown } } }[]): string {
  return [...new Set(functions.map((f) => `${Number(f.resource.Properties?.MemorySize ?? 128)} MB`))].join(', ');
}
