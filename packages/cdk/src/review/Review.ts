/**
 * The infra review of a pull request, as data: what `--format json` prints, and what the Markdown is rendered from.
 * Everything here is plain JSON (no classes), so the JSON output is this object as it is.
 */

/** What a pull request does to one resource. */
export type ResourceChangeKind = 'added' | 'removed' | 'modified' | 'replaced';

/** One resource that differs between base and head. */
export interface ResourceChange {
  readonly logicalId: string;
  /** Its type (the head's, or the base's when removed; `Old -> New` when the type itself changed). */
  readonly type: string;
  /** The base's type, when the type itself changed (which replaces the resource). */
  readonly baseType?: string;
  readonly change: ResourceChangeKind;
  /** For `replaced`: CloudFormation will replace it (`will`) or may, depending on values known at deploy (`may`). */
  readonly replacement?: 'will' | 'may';
  /** For `removed`: the physical resource stays in the account (DeletionPolicy Retain), unmanaged. */
  readonly orphaned?: boolean;
  /** Properties whose change forces (or may force) the replacement. */
  readonly replacingProperties: readonly string[];
  /** Every property or attribute (DeletionPolicy, DependsOn...) that differs. */
  readonly changedProperties: readonly string[];
  /** The base's DeletionPolicy and UpdateReplacePolicy, when set. */
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** A change to an output, a parameter, a condition or a mapping of a stack. */
export interface TemplateEntryChange {
  readonly section: 'Outputs' | 'Parameters' | 'Conditions' | 'Mappings';
  readonly name: string;
  readonly change: 'added' | 'removed' | 'modified';
}

/** One stack, matched by name between base and head. */
export interface StackChanges {
  readonly stackName: string;
  /** `added`: only in head; `removed`: only in base. */
  readonly status: 'added' | 'removed' | 'modified' | 'unchanged';
  readonly resources: readonly ResourceChange[];
  readonly templateChanges: readonly TemplateEntryChange[];
}

/** An IAM policy statement, as the diff library parses it (`NOT ` before a NotAction/NotResource/NotPrincipal value). */
export interface PolicyStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly string[];
  readonly condition?: unknown;
}

/** An IAM statement added or removed, anywhere in a stack (roles, policies, Lambda permissions, resource policies). */
export interface IamStatementChange {
  readonly stackName: string;
  readonly change: 'added' | 'removed';
  readonly statement: PolicyStatement;
}

/** A managed policy attached to (or detached from) a role, user or group. */
export interface ManagedPolicyChange {
  readonly stackName: string;
  readonly change: 'added' | 'removed';
  /** `${RoleLogicalId}` for a role of the template. */
  readonly identity: string;
  readonly managedPolicyArn: string;
}

/** A security group rule added or removed. */
export interface SecurityGroupRuleChange {
  readonly stackName: string;
  readonly change: 'added' | 'removed';
  readonly direction: 'ingress' | 'egress';
  readonly group: string;
  readonly protocol: string;
  readonly peer: string;
}

/** An `AWS::S3::BucketPolicy` that differs, with the statements it gains and loses. */
export interface BucketPolicyChange {
  readonly stackName: string;
  readonly logicalId: string;
  readonly change: ResourceChangeKind;
  readonly added: readonly PolicyStatement[];
  readonly removed: readonly PolicyStatement[];
}

/** IAM and network changes, listed apart from the resources. */
export interface SecurityChanges {
  readonly iamStatements: readonly IamStatementChange[];
  readonly managedPolicies: readonly ManagedPolicyChange[];
  readonly securityGroupRules: readonly SecurityGroupRuleChange[];
  readonly bucketPolicies: readonly BucketPolicyChange[];
}

/** An entry of the stateful overrides file: a resource that may lose its data, and why. */
export interface StatefulOverride {
  readonly stack: string;
  readonly logicalId: string;
  readonly reason: string;
}

/** A resource holding data that the pull request replaces or removes. */
export interface StatefulFinding {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** What happens to it. */
  readonly action: 'replaced' | 'may be replaced' | 'removed' | 'removed with its stack';
  /** The properties that force the replacement, when known. */
  readonly replacingProperties: readonly string[];
  /** Why it counts as holding data (its type, or the policy that keeps it). */
  readonly holdsData: string;
  /** The base's policy for what happens (DeletionPolicy when removed, UpdateReplacePolicy when replaced), if set. */
  readonly policy?: string;
  /** The override that allows it, when there is one. */
  readonly override?: StatefulOverride;
}

/** The stateful guard's verdict. */
export interface GuardResult {
  /** Only prod is guarded. */
  readonly applies: boolean;
  /** The overrides file, as the caller named it (shown in how-to-override hints). */
  readonly overridesFile: string;
  readonly blocked: readonly StatefulFinding[];
  /** Findings an override allows. */
  readonly allowed: readonly StatefulFinding[];
  /** Overrides that matched no finding (not an error: they can be removed). */
  readonly unusedOverrides: readonly StatefulOverride[];
}

/** One line of a monthly cost estimate, compared with the same line of the base. */
export interface CostLine {
  /** Stable id, e.g. `cloudwatch.alarms.standard` (the free tier's allowances name lines by it). */
  readonly id: string;
  readonly service: string;
  readonly description: string;
  readonly unit: string;
  /** USD per unit. */
  readonly unitPrice: number;
  readonly quantity: number;
  /** USD per month. */
  readonly monthly: number;
  readonly baseQuantity: number;
  readonly baseMonthly: number;
  /** `monthly - baseMonthly`. */
  readonly delta: number;
  /**
   * What this line prices: resources as `<stack>/<logicalId>` (the head's; the base's when the line is gone), or
   * metric names for the custom metrics (`Requests x4`: four combinations of dimension values).
   */
  readonly resources: readonly string[];
}

/** The estimate of one environment. */
export interface EnvironmentCost {
  /** `prod`, or the preview. */
  readonly name: 'prod' | 'preview';
  readonly requestsPerMonth: number;
  readonly lines: readonly CostLine[];
  readonly total: number;
  readonly baseTotal: number;
  readonly delta: number;
  /** What the always-free allowances would cover of `total` if this were the account's only use (not subtracted). */
  readonly freeTierCovers: number;
}

/** The monthly cost estimate. */
export interface CostReview {
  readonly prices: { readonly date: string; readonly source: string };
  readonly environments: readonly EnvironmentCost[];
  /** The always-free allowances, as sentences. */
  readonly freeTier: readonly string[];
  /** What the estimate assumes (traffic profile, log volume, hours in a month...). */
  readonly assumptions: readonly string[];
}

/** The whole review. */
export interface Review {
  readonly version: 1;
  /** The environment the two assemblies were synthesized for (`prod`, or `pr-<n>`). */
  readonly env: string;
  /** True when the stateful guard blocks: the entry point exits 1. */
  readonly blocked: boolean;
  readonly summary: ReviewSummary;
  readonly guard: GuardResult;
  readonly stacks: readonly StackChanges[];
  readonly security: SecurityChanges;
  readonly cost: CostReview;
}

/** The counts the review opens with. */
export interface ReviewSummary {
  readonly stacksChanged: number;
  readonly added: number;
  readonly removed: number;
  readonly replaced: number;
  readonly modified: number;
  readonly iamChanges: number;
  readonly securityChanges: number;
}
