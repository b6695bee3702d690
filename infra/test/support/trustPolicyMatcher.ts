/**
 * A small evaluator of IAM trust-policy conditions for web-identity tokens: StringEquals / StringLike (and their
 * negations), each key's value list ORed, keys and operators ANDed — the IAM semantics we rely on.
 */
export type Claims = Record<string, string>;
type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** IAM StringLike: `*` matches any run of characters, `?` exactly one; case-sensitive; whole-string match. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

const OPERATORS: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringLike: stringLike,
};

/** True when every condition in `conditions` holds for `claims` (a missing claim fails a positive operator). */
export function conditionsAllow(conditions: ConditionBlock, claims: Claims): boolean {
  return Object.entries(conditions).every(([operator, keys]) => {
    const negated = operator.startsWith('StringNot');
    const base = negated ? operator.replace('StringNot', 'String') : operator;
    const test = OPERATORS[base];
    if (!test) throw new Error(`matcher does not implement ${operator}`);
    return Object.entries(keys).every(([key, expected]) => {
      const actual = claims[key];
      const values = Array.isArray(expected) ? expected : [expected];
      const any = actual !== undefined && values.some((v) => test(v, actual));
      return negated ? !any : any;
    });
  });
}

/** The statements of an AssumeRolePolicyDocument that allow `sts:AssumeRoleWithWebIdentity`. */
export function webIdentityStatements(doc: { Statement: Record<string, unknown>[] }): { Condition: ConditionBlock }[] {
  return doc.Statement.filter((s) => s.Effect === 'Allow' && s.Action === 'sts:AssumeRoleWithWebIdentity') as { Condition: ConditionBlock }[];
}

/** Whether a GitHub token with these claims may assume a role with this trust policy. */
export function canAssume(doc: { Statement: Record<string, unknown>[] }, claims: Claims): boolean {
  return webIdentityStatements(doc).some((s) => conditionsAllow(s.Condition ?? {}, claims));
}

/** Claims of a GitHub Actions token for `sub`. */
export function githubClaims(sub: string, aud = 'sts.amazonaws.com'): Claims {
  return { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud };
}
