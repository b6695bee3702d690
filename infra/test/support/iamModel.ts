/**
 * A model of the IAM in synthesized templates, for proving trust boundaries offline: every role with its trust
 * policy, permissions boundary and identity statements (inline, attached `AWS::IAM::Policy`, managed), CloudFormation
 * intrinsics resolved to the ARNs IAM would see, and an evaluator of IAM's decision for one request.
 *
 * Written here rather than taken from a library: no maintained npm package evaluates IAM offline with permissions
 * boundaries and explicit denies, and the semantics we rely on are few (documented with each function).
 */
import { SynthesizedPlatform } from './synthPlatform';
import { stringLike } from './trustPolicyMatcher';

export type Statement = Record<string, unknown>;
export type Context = Record<string, string | undefined>;

export interface RoleModel {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly trust: { Statement: Statement[] };
  readonly boundaryArn?: string;
  readonly identity: Statement[];
}

export interface AccountTemplate {
  readonly account: string;
  readonly region: string;
  readonly template: { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> };
}

/** What AWS-managed policies grant, for the ones the platform uses. */
const AWS_MANAGED: Record<string, Statement[]> = {
  AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  'service-role/AmazonAPIGatewayPushToCloudWatchLogs': [{
    Effect: 'Allow', Resource: '*',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
  }],
};

function resolver(t: AccountTemplate) {
  const resources = t.template.Resources;
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const v = value as Record<string, any>;
    if ('Ref' in v) {
      if (v.Ref === 'AWS::Partition') return 'aws';
      if (v.Ref === 'AWS::AccountId') return t.account;
      if (v.Ref === 'AWS::Region') return t.region;
      if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
      const target = resources[v.Ref];
      if (target?.Type === 'AWS::IAM::ManagedPolicy') return `arn:aws:iam::${t.account}:policy/${resolve(target.Properties?.ManagedPolicyName)}`;
      if (target?.Type === 'AWS::IAM::Role') return resolve(target.Properties?.RoleName) ?? v.Ref;
      return `<ref:${v.Ref}>`;
    }
    if ('Fn::GetAtt' in v) {
      const [id, attr] = v['Fn::GetAtt'];
      const target = resources[id];
      if (target?.Type === 'AWS::IAM::Role' && attr === 'Arn') return `arn:aws:iam::${t.account}:role/${resolve(target.Properties?.RoleName) ?? id}`;
      if (target?.Type === 'AWS::IAM::OIDCProvider' && attr === 'Arn') return `arn:aws:iam::${t.account}:oidc-provider/token.actions.githubusercontent.com`;
      return `<getatt:${id}.${attr}>`;
    }
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'];
      return (resolve(parts) as unknown[]).map(String).join(separator);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve;
}

/** Every IAM role of the templates, resolved. */
export function rolesOf(templates: readonly AccountTemplate[]): RoleModel[] {
  return templates.flatMap((t) => {
    const resolve = resolver(t);
    const resources = t.template.Resources;
    const managed = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');
    return Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id, r]) => {
      const props = resolve(r.Properties ?? {}) as Record<string, any>;
      const name = String(props.RoleName ?? id);
      const inline = (props.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
      const attached = Object.values(resources).filter((p) => p.Type === 'AWS::IAM::Policy')
        .map((p) => resolve(p.Properties) as Record<string, any>)
        .filter((p) => (p.Roles ?? []).includes(name))
        .flatMap((p) => p.PolicyDocument.Statement);
      const fromManaged = (props.ManagedPolicyArns ?? []).flatMap((arn: string) => {
        const awsManaged = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
        if (awsManaged) {
          const known = AWS_MANAGED[awsManaged[1]];
          if (!known) throw new Error(`model does not know AWS managed policy ${arn}`);
          return known;
        }
        const [, policy] = managed.find(([, m]) => `arn:aws:iam::${t.account}:policy/${resolve(m.Properties?.ManagedPolicyName)}` === arn) ?? [];
        if (!policy) throw new Error(`managed policy ${arn} is not in the templates`);
        return (resolve(policy.Properties) as any).PolicyDocument.Statement;
      });
      return {
        name, account: t.account, arn: `arn:aws:iam::${t.account}:role/${name}`,
        trust: props.AssumeRolePolicyDocument, boundaryArn: props.PermissionsBoundary,
        identity: [...inline, ...attached, ...fromManaged],
      };
    });
  });
}

