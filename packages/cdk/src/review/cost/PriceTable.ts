import * as path from 'path';
import { readJsonFile } from '../readJsonFile';

/** One unit price, and where in the AWS Price List it comes from (scripts/update-prices.js reads it back there). */
export interface UnitPrice {
  /** USD per unit: the first, most expensive tier (a single service's usage rarely reaches the next). */
  readonly usd: number;
  readonly unit: string;
  /** The offer (service code) of the Price List, e.g. `AWSLambda`. */
  readonly offer: string;
  /** The usage type without its region prefix, e.g. `Lambda-GB-Second-ARM`. */
  readonly usagetype: string;
  readonly productFamily?: string;
  /** Set when the update script cannot refresh this price, saying why. */
  readonly notUpdated?: string;
}

/** A free allowance of every account, per month. */
export interface FreeTierAllowance {
  readonly description: string;
  /** Ids of the estimate's lines it applies to (shared between them, in this order). */
  readonly lines: readonly string[];
  readonly quantity: number;
}

/** pricing/prices.json (schemas/prices.schema.json). */
export interface PriceTable {
  readonly date: string;
  readonly source: { readonly name: string; readonly url: string; readonly region: string; readonly currency: 'USD'; readonly note?: string };
  /** Hours in a billed month of an always-on resource (AWS uses 730). */
  readonly hoursPerMonth: number;
  readonly prices: Readonly<Record<string, UnitPrice>>;
  readonly freeTier: readonly FreeTierAllowance[];
}

/** The price table the package ships. */
export const DEFAULT_PRICE_TABLE_FILE = path.join(__dirname, '..', '..', '..', 'pricing', 'prices.json');

/** Reads and checks a price table (the shipped one by default). */
export function loadPriceTable(file: string = DEFAULT_PRICE_TABLE_FILE): PriceTable {
  return readJsonFile(file, 'prices') as PriceTable;
}

/** The price named `key`; a table without it is out of step with the code, which is a bug, not bad input. */
export function unitPrice(table: PriceTable, key: string): UnitPrice {
  const price = table.prices[key];
  if (!price) throw new Error(`the price table has no "${key}" (its keys: ${Object.keys(table.prices).join(', ')})`);
  return price;
}
