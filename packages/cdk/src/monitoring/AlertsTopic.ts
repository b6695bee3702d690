import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PLATFORM_PARAMETERS } from '../contracts';

/**
 * The account's alerts topic. By default its ARN is read from SSM at deploy time (a CloudFormation parameter of type
 * `AWS::SSM::Parameter::Value<String>`: no lookup at synth). `topicArn` (context `alertsTopicArn`) overrides it for
 * an account without the platform stack.
 */
export function alertsTopic(scope: Construct, id: string, topicArn?: string): sns.ITopic {
  const arn = topicArn ?? ssm.StringParameter.valueForStringParameter(scope, PLATFORM_PARAMETERS.alertsTopicArn);
  return sns.Topic.fromTopicArn(scope, id, arn);
}
