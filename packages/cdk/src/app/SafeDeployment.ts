import { Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { LIVE_ALIAS } from '../contracts';

/** Props of {@link SafeDeployment}. */
export interface SafeDeploymentProps {
  readonly function: lambda.Function;
  /**
   * How traffic moves to a new version.
   * @default LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
   */
  readonly deploymentConfig?: codedeploy.ILambdaDeploymentConfig;
  /**
   * Name of the alias traffic goes through.
   * @default LIVE_ALIAS (`liveAlias` of operations.json: the alias the CLI's `verify --rollback` moves back)
   */
  readonly aliasName?: string;
}

/**
 * The `live` alias and a CodeDeploy deployment group that shifts it to each new version as a canary and rolls back
 * when one of the alarms fires (or the deployment fails). Rolling back after the deployment (`verify --rollback`)
 * needs the previous version to still exist: build the function with `retainVersions` (ServiceFunction).
 */
export class SafeDeployment extends Construct {
  public readonly alias: lambda.Alias;
  public readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: SafeDeploymentProps) {
    super(scope, id);
    this.alias = new lambda.Alias(this, 'Alias', {
      aliasName: props.aliasName ?? LIVE_ALIAS,
      version: props.function.currentVersion,
    });
    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      alias: this.alias,
      deploymentConfig: props.deploymentConfig ?? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    Validations.of(this.deploymentGroup).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason: 'The AWS-managed CodeDeploy service role policy for Lambda, limited variant: it may only update aliases and invoke hooks of the deployment.',
    });
  }

  /** Roll back when any of these alarms fires during a deployment. */
  rollBackOn(alarms: readonly cloudwatch.IAlarm[]): void {
    alarms.forEach((a) => this.deploymentGroup.addAlarm(a));
  }
}
