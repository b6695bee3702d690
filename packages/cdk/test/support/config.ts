import * as fs from 'fs';
import { SERVICE_CONFIG_ENV } from '../../src/config/ServiceConfig';

/** The rendered config the tests run with (see globalSetup), as a fresh mutable object. */
export function sampleConfig(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(process.env[SERVICE_CONFIG_ENV]!, 'utf8'));
}
