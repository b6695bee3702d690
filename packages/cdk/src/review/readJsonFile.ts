import * as fs from 'fs';
import { SchemaKind, validateAgainstSchema } from '../monitoring/spec/Schemas';
import { InputError } from './InputError';

/** Reads a JSON file, checked against its schema when `kind` is given; any problem is an {@link InputError}. */
export function readJsonFile(file: string, kind?: SchemaKind): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (kind) {
    try {
      validateAgainstSchema(kind, raw, file);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  return raw;
}
