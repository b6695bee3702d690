import { PlatformConfig, accountKinds, accountOf, holdsPreviews, holdsProd } from './config';
import { platformStackName } from './PlatformAccountStack';

/** The CDK toolkit stack of the previews qualifier (the prod qualifier keeps CDK's default, `CDKToolkit`). */
export const PREVIEW_TOOLKIT_STACK_NAME = 'CDKToolkit-previews';

/** One account of a rebuild: a row of the rebuild workflow's job matrix. */
export interface RebuildTarget {
  readonly kind: string;
  readonly account: string;
  readonly homeRegion: string;
  /** Space-separated regions to bootstrap and deploy. */
  readonly regions: string;
  /** Space-separated `qualifier:toolkitStackName` pairs to bootstrap in each region. */
  readonly bootstrap: string;
  /** `cdk deploy` pattern selecting this account's platform stacks. */
  readonly stacks: string;
}

/**
 * What `rebuild.yml` does per account, from the config: which regions to bootstrap with which qualifiers, and which
 * stacks to deploy. Prod deploys use the prod qualifier's roles; previews only the previews qualifier's assets bucket.
 */
export function rebuildPlan(config: PlatformConfig): { include: RebuildTarget[] } {
  return {
    include: accountKinds(config).map((kind) => ({
      kind,
      account: accountOf(config, kind),
      homeRegion: config.homeRegion,
      regions: config.regions.join(' '),
      bootstrap: [
        ...(holdsProd(kind) ? [`${config.cdkQualifier}:CDKToolkit`] : []),
        ...(holdsPreviews(kind) ? [`${config.previewCdkQualifier}:${PREVIEW_TOOLKIT_STACK_NAME}`] : []),
      ].join(' '),
      stacks: `${platformStackName(kind)}-*`,
    })),
  };
}
