import { CfnResource, CustomResourceProviderBase, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { fixedNameLogGroup } from '../logs/fixedNameLogGroup';
import { ServiceNaming } from '../naming/ServiceNaming';

/**
 * CDK's singleton custom resource providers the stacks may contain (by construct id), with the name part of their
 * function and role. A provider missing here fails synth: a new one needs a deliberate entry (and a name that fits
 * in 64 characters after `<service>-pr-<n>-`).
 */
export const KNOWN_PROVIDERS: Readonly<Record<string, string>> = {
  'Custom::S3AutoDeleteObjectsCustomResourceProvider': 'autodelete',
};

/** Props of {@link adoptCustomResourceProviders}. */
export interface AdoptProvidersProps {
  readonly naming: ServiceNaming;
  readonly logRetention: logs.RetentionDays;
  /** Keep the providers' log groups when the stack is deleted. */
  readonly retainLogs: boolean;
}

/**
 * Gives each CDK custom resource provider in `stack` (e.g. the one behind a bucket's `autoDeleteObjects`) what the
 * service's own function has: a name `<service>-<env>-<what>` for its function and role (the preview execution
 * role only reaches `*-pr-*` names), and a log group created by the stack, with retention and the stack's removal
 * policy, that the function logs to. Left alone, Lambda would create `/aws/lambda/<generated name>` on the first
 * invocation, untagged, without retention, outliving the stack.
 *
 * The role's AWS-managed AWSLambdaBasicExecutionRole (logs:CreateLogGroup on `*`) is replaced by writing to that one
 * log group only: a log line sent while the stack is deleted can then not recreate the group as an orphan. The log
 * group is deleted after the function (the function refers to it), which goes after the custom resources that
 * invoke it.
 */
export function adoptCustomResourceProviders(stack: Stack, props: AdoptProvidersProps): void {
  const providers = stack.node.findAll().filter((c): c is CustomResourceProviderBase => c instanceof CustomResourceProviderBase);
  for (const provider of providers) {
    const what = KNOWN_PROVIDERS[provider.node.id];
    if (what === undefined) {
      throw new Error(`unknown CDK custom resource provider ${provider.node.path}: add it to KNOWN_PROVIDERS (lib/platform/CustomResourceProviders.ts)`);
    }
    const handler = provider.node.tryFindChild('Handler');
    const role = provider.node.tryFindChild('Role');
    if (!CfnResource.isCfnResource(handler) || !CfnResource.isCfnResource(role)) {
      throw new Error(`${provider.node.path}: expected its "Handler" function and "Role" as CloudFormation resources`);
    }
    const logGroup = fixedNameLogGroup(stack, `${provider.node.id}LogGroup`, {
      logGroupName: props.naming.providerLogGroupName(what), retention: props.logRetention, retain: props.retainLogs,
    });
    handler.addPropertyOverride('FunctionName', props.naming.providerFunctionName(what));
    handler.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
    role.addPropertyOverride('RoleName', props.naming.roleName(what));
    role.addPropertyDeletionOverride('ManagedPolicyArns');
    provider.addToRolePolicy({
      Sid: 'WriteOwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: logGroup.logGroupArn,
    });
  }
}
