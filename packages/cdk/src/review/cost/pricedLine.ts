import { CustomMetricCatalog } from '../../monitoring/catalog/CustomMetricCatalog';
import { CostLine } from '../Review';
import { AssemblyStacks } from '../assembly/CloudAssembly';
import { PriceTable, unitPrice } from './PriceTable';
import { EnvironmentUsage } from './TrafficProfile';

/** One line of one environment's estimate, before it is compared with the base: a report's line less the comparison. */
export type PricedLine = Omit<CostLine, 'monthly' | 'baseQuantity' | 'baseMonthly' | 'delta'>;

/** What every part of the estimate prices from. */
export interface CostContext {
  readonly stacks: AssemblyStacks;
  readonly prices: PriceTable;
  readonly usage: EnvironmentUsage;
  /** The service's metric catalog (metrics/catalog.json), when given. */
  readonly catalog?: CustomMetricCatalog;
  readonly prod: boolean;
}

/** What a part of the estimate returns: its lines, and what it had to assume beyond the profile. */
export interface PricedPart {
  readonly lines: readonly PricedLine[];
  readonly notes: readonly string[];
}

/** A line priced at the table's `priceKey`. */
export function pricedLine(
  prices: PriceTable,
  priceKey: string,
  line: Omit<PricedLine, 'unit' | 'unitPrice'>,
): PricedLine {
  const price = unitPrice(prices, priceKey);
  return { ...line, unit: price.unit, unitPrice: price.usd };
}
