import { PriceTable, UnitPrice } from './PriceTable';

/**
 * Reading prices out of the AWS Price List's bulk offer files
 * (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offer>/current/<region>/index.json`): pure functions,
 * so scripts/update-prices.js only downloads and writes, and these are tested on a small file of the same shape.
 */

/** The parts of an offer file read here. */
export interface OfferFile {
  readonly offerCode?: string;
  readonly publicationDate?: string;
  readonly products: Readonly<Record<string, { readonly sku: string; readonly productFamily?: string; readonly attributes?: Readonly<Record<string, string>> }>>;
  readonly terms: {
    readonly OnDemand?: Readonly<Record<string, Readonly<Record<string, {
      readonly priceDimensions: Readonly<Record<string, {
        readonly beginRange?: string;
        readonly unit?: string;
        readonly description?: string;
        readonly pricePerUnit: Readonly<Record<string, string>>;
      }>>;
    }>>>>;
  };
}

/**
 * A usage type without its region prefix: `USW2-Lambda-GB-Second` and `Lambda-GB-Second` (us-east-1 has none for
 * older services) are the same price; KMS prefixes the region code itself (`us-west-2-KMS-Keys`).
 */
export function stripRegionPrefix(usagetype: string): string {
  return usagetype.replace(/^(?:[A-Z]{2,4}\d|EU)-/, '').replace(/^[a-z]{2}(?:-gov)?-[a-z]+-\d-/, '');
}

/**
 * The on-demand USD price of `spec` in `offer`: the products whose usage type (without region prefix) and product
 * family match, each one's first paid tier (a tier priced 0 is a free allowance, not the price). Throws when nothing
 * matches, or when the matches disagree (the spec must then name a product family).
 */
export function extractPrice(offer: OfferFile, spec: Pick<UnitPrice, 'usagetype' | 'productFamily'>): number {
  const skus = Object.values(offer.products).filter((p) => p.attributes?.usagetype !== undefined
    && stripRegionPrefix(p.attributes.usagetype) === spec.usagetype
    && (spec.productFamily === undefined || p.productFamily === spec.productFamily));
  const prices = new Map<number, string[]>();
  for (const product of skus) {
    for (const term of Object.values(offer.terms.OnDemand?.[product.sku] ?? {})) {
      const paid = Object.values(term.priceDimensions)
        .map((d) => ({ begin: Number(d.beginRange ?? 0), usd: Number(d.pricePerUnit.USD) }))
        .filter((d) => Number.isFinite(d.usd) && d.usd > 0)
        .sort((a, b) => a.begin - b.begin);
      if (paid.length > 0) prices.set(paid[0].usd, [...(prices.get(paid[0].usd) ?? []), product.sku]);
    }
  }
  const what = `${spec.usagetype}${spec.productFamily ? ` (${spec.productFamily})` : ''} in ${offer.offerCode ?? 'the offer'}`;
  if (prices.size === 0) throw new Error(`no on-demand USD price for ${what}`);
  if (prices.size > 1) {
    throw new Error(`${what} has several prices: ${[...prices].map(([usd, s]) => `${usd} (${s.join(', ')})`).join('; ')}`);
  }
  return [...prices.keys()][0];
}

/** What {@link updatePriceTable} did. */
export interface PriceTableUpdate {
  readonly table: PriceTable;
  /** Keys whose price changed: `key: old -> new`. */
  readonly changed: readonly string[];
  /** Keys left as they were, and why (no offer file for them, or the price could not be read). */
  readonly kept: readonly string[];
}

/**
 * `table` with every price re-read from `offers` (offer files by offer code), dated `date`. A price whose offer
 * is not given, or that cannot be read, keeps its value and is reported, so a partial download still updates the rest.
 */
export function updatePriceTable(table: PriceTable, offers: Readonly<Record<string, OfferFile>>, date: string, region: string): PriceTableUpdate {
  const changed: string[] = [];
  const kept: string[] = [];
  const prices: Record<string, UnitPrice> = {};
  for (const [key, price] of Object.entries(table.prices)) {
    const offer = offers[price.offer];
    if (!offer) {
      kept.push(`${key}: ${price.notUpdated ?? `no ${price.offer} offer file`}`);
      prices[key] = price;
      continue;
    }
    try {
      const usd = extractPrice(offer, price);
      if (usd !== price.usd) changed.push(`${key}: ${price.usd} -> ${usd}`);
      prices[key] = { ...price, usd };
    } catch (e) {
      kept.push(`${key}: ${(e as Error).message}`);
      prices[key] = price;
    }
  }
  const note = `Read from the offer files by scripts/update-prices.js${kept.length > 0 ? `; kept as they were: ${kept.map((k) => k.split(':')[0]).join(', ')}` : ''}.`;
  return { table: { ...table, date, source: { ...table.source, region, note }, prices }, changed, kept };
}
