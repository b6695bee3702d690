import { IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';

/**
 * cdk-nag's id of a wildcard-resource finding (AwsSolutions-IAM5) on `arn:<partition>:<rest>`, with the pseudo
 * parameters spelled as cdk-nag spells them in `rest` too (`<AWS::Partition>`, `<AWS::AccountId>`).
 */
export function wildcardArnFinding(rest: string): string {
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${rest}]`;
}

/** {@link wildcardArnFinding} of `rest(region)` in each of `regions`. */
export function wildcardArnFindings(regions: readonly string[], rest: (region: string) => string): string[] {
  return regions.map((region) => wildcardArnFinding(rest(region)));
}

/** Acknowledges cdk-nag findings (`RuleId` or `RuleId[Finding]`) on `scope`, all for one written reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  if (reason.trim().length < 40) throw new Error(`acknowledgement of ${ids.join(', ')} needs a real reason`);
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}
