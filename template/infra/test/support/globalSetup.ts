import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkArtifact } from '../../lib/artifact/LambdaArtifact';
import { DEFAULT_CONFIG_PATH, SERVICE_CONFIG_ENV } from '../../lib/config/ServiceConfig';
import { SAMPLE_VALUES } from './sample';
import { synthCache } from './synth';
import { temporary } from './temporary';

/**
 * Runs once before the tests, and hands its results to them through the environment:
 * - SERVICE_CONFIG: kept if set; else infra/service.config.json, rendered with sample values if it still holds
 *   cargo-generate placeholders (the template repository itself).
 * - LAMBDA_ARTIFACT: kept if set (a dir with an executable `bootstrap`, or a zip); else the service is built with
 *   `cargo build` in the parent directory and its binary linked from a temp dir as `bootstrap`.
 * Everything made here is removed by globalTeardown.
 * - SERVICE_SYNTH_CACHE: prod and pr-7, each with and without the Files API, synthesized once into a temp dir; the
 *   tests read these templates (`synthCached`) and synthesize anew only for other context values or for the
 *   construct tree (each synth in a fresh test file costs seconds of module loading).
 */
export default function globalSetup(): void {
  if (!process.env[SERVICE_CONFIG_ENV]) process.env[SERVICE_CONFIG_ENV] = renderedConfig();
  const config = JSON.parse(fs.readFileSync(process.env[SERVICE_CONFIG_ENV]!, 'utf8')) as { service: string };
  if (!process.env.LAMBDA_ARTIFACT) {
    process.env.LAMBDA_ARTIFACT = buildArtifact(config.service);
    temporary(process.env.LAMBDA_ARTIFACT);
  }
  synthCache(temporary(fs.mkdtempSync(path.join(os.tmpdir(), 'service-synth-'))));
}

function renderedConfig(): string {
  const text = fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8');
  if (!/\{\{/.test(text)) return DEFAULT_CONFIG_PATH;
  const rendered = text.replace(/\{\{\s*([a-z_-]+)\s*\}\}/g, (_, name: string) => {
    const value = SAMPLE_VALUES[name];
    if (value === undefined) throw new Error(`service.config.json uses the placeholder "${name}", which has no sample value`);
    return value;
  });
  const file = path.join(temporary(fs.mkdtempSync(path.join(os.tmpdir(), 'service-config-'))), 'service.config.json');
  fs.writeFileSync(file, rendered);
  return file;
}

interface CargoMessage {
  reason: string;
  target?: { name: string; kind: string[] };
  executable?: string | null;
}

function buildArtifact(service: string): string {
  const serviceDir = path.join(__dirname, '..', '..', '..');
  let output: string;
  try {
    output = execFileSync('cargo', ['build', '--message-format=json-render-diagnostics'], {
      cwd: serviceDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`cargo build in ${serviceDir} failed (${(e as Error).message}); set LAMBDA_ARTIFACT to a directory holding an executable "bootstrap" to skip it`);
  }
  const executables = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CargoMessage)
    .filter((m) => m.reason === 'compiler-artifact' && m.executable && m.target?.kind.includes('bin'));
  const binary = executables.find((m) => m.target!.name === service) ?? (executables.length === 1 ? executables[0] : undefined);
  if (!binary) {
    throw new Error(`cargo build produced no binary named ${service} (found: ${executables.map((m) => m.target!.name).join(', ') || 'none'})`);
  }
  return checkArtifact(binary.executable!);
}
