import { renderLiquid } from './liquid';

describe('the test renderer of the template\'s Liquid', () => {
  test('placeholders, replace filters as the template escapes free text, and if/else', () => {
    const values = { description: 'a "b" \\ c', auth: 'jwt', name: 'x' };
    const text = '{"d": "{{ description | replace: \'\\\', \'\\\\\' | replace: \'"\', \'\\"\' }}", "n": "{{name}}"{% if auth == "jwt" %}, "a": 1{% endif %}}';
    expect(JSON.parse(renderLiquid(text, values))).toEqual({ d: 'a "b" \\ c', n: 'x', a: 1 });
  });

  test('an unknown placeholder form is refused', () => {
    expect(() => renderLiquid('{{ name | upcase }}', { name: 'x' })).toThrow(/does not know/);
  });
});
