import { fullDiff, TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { CfnTemplate } from '../assembly/CloudAssembly';
import { BucketPolicyChange, IamStatementChange, ManagedPolicyChange, PolicyStatement, ResourceChange, SecurityChanges, SecurityGroupRuleChange } from '../Review';

const BUCKET_POLICY = 'AWS::S3::BucketPolicy';

/** A statement as the diff library parses it (its `Statement` class is not exported by name). */
type ParsedStatement = TemplateDiff['iamChanges']['statements']['additions'][number];

/**
 * The IAM, security group and bucket policy changes of one stack, each listed on its own. Bucket policies are taken
 * out of the IAM list (the library counts them as IAM resource policies) and diffed one policy at a time instead,
 * so a reviewer sees which bucket gains or loses which statement.
 */
export function securityChanges(
  stackName: string,
  base: CfnTemplate | undefined,
  head: CfnTemplate | undefined,
  resources: readonly ResourceChange[],
  diff: TemplateDiff,
): SecurityChanges {
  const iam = fullDiff(withoutBucketPolicies(base), withoutBucketPolicies(head)).iamChanges;
  const iamStatements: IamStatementChange[] = [
    ...iam.statements.additions.map((s) => ({ stackName, change: 'added' as const, statement: statement(s) })),
    ...iam.statements.removals.map((s) => ({ stackName, change: 'removed' as const, statement: statement(s) })),
  ];
  const managedPolicies: ManagedPolicyChange[] = [
    ...iam.managedPolicies.additions.map((m) => ({ stackName, change: 'added' as const, identity: m.identityArn, managedPolicyArn: m.managedPolicyArn })),
    ...iam.managedPolicies.removals.map((m) => ({ stackName, change: 'removed' as const, identity: m.identityArn, managedPolicyArn: m.managedPolicyArn })),
  ];
  const rules = (direction: 'ingress' | 'egress', change: 'added' | 'removed'): SecurityGroupRuleChange[] => {
    const collection = diff.securityGroupChanges[direction];
    return (change === 'added' ? collection.additions : collection.removals).map((r) => ({
      stackName, change, direction, group: r.groupId, protocol: r.describeProtocol(), peer: r.describePeer(),
    }));
  };
  const securityGroupRules = [...rules('ingress', 'added'), ...rules('ingress', 'removed'), ...rules('egress', 'added'), ...rules('egress', 'removed')];
  const bucketPolicies = resources
    .filter((r) => r.type === BUCKET_POLICY || r.baseType === BUCKET_POLICY)
    .map((r) => bucketPolicyChange(stackName, r, base?.Resources?.[r.logicalId], head?.Resources?.[r.logicalId]));
  return { iamStatements, managedPolicies, securityGroupRules, bucketPolicies };
}

function bucketPolicyChange(stackName: string, r: ResourceChange, before: CfnTemplate | undefined, after: CfnTemplate | undefined): BucketPolicyChange {
  const only = (resource: CfnTemplate | undefined) => (resource ? { Resources: { [r.logicalId]: resource } } : {});
  const statements = fullDiff(only(before), only(after)).iamChanges.statements;
  return { stackName, logicalId: r.logicalId, change: r.change, added: statements.additions.map(statement), removed: statements.removals.map(statement) };
}

function withoutBucketPolicies(template: CfnTemplate | undefined): CfnTemplate {
  if (!template) return {};
  const resources = Object.fromEntries(Object.entries((template.Resources ?? {}) as Record<string, CfnTemplate>).filter(([, r]) => r.Type !== BUCKET_POLICY));
  return { ...template, Resources: resources };
}

function statement(s: ParsedStatement): PolicyStatement {
  const values = (t: { values: string[]; not: boolean }) => t.values.map((v) => (t.not ? `NOT ${v}` : v));
  return {
    effect: s.effect,
    actions: values(s.actions),
    resources: values(s.resources),
    principals: values(s.principals),
    ...(s.condition !== undefined ? { condition: s.condition } : {}),
  };
}
