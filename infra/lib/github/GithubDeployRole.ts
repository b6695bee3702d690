import { Construct } from 'constructs';
import { Duration, aws_iam as iam } from 'aws-cdk-lib';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from './githubSubjects';

export interface GithubDeployRoleProps {
  /** The account's GitHub OIDC provider. */
  readonly provider: iam.IOidcProvider;
  /** Role name (fixed, so workflows can compute the ARN). */
  readonly roleName: string;
  /** What the role is for. */
  readonly description: string;
  /** `sub` claims that may assume the role, compared with StringEquals. @default none */
  readonly exactSubjects?: string[];
  /** `sub` patterns that may assume the role, compared with StringLike. @default none */
  readonly subjectPatterns?: string[];
  /** Longest session. @default 1 hour */
  readonly maxSessionDuration?: Duration;
  /** Permissions boundary of the role. @default none */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

/** An IAM role assumable only by GitHub Actions OIDC tokens whose `sub` is on an explicit list. */
export class GithubDeployRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const exact = props.exactSubjects ?? [];
    const patterns = props.subjectPatterns ?? [];
    if (exact.length + patterns.length === 0) {
      throw new Error(`${props.roleName}: a GitHub deploy role needs at least one subject`);
    }
    if (exact.length > 0 && patterns.length > 0) {
      throw new Error(`${props.roleName}: use either exact subjects or patterns, not both (IAM ANDs condition operators)`);
    }
    const subjectCondition = exact.length > 0
      ? { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: exact } }
      : { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE }, StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: patterns } };
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: props.description,
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(props.provider.oidcProviderArn, subjectCondition),
      permissionsBoundary: props.permissionsBoundary,
    });
  }
}
