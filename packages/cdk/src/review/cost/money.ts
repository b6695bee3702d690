/** Dollars rounded to a millionth: enough for per-request prices, and no float noise (0.1 + 0.2) in totals or JSON. */
export function usd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
