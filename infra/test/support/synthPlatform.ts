import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { createPlatformApp, loadPlatformConfig, PlatformAccountStack, PlatformConfig } from '../../lib';

export const INFRA_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(INFRA_DIR, '..');

/** The checked-in config, pinned to a fake account and region so nothing is looked up. */
export function testConfig(): PlatformConfig {
  return { ...loadPlatformConfig(join(INFRA_DIR, 'platform.config.json')), account: '123456789012', region: 'eu-west-1' };
}

export interface SynthesizedPlatform {
  readonly stack: PlatformAccountStack;
  readonly template: Template;
  readonly outdir: string;
  readonly templateFile: string;
  /** CDK's policy-validation report (cdk-nag runs as a validation plugin). */
  readonly validationReport: { pluginReports: { pluginName: string; violations: unknown[] }[] };
}

/** Synthesizes the whole app (tags, cdk-nag) offline into a fresh temp dir. */
export function synthPlatform(config: PlatformConfig = testConfig()): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cdk-out-'));
  const { app, stack } = createPlatformApp(config, { outdir });
  const assembly = app.synth();
  const templateFile = join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile);
  return {
    stack,
    template: Template.fromJSON(JSON.parse(readFileSync(templateFile, 'utf8'))),
    outdir,
    templateFile,
    validationReport: JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')),
  };
}
