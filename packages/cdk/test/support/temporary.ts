import * as fs from 'fs';

/** Environment variable listing (JSON) the temporary directories globalSetup made, for globalTeardown. */
const TEMPORARY_ENV = 'SERVICE_TEST_TEMPORARY';

/** Records `dir` for removal at the end of the test run; returns it. */
export function temporary(dir: string): string {
  const dirs = JSON.parse(process.env[TEMPORARY_ENV] ?? '[]') as string[];
  process.env[TEMPORARY_ENV] = JSON.stringify([...dirs, dir]);
  return dir;
}

/** Removes every recorded directory. */
export function removeTemporary(): void {
  for (const dir of JSON.parse(process.env[TEMPORARY_ENV] ?? '[]') as string[]) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env[TEMPORARY_ENV];
}
