import { isValidPeriod, STAT } from './Schemas';

/** A node of a SEARCH query: a term, or a boolean combination. */
export type SearchNode =
  | { readonly kind: 'term'; readonly key?: string; readonly op?: '=' | ':'; readonly value: string; readonly quoted: boolean }
  | { readonly kind: 'and' | 'or'; readonly children: readonly SearchNode[] }
  | { readonly kind: 'not'; readonly child: SearchNode };

/** A parsed CloudWatch metric-math `SEARCH('{Namespace,Dim,...} terms', 'Stat', period)` expression. */
export interface SearchExpression {
  /** The `{Namespace,Dim,...}` schema, when given. */
  readonly schema?: { readonly namespace: string; readonly dimensions: readonly string[] };
  /** The search terms after the schema. */
  readonly query?: SearchNode;
  readonly stat: string;
  /** Period in seconds. @default the graph's period */
  readonly period?: number;
}

const BARE = /[^\s(){}",=:]/;

export class SearchSyntaxError extends Error {
  constructor(source: string, message: string, at: number) {
    super(`invalid SEARCH expression at ${at}: ${message}\n  ${source}\n  ${' '.repeat(at)}^`);
  }
}

class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly offset: number, readonly source: string) {}
  fail(message: string): never { throw new SearchSyntaxError(this.source, message, this.offset + this.pos); }
  skipSpace(): void { while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++; }
  peek(): string | undefined { this.skipSpace(); return this.text[this.pos]; }
  done(): boolean { return this.peek() === undefined; }
  expect(ch: string): void { if (this.peek() !== ch) this.fail(`expected '${ch}'`); this.pos++; }
  word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.text.length && BARE.test(this.text[this.pos])) this.pos++;
    if (start === this.pos) this.fail('expected a word');
    return this.text.slice(start, this.pos);
  }
  quoted(quote: string): string {
    this.expect(quote);
    const end = this.text.indexOf(quote, this.pos);
    if (end < 0) this.fail(`unterminated ${quote}...${quote}`);
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }
  keyword(word: string): boolean {
    this.skipSpace();
    const next = this.text.slice(this.pos, this.pos + word.length);
    const after = this.text[this.pos + word.length];
    if (next === word && (after === undefined || !BARE.test(after))) { this.pos += word.length; return true; }
    return false;
  }
}

function parseSchema(c: Cursor): { namespace: string; dimensions: string[] } {
  c.expect('{');
  const items: string[] = [];
  do {
    const item = c.peek() === '"' ? c.quoted('"') : c.word();
    if (item.length === 0) c.fail('empty schema item');
    items.push(item);
  } while (c.peek() === ',' && (c.pos++, true));
  c.expect('}');
  const [namespace, ...dimensions] = items;
  if (new Set(dimensions).size !== dimensions.length) c.fail('repeated dimension in schema');
  return { namespace, dimensions };
}

function parseTerm(c: Cursor): SearchNode {
  const ch = c.peek();
  if (ch === '"') return { kind: 'term', value: c.quoted('"'), quoted: true };
  const first = c.word();
  const op = c.text[c.pos];
  if (op === '=' || op === ':') {
    c.pos++;
    if (c.text[c.pos] === undefined || /\s/.test(c.text[c.pos])) c.fail(`missing value after ${first}${op}`);
    if (c.text[c.pos] === '"') return { kind: 'term', key: first, op, value: c.quoted('"'), quoted: true };
    return { kind: 'term', key: first, op, value: c.word(), quoted: false };
  }
  return { kind: 'term', value: first, quoted: false };
}

function parseUnary(c: Cursor): SearchNode {
  if (c.keyword('NOT')) return { kind: 'not', child: parseUnary(c) };
  if (c.peek() === '(') {
    c.expect('(');
    const inner = parseOr(c);
    c.expect(')');
    return inner;
  }
  const ch = c.peek();
  if (ch === undefined || ch === ')') c.fail('expected a search term');
  if (c.keyword('AND') || c.keyword('OR')) c.fail('operator without a left operand');
  return parseTerm(c);
}

function parseAnd(c: Cursor): SearchNode {
  const children = [parseUnary(c)];
  for (;;) {
    const ch = c.peek();
    if (ch === undefined || ch === ')') break;
    const save = c.pos;
    if (c.keyword('OR')) { c.pos = save; break; }
    c.keyword('AND');
    children.push(parseUnary(c));
  }
  return children.length === 1 ? children[0] : { kind: 'and', children };
}

function parseOr(c: Cursor): SearchNode {
  const children = [parseAnd(c)];
  while (c.keyword('OR')) children.push(parseAnd(c));
  return children.length === 1 ? children[0] : { kind: 'or', children };
}

/** Parses `SEARCH('…', 'Stat'[, period])`; throws {@link SearchSyntaxError} on anything else. */
export function parseSearchExpression(source: string): SearchExpression {
  const outer = new Cursor(source, 0, source);
  if (!outer.keyword('SEARCH')) outer.fail("expected 'SEARCH'");
  outer.expect('(');
  outer.skipSpace();
  const queryStart = outer.pos + 1;
  const queryText = outer.quoted("'");
  outer.expect(',');
  outer.skipSpace();
  const statAt = outer.pos;
  const stat = outer.quoted("'").trim();
  if (!STAT.test(stat)) { outer.pos = statAt; outer.fail(`unknown statistic '${stat}'`); }
  let period: number | undefined;
  if (outer.peek() === ',') {
    outer.pos++;
    outer.skipSpace();
    const digits = /^\d+/.exec(outer.text.slice(outer.pos))?.[0] ?? outer.fail('expected a period in seconds');
    period = Number(digits);
    if (!isValidPeriod(period)) outer.fail(`period ${period} is not 1, 5, 10, 30 or a multiple of 60`);
    outer.pos += digits.length;
  }
  outer.expect(')');
  if (!outer.done()) outer.fail('unexpected text after SEARCH(...)');

  const inner = new Cursor(queryText, queryStart, source);
  const schema = inner.peek() === '{' ? parseSchema(inner) : undefined;
  const query = inner.done() ? undefined : parseOr(inner);
  if (!inner.done()) inner.fail('unexpected text in search query');
  if (!schema && !query) inner.fail('empty search query');
  return { schema, query, stat, period };
}

/** Values of `key=value` / `key="value"` terms that must hold (not under NOT). */
export function requiredTermValues(node: SearchNode | undefined, key: string): string[] {
  if (!node) return [];
  switch (node.kind) {
    case 'term': return node.key === key && node.op === '=' ? [node.value] : [];
    case 'not': return [];
    default: return node.children.flatMap((child) => requiredTermValues(child, key));
  }
}
