import { CostReview, EnvironmentCost } from '../Review';
import { cell, money, quantity, signedMoney, table, unitPrice } from './format';

/** The cost section: totals per environment, each one's line items (open when they changed), the free tier, the assumptions. */
export function renderCost(cost: CostReview): string {
  const label = (e: EnvironmentCost) => (e.name === 'prod' ? 'prod' : 'one preview');
  return [
    '## Monthly cost estimate',
    table(
      ['Environment', 'Requests a month', 'Monthly', 'Change vs base', 'Free tier would cover'],
      ['l', 'r', 'r', 'r', 'r'],
      cost.environments.map((e) => [label(e), e.requestsPerMonth.toLocaleString('en-US'), `**${money(e.total)}**`, `**${signedMoney(e.delta)}**`, `up to ${money(e.freeTierCovers)}`]),
    ),
    ...cost.environments.map((e) => [
      `<details${e.lines.some((l) => l.delta !== 0) ? ' open' : ''}><summary>${label(e)}: line items</summary>`,
      '',
      table(
        ['Service', 'Item', 'Quantity', 'Unit price', 'Monthly', 'Change vs base'],
        ['l', 'l', 'r', 'r', 'r', 'r'],
        [
          ...e.lines.map((l) => [
            l.service, cell(l.description), quantity(l.quantity, l.unit), unitPrice(l.unitPrice, l.unit), money(l.monthly), l.delta === 0 ? '' : `**${signedMoney(l.delta)}**`,
          ]),
          ['**Total**', '', '', '', `**${money(e.total)}**`, `**${signedMoney(e.delta)}**`],
        ],
      ),
      '',
      '</details>',
    ].join('\n')),
    `Free tier (always free, per account and month, shared by everything in it; **not** subtracted above): ${cost.freeTier.join(', ')}.`,
    [
      '<details><summary>Assumptions</summary>',
      '',
      ...cost.assumptions.map((a) => `- ${a}`),
      `- Prices of ${cost.prices.date}: ${cost.prices.source}.`,
      '',
      '</details>',
    ].join('\n'),
  ].join('\n\n');
}
