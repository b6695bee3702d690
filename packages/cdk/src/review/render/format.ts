/** Formatting shared by the Markdown renderers. */

/** `$12.34`; a nonzero amount under half a cent is `<$0.01`, so a small cost does not read as none. */
export function money(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.005) return `${value < 0 ? '-' : ''}<$0.01`;
  const text = `$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return value < 0 ? `-${text}` : text;
}

/** `+$0.10`, `-$3.00`; no change is `$0.00`. */
export function signedMoney(value: number): string {
  if (value === 0) return '$0.00';
  return value > 0 ? `+${money(value)}` : money(value);
}

/** A quantity with its unit: `1,000,000 requests`, `6,250 GB-seconds`, `1 dashboard-month`, `0.9537 GB`. */
export function quantity(value: number, unit: string): string {
  const digits = value !== 0 && Math.abs(value) < 10 ? 4 : 2;
  return `${Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits })} ${value === 1 ? unit : plurals(unit)}`;
}

/** A unit price: `$0.10 / alarm-month`, or per million units when it is below a tenth of a cent (`$0.20 / 1M requests`). */
export function unitPrice(value: number, unit: string): string {
  const dollars = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
  if (value !== 0 && value < 0.001) return `${dollars(value * 1e6)} / 1M ${plurals(unit)}`;
  return `${dollars(value)} / ${unit}`;
}

/** `request` -> `requests`, `GB-second` -> `GB-seconds`; a unit ending in capitals (`GB`) stays. */
function plurals(unit: string): string {
  return /[a-z]$/.test(unit) ? `${unit}s` : unit;
}

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** `code` in a table cell (backticks, pipes escaped). */
export function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``;
}

/** A Markdown table. */
export function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string {
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** `1 resource`, `2 resources`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
