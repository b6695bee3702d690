/**
 * The little Liquid the template's service.config.json uses, rendered as cargo-generate would with sample values:
 * `{{ name }}` (optionally through `replace` filters), and `{% if name %}` / `{% if name == "value" %}` … `{% else %}` … `{% endif %}` (nested), with `{%-`
 * trimming the whitespace before a tag. Anything else is refused, so a new construct in the file is noticed here.
 */
export function renderLiquid(text: string, values: Readonly<Record<string, string>>): string {
  const value = (name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`service.config.json uses the placeholder "${name}", which has no sample value`);
    return v;
  };
  const tags = /(\s*)\{%(-?)\s*(if\s+([a-z_-]+)(?:\s*==\s*"([^"]*)")?|else|endif)\s*(-?)%\}(\s*)/g;
  // A stack of open `if`s: whether the current branch of each is taken.
  const taken: boolean[] = [];
  let out = '';
  let last = 0;
  const emitting = () => taken.every(Boolean);
  for (const m of text.matchAll(tags)) {
    const [all, before, trimBefore, tag, name, expected, trimAfter, after] = m;
    if (emitting()) out += text.slice(last, m.index) + (trimBefore ? '' : before);
    if (tag.startsWith('if')) {
      const v = value(name);
      taken.push(expected === undefined ? v === 'true' : v === expected);
    } else if (tag === 'else') {
      if (taken.length === 0) throw new Error('{% else %} without {% if %}');
      taken.push(!taken.pop());
    } else {
      if (taken.length === 0) throw new Error('{% endif %} without {% if %}');
      taken.pop();
    }
    if (emitting() && !trimAfter) out += after;
    last = m.index! + all.length;
  }
  if (taken.length > 0) throw new Error('{% if %} without {% endif %}');
  out += text.slice(last);
  if (/\{%/.test(out)) throw new Error('service.config.json uses Liquid tags the test renderer does not know');
  // `{{ name }}`, or `{{ name | replace: 'a', 'b' | … }}` (how the template escapes a free-text answer).
  const rendered = out.replace(
    /\{\{\s*([a-z_-]+)((?:\s*\|\s*replace:\s*'[^']*'\s*,\s*'[^']*')*)\s*\}\}/g,
    (_, name: string, filters: string) => {
      let v = value(name);
      for (const [, from, to] of filters.matchAll(/replace:\s*'([^']*)'\s*,\s*'([^']*)'/g)) v = v.split(from).join(to);
      return v;
    },
  );
  if (/\{\{/.test(rendered)) throw new Error('service.config.json uses a placeholder form the test renderer does not know');
  return rendered;
}
