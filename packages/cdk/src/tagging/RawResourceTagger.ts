import { CfnResource, IAspect, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CFN_TAGGABILITY } from './CfnTaggability';

/**
 * Tags the resources CDK's tag Aspect cannot reach: raw `CfnResource`s that CloudFormation can tag but that have no
 * TagManager, such as the Lambda function and role of CDK's own custom resource providers (autoDeleteObjects).
 */
export class RawResourceTagger implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || TagManager.isTaggable(node)) return;
    if (CFN_TAGGABILITY[node.cfnResourceType] !== true) return;
    node.addPropertyOverride(
      'Tags',
      Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value })),
    );
  }
}
