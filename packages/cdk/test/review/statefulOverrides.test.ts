import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadStatefulOverrides } from '../../src/review/guard/statefulOverrides';
import { InputError } from '../../src/review/InputError';

describe('the stateful overrides file', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overrides-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (content: string) => {
    const f = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(f, content);
    return f;
  };

  test('is optional: none given, or none there, is no override', () => {
    expect(loadStatefulOverrides(undefined)).toEqual([]);
    expect(loadStatefulOverrides(path.join(dir, 'missing.json'))).toEqual([]);
  });

  test('is read when valid', () => {
    const entries = [{ stack: 'orders-api-prod-data', logicalId: 'FilesBucketFilesB00BB9AE', reason: 'Migrated by hand' }];
    expect(loadStatefulOverrides(file(JSON.stringify(entries)))).toEqual(entries);
  });

  test.each([
    ['not JSON', '[{"stack": ', /cannot read .*\.json/],
    ['not an array', '{"stack": "s", "logicalId": "L", "reason": "r"}', /\.json: must be array/],
    ['no reason', '[{"stack": "s", "logicalId": "L"}]', /\[0\]: missing field "reason"/],
    ['a blank reason', '[{"stack": "s", "logicalId": "L", "reason": "  "}]', /\[0\]\.reason: "  " does not match/],
    ['an unknown field', '[{"stack": "s", "logicalId": "L", "reason": "r", "ok": true}]', /\[0\]: unknown field "ok"/],
  ])('is an input error when %s', (_, content, message) => {
    const f = file(content);
    expect(() => loadStatefulOverrides(f)).toThrow(InputError);
    expect(() => loadStatefulOverrides(f)).toThrow(message);
  });
});
