import { IConstruct } from 'constructs';
import { Tags } from 'aws-cdk-lib';
import { PlatformConfig } from '../config';

/** The conventions.md tag set for the account stack. */
export function platformTags(config: PlatformConfig): Record<string, string> {
  return {
    service: 'platform',
    environment: 'account',
    'managed-by': 'cdk',
    owner: config.owner,
    repository: config.repository,
  };
}

/** Applies the platform tag set once, at the root, to every taggable resource below `scope`. */
export function applyPlatformTags(scope: IConstruct, config: PlatformConfig): void {
  for (const [key, value] of Object.entries(platformTags(config))) {
    Tags.of(scope).add(key, value);
  }
}
