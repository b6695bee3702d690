/**
 * Which resources hold data, for the stateful guard: replacing or removing one of these in prod loses what it holds
 * (or leaves it behind, unmanaged, while an empty one takes its place). Data, not code, so a new kind of store is
 * one line here.
 */

/** Resource types that hold data whatever their policies, and what they hold (shown in the block message). */
export const DATA_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'objects',
  'AWS::DynamoDB::Table': 'items',
  'AWS::DynamoDB::GlobalTable': 'items',
  'AWS::Cognito::UserPool': 'users and their credentials',
  'AWS::KMS::Key': 'the key material everything encrypted with it needs',
  'AWS::RDS::DBInstance': 'a database',
  'AWS::RDS::DBCluster': 'a database',
  'AWS::EFS::FileSystem': 'files',
  'AWS::SQS::Queue': 'messages',
  'AWS::Kinesis::Stream': 'records',
  'AWS::SecretsManager::Secret': 'a secret value',
};

/**
 * Types that hold data only when they are kept on deletion: a log group the stack would delete anyway holds nothing
 * anyone meant to keep; one retained (as prod's are) holds the service's logs.
 */
export const DATA_WHEN_RETAINED_TYPES: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'logs',
};

/** The policies that keep a resource (its data) when CloudFormation deletes or replaces it. */
export const RETAINING_POLICIES: readonly string[] = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];

/**
 * Types CDK retains for reasons other than data, which a pull request replaces or removes on every ordinary change:
 * a function's published version (its logical id changes with the function's configuration; it is retained so a
 * rollback after the deploy still finds the previous one) and a layer version. Their retain policy does not make
 * them data.
 */
export const RETAINED_WITHOUT_DATA_TYPES: readonly string[] = ['AWS::Lambda::Version', 'AWS::Lambda::LayerVersion'];

/** A resource of the base template, as far as the guard looks at it. */
export interface BaseResource {
  readonly type: string;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** Why `resource` holds data (a phrase for the block message), or undefined when it does not. */
export function holdsData(resource: BaseResource): string | undefined {
  const kept = [resource.deletionPolicy, resource.updateReplacePolicy].find((p) => p !== undefined && RETAINING_POLICIES.includes(p));
  const policy = kept === undefined
    ? undefined
    : `${resource.deletionPolicy === kept ? 'DeletionPolicy' : 'UpdateReplacePolicy'} ${kept}`;
  const always = DATA_RESOURCE_TYPES[resource.type];
  if (always) return `holds ${always}`;
  const whenRetained = DATA_WHEN_RETAINED_TYPES[resource.type];
  if (whenRetained && policy) return `holds ${whenRetained} (${policy})`;
  if (policy && !RETAINED_WITHOUT_DATA_TYPES.includes(resource.type)) return `marked to be kept (${policy})`;
  return undefined;
}
