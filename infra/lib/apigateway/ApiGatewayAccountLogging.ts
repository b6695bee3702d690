import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge';

/**
 * API Gateway's account-wide CloudWatch Logs role. A REST API stage with access logging (every service's) cannot be
 * created in a region until the account names this role, so the platform sets it once per account and region.
 */
export class ApiGatewayAccountLogging extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write REST API access and execution logs to CloudWatch Logs (account setting)',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    acknowledge(this.role,
      'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy for the API Gateway account logging role; it is assumable only by apigateway.amazonaws.com and tracks new log actions as AWS adds them.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]');
    new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
  }
}
