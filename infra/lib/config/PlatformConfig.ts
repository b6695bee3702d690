/** One GitHub repository whose workflows may deploy into the platform's accounts. */
export interface GithubRepository {
  /** Repository name (without the org). */
  readonly name: string;
  /** Branch whose deploy.yml deploys to prod. @default "main" */
  readonly defaultBranch: string;
}

/** What a platform stack holds: prod roles, preview roles, or (unsafe, for trying the template) both. */
export type AccountKind = 'prod' | 'preview' | 'single';

/** The AWS accounts of the platform: one AWS Organization, a prod account and a preview account. */
export interface PlatformAccounts {
  /** Runs prod: the deploy role, the fleet dashboard, account alarms, the audit trail. */
  readonly prod: string;
  /** Runs pull-request previews only: the preview role, its boundary and CloudFormation execution role. */
  readonly preview: string;
}

/** The platform's configuration, read from `platform.config.json` (and the regions of `fleet.json`). */
export interface PlatformConfig {
  /** Account ids. Equal only with {@link unsafeSingleAccount}. */
  readonly accounts: PlatformAccounts;
  /**
   * Prod and previews in one account, for trying the template. UNSAFE: a pull request's preview then shares an
   * account with prod, fenced only by the preview permissions boundary. @default false
   */
  readonly unsafeSingleAccount: boolean;
  /** Region of the account-wide parts (IAM roles, audit trail, budget, fleet dashboard). */
  readonly homeRegion: string;
  /** Every region the platform serves: the home region, then each region of `fleet.json` (de-duplicated). */
  readonly regions: readonly string[];
  /** Value of the `owner` tag. */
  readonly owner: string;
  /** Value of the `repository` tag: the platform repo as `org/name`. */
  readonly repository: string;
  /** GitHub org and the repositories allowed to deploy. */
  readonly github: { readonly org: string; readonly repositories: readonly GithubRepository[] };
  /** Emails subscribed to the alerts topic of each account. @default none */
  readonly alertEmails: readonly string[];
  /** Monthly cost budget of the prod account in USD. @default 10 */
  readonly monthlyBudgetUsd: number;
  /** Monthly cost budget of the preview account in USD. @default monthlyBudgetUsd */
  readonly previewMonthlyBudgetUsd: number;
  /** The prod account's Lambda concurrent-executions quota. @default 1000 */
  readonly lambdaConcurrencyQuota: number;
  /** Alarm when claimed concurrency reaches this percentage of the quota. @default 80 */
  readonly concurrencyAlarmPercent: number;
  /** CDK bootstrap qualifier of prod deploys. @default "hnb659fds" */
  readonly cdkQualifier: string;
  /** CDK bootstrap qualifier of previews: only its assets bucket is used, with the preview role's own credentials. @default "previews" */
  readonly previewCdkQualifier: string;
  /** Days the prod trail's CloudWatch Logs copy is kept (the S3 copy is retained). @default 365 */
  readonly trailRetentionDays: number;
  /** Days the preview account's trail logs are kept in CloudWatch Logs: previews are short-lived. @default 14 */
  readonly previewTrailRetentionDays: number;
}

/** The account id a stack of `kind` deploys into. */
export function accountOf(config: PlatformConfig, kind: AccountKind): string {
  return kind === 'preview' ? config.accounts.preview : config.accounts.prod;
}

/** The kinds of platform stack the config asks for: prod and preview, or one unsafe single-account stack. */
export function accountKinds(config: PlatformConfig): AccountKind[] {
  return config.unsafeSingleAccount ? ['single'] : ['prod', 'preview'];
}

/** Whether a stack of `kind` holds the prod side (deploy role, fleet dashboard, account alarms). */
export function holdsProd(kind: AccountKind): boolean {
  return kind !== 'preview';
}

/** Whether a stack of `kind` holds the preview side (preview role, boundary, execution role). */
export function holdsPreviews(kind: AccountKind): boolean {
  return kind !== 'prod';
}
