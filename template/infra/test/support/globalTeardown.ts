import * as fs from 'fs';
import { STAGED_ARTIFACT_ENV } from './globalSetup';

/** Removes the staging directory globalSetup made, so a test run leaves nothing behind. */
export default function globalTeardown(): void {
  const staged = process.env[STAGED_ARTIFACT_ENV];
  if (staged) fs.rmSync(staged, { recursive: true, force: true });
}
