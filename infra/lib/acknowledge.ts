import { IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';

/** Acknowledges cdk-nag findings (`RuleId` or `RuleId[Finding]`) on `scope`, all for one written reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  if (reason.trim().length < 40) throw new Error(`acknowledgement of ${ids.join(', ')} needs a real reason`);
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}
