import { CostLine, EnvironmentCost } from '../Review';
import { alwaysOnCosts } from './alwaysOnCosts';
import { cloudWatchCosts } from './cloudWatchCosts';
import { lambdaCosts } from './lambdaCosts';
import { logCosts } from './logCosts';
import { usd } from './money';
import { CostContext, PricedLine } from './pricedLine';
import { FreeTierAllowance } from './PriceTable';
import { requestCosts } from './requestCosts';

/** The parts of an estimate, in the order their lines are shown: usage first, then fixed monthly costs. */
const PARTS = [lambdaCosts, requestCosts, logCosts, cloudWatchCosts, alwaysOnCosts];

/** One environment's lines and what had to be assumed to price them. */
export function priceEnvironment(ctx: CostContext): { lines: PricedLine[]; notes: string[] } {
  const parts = PARTS.map((part) => part(ctx));
  return { lines: parts.flatMap((p) => p.lines), notes: parts.flatMap((p) => p.notes) };
}

/**
 * The estimate of one environment: the head's lines against the base's, matched by line id (a line only in the
 * base shows at 0 with its saving), with totals and what the free tier would cover of the head's total.
 */
export function compareEnvironment(
  name: 'prod' | 'preview',
  requestsPerMonth: number,
  head: readonly PricedLine[],
  base: readonly PricedLine[],
  freeTier: readonly FreeTierAllowance[],
): EnvironmentCost {
  const baseById = new Map(base.map((l) => [l.id, l]));
  const headIds = new Set(head.map((l) => l.id));
  const lines: CostLine[] = [
    ...head.map((l) => costLine(l, baseById.get(l.id))),
    ...base.filter((l) => !headIds.has(l.id)).map((l) => costLine({ ...l, quantity: 0 }, l)),
  ].filter((l) => l.quantity !== 0 || l.baseQuantity !== 0);
  const total = usd(lines.reduce((s, l) => s + l.monthly, 0));
  const baseTotal = usd(lines.reduce((s, l) => s + l.baseMonthly, 0));
  return { name, requestsPerMonth, lines, total, baseTotal, delta: usd(total - baseTotal), freeTierCovers: freeTierCovers(lines, freeTier) };
}

function costLine(line: PricedLine, base: PricedLine | undefined): CostLine {
  const monthly = usd(line.quantity * line.unitPrice);
  const baseMonthly = base ? usd(base.quantity * base.unitPrice) : 0;
  return {
    id: line.id,
    service: line.service,
    description: line.description,
    unit: line.unit,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    monthly,
    baseQuantity: base?.quantity ?? 0,
    baseMonthly,
    delta: usd(monthly - baseMonthly),
    resources: line.resources,
  };
}

/**
 * What the always-free allowances would take off `lines` if this environment were the account's only use: each
 * allowance is spent on its lines in the order it names them. Shown, never subtracted (the allowance is the
 * account's, shared by every service and environment in it).
 */
export function freeTierCovers(lines: readonly CostLine[], freeTier: readonly FreeTierAllowance[]): number {
  const byId = new Map(lines.map((l) => [l.id, l]));
  let covered = 0;
  for (const allowance of freeTier) {
    let left = allowance.quantity;
    for (const id of allowance.lines) {
      const line = byId.get(id);
      if (!line || left <= 0) continue;
      const take = Math.min(left, line.quantity);
      covered += take * line.unitPrice;
      left -= take;
    }
  }
  return usd(covered);
}
