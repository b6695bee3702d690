/** One GitHub repository whose workflows may deploy into this account. */
export interface GithubRepository {
  /** Repository name (without the org). */
  readonly name: string;
  /** Branch whose pushes deploy to prod. @default "main" */
  readonly defaultBranch: string;
}

/** The account stack's configuration, read from `platform.config.json`. */
export interface PlatformConfig {
  /** Account to deploy to. @default env-agnostic (the CLI's credentials decide) */
  readonly account?: string;
  /** Region to deploy to. @default env-agnostic */
  readonly region?: string;
  /** Value of the `owner` tag. */
  readonly owner: string;
  /** Value of the `repository` tag: the platform repo as `org/name`. */
  readonly repository: string;
  /** GitHub org and the repositories allowed to deploy. */
  readonly github: { readonly org: string; readonly repositories: readonly GithubRepository[] };
  /** Emails subscribed to the alerts topic. @default none */
  readonly alertEmails: readonly string[];
  /** Monthly cost budget in USD. @default 10 */
  readonly monthlyBudgetUsd: number;
  /** The account's Lambda concurrent-executions quota. @default 1000 */
  readonly lambdaConcurrencyQuota: number;
  /** Alarm when claimed concurrency reaches this percentage of the quota. @default 80 */
  readonly concurrencyAlarmPercent: number;
  /** CDK bootstrap qualifier the deploy roles may use. @default "hnb659fds" */
  readonly cdkQualifier: string;
  /** Days CloudTrail logs are kept in CloudWatch Logs (the S3 copy is retained). @default 365 */
  readonly trailRetentionDays: number;
}