/** The statements of the managed policy named `name` in the templates. */
export function managedPolicyStatements(templates: readonly AccountTemplate[], name: string): Statement[] {
  for (const t of templates) {
    const resolve = resolver(t);
    for (const r of Object.values(t.template.Resources)) {
      const props = resolve(r.Properties ?? {}) as Record<string, any>;
      if (r.Type === 'AWS::IAM::ManagedPolicy' && props.ManagedPolicyName === name) return props.PolicyDocument.Statement;
    }
  }
  throw new Error(`no managed policy ${name}`);
}


const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
function actionMatches(pattern: string, action: string): boolean {
  return stringLike(pattern.toLowerCase(), action.toLowerCase());
}

const CONDITION_TESTS: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringLike: stringLike,
  ArnEquals: (e, a) => e === a,
  ArnLike: stringLike,
  Bool: (e, a) => e.toLowerCase() === a.toLowerCase(),
};

/**
 * IAM condition semantics: operators and keys ANDed, a key's values ORed; a missing key fails a positive operator and
 * satisfies a negated one (`...Not...`), and `...IfExists` makes a missing key satisfy it.
 */
function conditionsHold(conditions: Record<string, Record<string, unknown>> | undefined, context: Context): boolean {
  return Object.entries(conditions ?? {}).every(([operator, keys]) => {
    const ifExists = operator.endsWith('IfExists');
    const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
    const negated = /^(String|Arn)Not/.test(op);
    const test = CONDITION_TESTS[op.replace('Not', '')];
    if (!test) throw new Error(`evaluator does not implement condition operator ${operator}`);
    return Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      if (actual === undefined) return ifExists || negated;
      const any = list(expected).some((e) => test(e, actual));
      return negated ? !any : any;
    });
  });
}

/** Whether a statement applies to `action` on `resource` in `context`. */
export function statementApplies(s: Statement, action: string, resource: string, context: Context = {}): boolean {
  const actionHit = s.Action !== undefined ? list(s.Action).some((a) => actionMatches(a, action)) : !list(s.NotAction).some((a) => actionMatches(a, action));
  if (!actionHit) return false;
  const resourceHit = s.Resource !== undefined ? list(s.Resource).some((r) => stringLike(r, resource)) : !list(s.NotResource).some((r) => stringLike(r, resource));
  return resourceHit && conditionsHold(s.Condition as Record<string, Record<string, unknown>>, context);
}

export interface Principal {
  readonly name: string;
  readonly identity: Statement[];
  /** Statements of the permissions boundary; undefined: none. */
  readonly boundary?: Statement[];
}

/**
 * IAM's decision for a same-account request: an explicit Deny in the identity policy or the boundary wins; otherwise
 * the identity policy must allow it and, with a boundary, so must the boundary.
 */
export function isAllowed(p: Principal, action: string, resource: string, context: Context = {}): boolean {
  const applies = (s: Statement) => statementApplies(s, action, resource, context);
  const all = [...p.identity, ...(p.boundary ?? [])];
  if (all.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  if (!p.identity.some((s) => s.Effect === 'Allow' && applies(s))) return false;
  return p.boundary === undefined || p.boundary.some((s) => s.Effect === 'Allow' && applies(s));
}

/** The templates of a synthesized platform with the account and region each is deployed to. */
export function templatesOf(s: SynthesizedPlatform): AccountTemplate[] {
  return s.stacks.map(({ stack, template }) => ({ account: stack.account, region: stack.region, template: template.toJSON() as AccountTemplate['template'] }));
}
