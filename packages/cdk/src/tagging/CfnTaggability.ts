/**
 * Whether CloudFormation accepts `Tags` on each resource type the stacks use (from the types' CloudFormation
 * registry schemas, `tagging.taggable`; test/cfnLint.test.ts checks this table against cfn-lint's copy of them).
 * The tag test fails on a type missing here, so a new resource type needs a deliberate entry. A type counts as taggable
 * only when its schema has `Tags` in every region checked (us-east-1 and the service's region). A Cognito user pool
 * has no `Tags` but `UserPoolTags` (a map), which CDK's tag Aspect fills itself (test/tagging/ServiceTags.test.ts).
 */
export const CFN_TAGGABILITY: Readonly<Record<string, boolean>> = {
  'AWS::ApiGateway::Authorizer': false,
  'AWS::ApiGateway::Deployment': false,
  'AWS::ApiGateway::GatewayResponse': false,
  'AWS::ApiGateway::Method': false,
  'AWS::ApiGateway::Resource': false,
  'AWS::ApiGateway::RestApi': true,
  'AWS::ApiGateway::Stage': true,
  'AWS::CDK::Metadata': false,
  'AWS::CloudWatch::Alarm': true,
  'AWS::CloudWatch::CompositeAlarm': true,
  'AWS::CloudWatch::Dashboard': true,
  'AWS::CodeDeploy::Application': true,
  'AWS::CodeDeploy::DeploymentGroup': true,
  'AWS::Cognito::UserPool': false,
  'AWS::Cognito::UserPoolClient': false,
  'AWS::Cognito::UserPoolDomain': false,
  'AWS::Cognito::UserPoolResourceServer': false,
  'AWS::IAM::Policy': false,
  'AWS::IAM::Role': true,
  'AWS::Lambda::Alias': false,
  'AWS::Lambda::Function': true,
  'AWS::Lambda::Permission': false,
  'AWS::Lambda::Version': false,
  'AWS::Logs::LogGroup': true,
  'AWS::Logs::MetricFilter': false,
  'AWS::S3::Bucket': true,
  'AWS::S3::BucketPolicy': false,
  'Custom::S3AutoDeleteObjects': false,
};
