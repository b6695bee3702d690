import { conditionsAllow, githubClaims, stringLike } from './trustPolicyMatcher';

describe('trust policy matcher', () => {
  it('implements StringLike wildcards as whole-string, case-sensitive matches', () => {
    expect(stringLike('repo:acme/*:pull_request', 'repo:acme/x:pull_request')).toBe(true);
    expect(stringLike('repo:acme/x:environment:pr-*', 'repo:acme/x:environment:prod')).toBe(false);
    expect(stringLike('repo:acme/x:pull_request', 'repo:acme/x:pull_request:extra')).toBe(false);
    expect(stringLike('repo:acme/?', 'repo:acme/xy')).toBe(false);
    expect(stringLike('repo:Acme/x', 'repo:acme/x')).toBe(false);
    expect(stringLike('a.b', 'axb')).toBe(false);
  });

  it('ORs values of one key and ANDs keys and operators', () => {
    const conditions = {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:a/b:pull_request', 'repo:a/c:pull_request'] },
    };
    expect(conditionsAllow(conditions, githubClaims('repo:a/c:pull_request'))).toBe(true);
    expect(conditionsAllow(conditions, githubClaims('repo:a/c:pull_request', 'other-audience'))).toBe(false);
    expect(conditionsAllow(conditions, githubClaims('repo:a/d:pull_request'))).toBe(false);
    expect(conditionsAllow(conditions, {})).toBe(false);
  });

  it('negates StringNotEquals and refuses operators it does not know', () => {
    expect(conditionsAllow({ StringNotEquals: { k: 'x' } }, { k: 'y' })).toBe(true);
    expect(conditionsAllow({ StringNotEquals: { k: 'x' } }, { k: 'x' })).toBe(false);
    expect(() => conditionsAllow({ ForAnyValue: { k: 'x' } }, { k: 'x' })).toThrow(/does not implement/);
  });
});
