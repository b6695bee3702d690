/**
 * The names the platform stacks, the service stacks and the preview janitor share (docs/conventions.md). Every
 * consumer imports them from here; none retypes them as strings. Those the serverless-axum CLI reads too (names of a
 * service environment, environments, the live alias, metric dimensions, delivery metrics) live in operations.json,
 * which both compile in: see operationsContract.ts.
 */

export * from './operationsContract';

/** Tag keys every taggable resource of a service carries (the platform's own stack carries the same set). */
export const COMMON_TAG_KEYS = ['service', 'owner', 'environment', 'repository', 'managed-by'] as const;
/** Tag keys a pull-request preview adds: the janitor finds previews, and decides when to delete them, by these. */
export const PREVIEW_TAG_KEYS = ['preview', 'pr', 'expires-at'] as const;
export type TagKey = (typeof COMMON_TAG_KEYS)[number] | (typeof PREVIEW_TAG_KEYS)[number];
/** Value of the `managed-by` tag. */
export const MANAGED_BY = 'cdk';
/** `service` and `environment` tag values of the platform's own stacks. */
export const PLATFORM_SERVICE = 'platform';
export const PLATFORM_ENVIRONMENT = 'account';

/** SSM parameters the platform stack publishes in each account and region, and service stacks read at deploy time. */
export const PLATFORM_PARAMETERS = {
  /** ARN of the account's alerts SNS topic. */
  alertsTopicArn: '/platform/alerts-topic-arn',
  /** ARN of the GitHub OIDC identity provider. */
  oidcProviderArn: '/platform/github-oidc-provider-arn',
  /** ARN of the CloudFormation execution role previews are deployed with (preview accounts). */
  previewExecutionRoleArn: '/platform/preview-cfn-exec-role-arn',
  /** ARN of the permissions boundary every role of a preview must carry (preview accounts). */
  previewBoundaryArn: '/platform/preview-permissions-boundary-arn',
  /** Id of the VPC Fargate previews run in (preview accounts): public subnets only, no NAT gateway. */
  previewVpcId: '/platform/preview-network/vpc-id',
  /** Its public subnets, comma-separated, one per availability zone ({@link PREVIEW_NETWORK_AZS}). */
  previewPublicSubnetIds: '/platform/preview-network/public-subnet-ids',
} as const;
/**
 * How many availability zones (and public subnets) the preview network spans: the length of its subnet list
 * parameter, which a preview stack must know when it is synthesized.
 */
export const PREVIEW_NETWORK_AZS = 2;
/** The prefix every platform parameter lives under (IAM policies grant read on `parameter/platform/*`). */
export const PLATFORM_PARAMETER_PREFIX = '/platform/';

/** Every preview resource name contains its environment, `pr-<n>`: `<service>-pr-<n>-...`. */
export const PREVIEW_NAME_PATTERN = '*-pr-*';

/** Each tag key by what it means: one spelling for the tagging code and the janitor. */
export const TAG = {
  service: 'service',
  owner: 'owner',
  environment: 'environment',
  repository: 'repository',
  managedBy: 'managed-by',
  preview: 'preview',
  pr: 'pr',
  expiresAt: 'expires-at',
} as const satisfies Record<string, TagKey>;

/** The namespace of the metrics a service's code emits (EMF); `metrics/catalog.json` names it too. */
export const METRIC_NAMESPACE = 'ServerlessAxum';
/** Namespace of the metrics derived from a function's logs; `${functionName}` is its function. */
export const LOG_METRICS_NAMESPACE = 'ServerlessAxum/Logs/${functionName}';

/** Role and policy names the platform creates: fixed, so workflows build the ARNs from the account id alone. */
export const PLATFORM_ROLE_NAMES = {
  deploy: 'platform-github-deploy',
  preview: 'platform-github-preview',
  rebuild: 'platform-github-rebuild',
  previewExecution: 'platform-preview-cfn-exec',
  previewBoundary: 'platform-preview-boundary',
} as const;

/** CDK bootstrap qualifier of the previews' assets bucket in every preview region (`previewCdkQualifier`). */
export const DEFAULT_PREVIEW_CDK_QUALIFIER = 'previews';
/** CDK's default qualifier, which prod deploys use (`cdkQualifier`). */
export const DEFAULT_CDK_QUALIFIER = 'hnb659fds';

/** GitHub environments the platform's OIDC trust names. */
export const GITHUB_ENVIRONMENTS = {
  /** Gates prod deploys. */
  prod: 'prod',
  /** Required reviewers; gates the rebuild workflow. */
  rebuild: 'rebuild',
  /** The scheduled preview janitor (a `pr-*` name: it only ever touches previews). */
  janitor: 'pr-janitor',
} as const;

/**
 * The function's environment variables that configure the service's token check (read by the service's auth
 * settings; set by the app stack when `auth` is on, absent with `"auth": null`).
 */
export const AUTH_ENV = {
  /** Issuer URL, compared with the token's `iss`. */
  issuer: 'AUTH_ISSUER',
  /** Accepted audiences, comma-separated: checked against `aud`, or `client_id` for tokens without `aud` (Cognito access tokens). */
  audience: 'AUTH_AUDIENCE',
  /** JWKS URL (Cognito); unset for other issuers, which the service finds by OIDC discovery. */
  jwksUrl: 'AUTH_JWKS_URL',
  /** Prefix of the API's scopes in tokens (Cognito: `<resource server identifier>/`); unset for other issuers. */
  scopePrefix: 'AUTH_SCOPE_PREFIX',
} as const;

/** Outputs of a service's stacks that its workflows read (`cdk deploy --outputs-file`): the URLs on the app stack, `Auth*` on the data stack (where the user pool is). */
export const STACK_OUTPUTS = {
  apiUrl: 'ApiUrl',
  docsUrl: 'DocsUrl',
  dashboardUrl: 'DashboardUrl',
  /** Cognito only: `https://<domain>.auth.<region>.amazoncognito.com/oauth2/token` (client-credentials grant). */
  authTokenUrl: 'AuthTokenUrl',
  /** Cognito only: id of the machine-to-machine app client (its secret is never an output). */
  authClientId: 'AuthClientId',
  /** Cognito only: id of the service's user pool (`aws cognito-idp describe-user-pool-client --user-pool-id`). */
  authUserPoolId: 'AuthUserPoolId',
} as const;

/**
 * `environment` tag value of every preview resource (StringLike): IAM statements that must reach previews' resources
 * whose ARNs carry no name, such as Cognito user pools (`userpool/<region>_<random>`), match on this tag.
 */
export const PREVIEW_ENVIRONMENT_TAG_PATTERN = 'pr-*';

/** Base of the `type` URI of every problem+json body (the kit's `problem::TYPE_BASE`). */
export const PROBLEM_TYPE_BASE = 'https://problems.serverless-axum.dev/';
