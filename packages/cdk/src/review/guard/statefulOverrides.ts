import * as fs from 'fs';
import { StatefulOverride } from '../Review';
import { readJsonFile } from '../readJsonFile';

/** Where a service keeps its overrides (relative to its root): shown in the how-to-override hint. */
export const STATEFUL_OVERRIDES_FILE = 'infra/stateful-overrides.json';

/**
 * Reads the stateful overrides file (schemas/stateful-overrides.schema.json). No file is no overrides; a file that
 * is not valid JSON, or does not match the schema (a missing or empty reason, an unknown field), is an InputError.
 */
export function loadStatefulOverrides(file: string | undefined): StatefulOverride[] {
  if (file === undefined || !fs.existsSync(file)) return [];
  return readJsonFile(file, 'statefulOverrides') as StatefulOverride[];
}
