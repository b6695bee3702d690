import { CfnTemplate } from './CloudAssembly';

/**
 * What `cdk synth` writes that changes nothing in the account, and would otherwise make an unchanged app diff
 * non-empty: construct paths and asset metadata on resources, cdk-nag's suppressions, CDK's version-reporting
 * resource and its condition, and the bootstrap-version parameter and rule (which only check the bootstrap stack).
 */
const NOISE_METADATA_KEY = /^(aws:cdk:|aws:asset:|cdk_nag$)/;
const NOISE_ENTRIES: readonly [section: string, name: string][] = [
  ['Resources', 'CDKMetadata'],
  ['Conditions', 'CDKMetadataAvailable'],
  ['Parameters', 'BootstrapVersion'],
  ['Rules', 'CheckBootstrapVersion'],
];

/** A copy of `template` without the synth noise (see above); sections left empty are dropped. */
export function stripNoise(template: CfnTemplate): CfnTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as CfnTemplate;
  for (const [section, name] of NOISE_ENTRIES) {
    if (copy[section]) delete copy[section][name];
  }
  for (const resource of Object.values((copy.Resources ?? {}) as Record<string, CfnTemplate>)) {
    if (!resource.Metadata) continue;
    for (const key of Object.keys(resource.Metadata)) if (NOISE_METADATA_KEY.test(key)) delete resource.Metadata[key];
    if (Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
  }
  for (const section of Object.keys(copy)) {
    const value = copy[section];
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) delete copy[section];
  }
  return copy;
}
