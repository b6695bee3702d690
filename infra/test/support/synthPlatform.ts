import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountKind, PlatformAccountStack, PlatformConfig, createPlatformApp, loadPlatformConfig } from '../../lib';

export const INFRA_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(INFRA_DIR, '..');

/** The checked-in config and fleet: accounts 111111111111 (prod) and 222222222222 (preview), two regions. */
export function testConfig(): PlatformConfig {
  return loadPlatformConfig(join(INFRA_DIR, 'platform.config.json'), join(REPO_ROOT, 'fleet.json'));
}

/** The checked-in config switched to one (unsafe) account. */
export function singleAccountConfig(): PlatformConfig {
  const config = testConfig();
  return { ...config, unsafeSingleAccount: true, accounts: { prod: config.accounts.prod, preview: config.accounts.prod } };
}

export interface SynthesizedStack {
  readonly stack: PlatformAccountStack;
  readonly template: Template;
  readonly templateFile: string;
}

export interface SynthesizedPlatform {
  readonly config: PlatformConfig;
  readonly stacks: readonly SynthesizedStack[];
  /** The stack of `kind` in `region` (default: the home region). */
  of(kind: AccountKind, region?: string): SynthesizedStack;
  readonly outdir: string;
  /** CDK's policy-validation report (cdk-nag runs as a validation plugin). */
  readonly validationReport: { pluginReports: { pluginName: string; violations: unknown[] }[] };
}

/**
 * Every outdir this test file synthesized into, removed after its last test. Registered when the test file imports
 * this module (jest loads it afresh per file), since some synths run inside a test body, where no hook can be added.
 */
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Synthesizes the whole app (every account and region, tags, cdk-nag) offline into a fresh temp dir. */
export function synthPlatform(config: PlatformConfig = testConfig()): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cdk-out-'));
  outdirs.push(outdir);
  const platform = createPlatformApp(config, { outdir });
  const assembly = platform.app.synth();
  const stacks = platform.stacks.map((stack) => {
    const templateFile = join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile);
    return { stack, templateFile, template: Template.fromJSON(JSON.parse(readFileSync(templateFile, 'utf8'))) };
  });
  return {
    config,
    stacks,
    of(kind, region = config.homeRegion) {
      const found = stacks.find((s) => s.stack.kind === kind && s.stack.region === region);
      if (!found) throw new Error(`no synthesized ${kind} stack in ${region}`);
      return found;
    },
    outdir,
    validationReport: JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')),
  };
}
