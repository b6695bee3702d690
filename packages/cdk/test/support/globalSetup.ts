import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SERVICE_CONFIG_ENV } from '../../src/config/ServiceConfig';
import { buildDebugArtifact } from '../../src/testing/buildDebugArtifact';
import { renderLiquid } from './liquid';
import { SAMPLE_VALUES } from './sample';
import { SERVICE_DIR, TEMPLATE_CONFIG, synthCache } from './synth';
import { temporary } from './temporary';

/**
 * Runs once before the tests, and hands its results to them through the environment:
 * - SERVICE_CONFIG: kept if set; else the template's infra/service.config.json, rendered with sample values (the
 *   package is tested against the service skeleton of this repository, template/).
 * - LAMBDA_ARTIFACT: kept if set (a dir with an executable `bootstrap`, or a zip); else template/ is built with
 *   `cargo build` (which only works where it has been rendered; the harness always sets LAMBDA_ARTIFACT).
 * Everything made here is removed by globalTeardown.
 * - SERVICE_SYNTH_CACHE: prod and pr-7, each with and without the Files API, synthesized once into a temp dir; the
 *   tests read these templates (`synthCached`) and synthesize anew only for other context values or for the
 *   construct tree (each synth in a fresh test file costs seconds of module loading).
 */
export default function globalSetup(): void {
  if (!process.env[SERVICE_CONFIG_ENV]) process.env[SERVICE_CONFIG_ENV] = renderedConfig();
  const config = JSON.parse(fs.readFileSync(process.env[SERVICE_CONFIG_ENV]!, 'utf8')) as { service: string };
  if (!process.env.LAMBDA_ARTIFACT) {
    process.env.LAMBDA_ARTIFACT = buildDebugArtifact(SERVICE_DIR, config.service);
    temporary(process.env.LAMBDA_ARTIFACT);
  }
  synthCache(temporary(fs.mkdtempSync(path.join(os.tmpdir(), 'service-synth-'))));
}

function renderedConfig(): string {
  const text = fs.readFileSync(TEMPLATE_CONFIG, 'utf8');
  if (!/\{\{|\{%/.test(text)) return TEMPLATE_CONFIG;
  const rendered = renderLiquid(text, SAMPLE_VALUES);
  const file = path.join(temporary(fs.mkdtempSync(path.join(os.tmpdir(), 'service-config-'))), 'service.config.json');
  fs.writeFileSync(file, rendered);
  return file;
}
