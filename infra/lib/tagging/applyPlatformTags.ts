import { IConstruct } from 'constructs';
import { Tags } from 'aws-cdk-lib';
import { COMMON_TAG_KEYS, MANAGED_BY, PLATFORM_ENVIRONMENT, PLATFORM_SERVICE } from '@serverless-axum/cdk';
import { PlatformConfig } from '../config';

/** The conventions.md tag set for the account stack. */
export function platformTags(config: PlatformConfig): Record<(typeof COMMON_TAG_KEYS)[number], string> {
  return {
    service: PLATFORM_SERVICE,
    environment: PLATFORM_ENVIRONMENT,
    'managed-by': MANAGED_BY,
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
