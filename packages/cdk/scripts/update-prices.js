// `npm run update-prices [-- <region>]`: rewrites pricing/prices.json from the AWS Price List's bulk offer files of
// `region` (default: the table's own), dated today. It needs the internet, so no test runs it: what it does with the
// files is dist/review/cost/offerFile.js (extractPrice, updatePriceTable), which the tests run on a small offer file.
// A price whose offer file is too large to read whole (`notUpdated` in the table) or cannot be read keeps its value,
// and is listed, so the table says what was not refreshed.
const fs = require('fs');
const path = require('path');
const { updatePriceTable } = require('../dist/review/cost/offerFile');

const TABLE = path.join(__dirname, '..', 'pricing', 'prices.json');
const OFFER_URL = (offer, region) => `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${offer}/current/${region}/index.json`;

async function main() {
  const table = JSON.parse(fs.readFileSync(TABLE, 'utf8'));
  const region = process.argv[2] ?? table.source.region;
  const wanted = [...new Set(Object.values(table.prices).filter((p) => !p.notUpdated).map((p) => p.offer))];
  const offers = {};
  for (const offer of wanted) {
    const url = OFFER_URL(offer, region);
    process.stderr.write(`downloading ${url}\n`);
    const response = await fetch(url);
    if (!response.ok) {
      process.stderr.write(`  ${response.status} ${response.statusText}: its prices are kept\n`);
      continue;
    }
    offers[offer] = await response.json();
  }
  const today = new Date().toISOString().slice(0, 10);
  const { table: updated, changed, kept } = updatePriceTable(table, offers, today, region);
  fs.writeFileSync(TABLE, `${JSON.stringify(updated, null, 2)}\n`);
  process.stderr.write(`${TABLE}: ${changed.length} prices changed${changed.map((c) => `\n  ${c}`).join('')}\n`);
  if (kept.length > 0) process.stderr.write(`kept as they were:${kept.map((k) => `\n  ${k}`).join('')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
