import { Template } from 'aws-cdk-lib/assertions';
import { AUTH_ENV, PROBLEM_TYPE_BASE, STACK_OUTPUTS } from '../../src/contracts';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import {
  configOverrides, ENVS, EXTERNAL_AUDIENCE, EXTERNAL_ISSUER, synthCached, synthService, SynthesizedTemplates,
} from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Every method of the REST API with the path of its resource (`/`, `/{proxy+}`, `/health`, ...). */
function methods(t: Template): { id: string; path: string; method: Resource['Properties'] }[] {
  const resources = t.findResources('AWS::ApiGateway::Resource') as Record<string, Resource>;
  const pathOf = (ref: any): string => {
    if (ref['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const r = resources[ref.Ref];
    if (!r) throw new Error(`unknown resource ${JSON.stringify(ref)}`);
    return `${pathOf(r.Properties.ParentId)}/${r.Properties.PathPart}`;
  };
  return Object.entries(t.findResources('AWS::ApiGateway::Method') as Record<string, Resource>)
    .map(([id, m]) => ({ id, path: pathOf(m.Properties.ResourceId) || '/', method: m.Properties }));
}

function functionEnv(s: SynthesizedTemplates): Record<string, unknown> {
  const fn = Object.values(s.appTemplate.findResources('AWS::Lambda::Function'))
    .find((r) => r.Properties.FunctionName === new ServiceNaming(s.config.service, s.stacks.app.stackName.endsWith('prod-app') ? 'prod' : 'pr-7').functionName);
  return fn!.Properties.Environment.Variables;
}

describe.each(ENVS)('%s with Cognito auth', (env) => {
  const s = synthCached(env, { auth: 'cognito' });
  const { config } = s;
  const auth = config.auth!;
  const names = new ServiceNaming(config.service, env);
  const scopes = Object.keys(auth.scopes).map((scope) => `${config.service}/${scope}`);
  const prod = env === 'prod';

  test('every method but GET and HEAD of a public path has the Cognito authorizer with every scope of the API', () => {
    const all = methods(s.appTemplate);
    const isPublic = (m: (typeof all)[number]) => auth.publicPaths.includes(m.path) && ['GET', 'HEAD'].includes(m.method.HttpMethod);
    const guarded = all.filter((m) => !isPublic(m));
    expect(guarded.map((m) => `${m.method.HttpMethod} ${m.path}`)).toEqual(expect.arrayContaining(['ANY /', 'ANY /{proxy+}']));
    const authorizerId = Object.keys(s.appTemplate.findResources('AWS::ApiGateway::Authorizer'))[0];
    for (const m of guarded) {
      expect({ method: `${m.method.HttpMethod} ${m.path}`, type: m.method.AuthorizationType, authorizer: m.method.AuthorizerId, scopes: m.method.AuthorizationScopes })
        .toEqual({ method: `${m.method.HttpMethod} ${m.path}`, type: 'COGNITO_USER_POOLS', authorizer: { Ref: authorizerId }, scopes });
    }
    const open = all.filter(isPublic).map((m) => `${m.method.HttpMethod} ${m.path} ${m.method.AuthorizationType}`).sort();
    expect(open).toEqual(auth.publicPaths.flatMap((p) => [`GET ${p} NONE`, `HEAD ${p} NONE`]).sort());
    // Another method of a public path still needs a token (the service then answers 405).
    for (const p of auth.publicPaths) expect(guarded.map((m) => `${m.method.HttpMethod} ${m.path}`)).toContain(`ANY ${p}`);
  });

  test('the authorizer checks the Authorization header against this environment\'s pool', () => {
    s.appTemplate.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    s.appTemplate.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::ImportValue': names.exportName('user-pool-arn') }],
    });
  });

  test('refusals of the authorizer are problem+json: 401 with WWW-Authenticate: Bearer, 403', () => {
    const responses = Object.values(s.appTemplate.findResources('AWS::ApiGateway::GatewayResponse')) as Resource[];
    expect(responses.map((r) => r.Properties.ResponseType).sort()).toEqual(['ACCESS_DENIED', 'THROTTLED', 'UNAUTHORIZED']);
    for (const [type, status, slug, title] of [['UNAUTHORIZED', 401, 'unauthorized', 'Unauthorized'], ['ACCESS_DENIED', 403, 'forbidden', 'Forbidden']] as const) {
      const r = responses.find((x) => x.Properties.ResponseType === type)!.Properties;
      expect(r.StatusCode).toBe(String(status));
      expect(r.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
      if (status === 401) expect(r.ResponseParameters['gatewayresponse.header.WWW-Authenticate']).toBe("'Bearer'");
      const body = JSON.parse(r.ResponseTemplates['application/json']);
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail: expect.any(String), instance: '$context.path', request_id: '$context.requestId',
      });
    }
  });

  test('the stage throttle answers 429 problem+json with Retry-After', () => {
    const responses = Object.values(s.appTemplate.findResources('AWS::ApiGateway::GatewayResponse')) as Resource[];
    const r = responses.find((x) => x.Properties.ResponseType === 'THROTTLED')!.Properties;
    expect(r.StatusCode).toBe('429');
    expect(r.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
    expect(r.ResponseParameters['gatewayresponse.header.Retry-After']).toBe("'1'");
    expect(JSON.parse(r.ResponseTemplates['application/json'])).toEqual({
      type: `${PROBLEM_TYPE_BASE}too-many-requests`, title: 'Too Many Requests', status: 429, detail: expect.any(String),
      instance: '$context.path', request_id: '$context.requestId',
    });
  });

  test('the function gets the pool\'s issuer, JWKS URL, its machine client as audience, and <service>/ as scope prefix', () => {
    const vars = functionEnv(s);
    const issuer = { 'Fn::Join': ['', [`https://cognito-idp.${config.region}.amazonaws.com/`, { 'Fn::ImportValue': names.exportName('user-pool-id') }]] };
    expect(vars[AUTH_ENV.issuer]).toEqual(issuer);
    expect(vars[AUTH_ENV.jwksUrl]).toEqual({ 'Fn::Join': ['', [...issuer['Fn::Join'][1], '/.well-known/jwks.json']] });
    const audience = auth.audience.length === 0
      ? { 'Fn::ImportValue': names.exportName('user-pool-client-id') }
      : { 'Fn::Join': ['', [{ 'Fn::ImportValue': names.exportName('user-pool-client-id') }, `,${auth.audience.join(',')}`]] };
    expect(vars[AUTH_ENV.audience]).toEqual(audience);
    expect(vars[AUTH_ENV.scopePrefix]).toBe(`${config.service}/`);
  });

  test('the data stack holds the pool: no self sign-up, a resource server with the scopes, a client-credentials client, a domain', () => {
    const data = s.data!;
    data.resourceCountIs('AWS::Cognito::UserPool', 1);
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: names.userPoolName,
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'LITE',
    });
    data.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: config.service,
      Scopes: Object.entries(auth.scopes).map(([ScopeName, ScopeDescription]) => ({ ScopeName, ScopeDescription })),
    });
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = (Object.values(data.findResources('AWS::Cognito::UserPoolClient'))[0] as Resource).Properties;
    expect(client).toEqual(expect.objectContaining({
      ClientName: names.machineClientName, GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true,
    }));
    expect(client.CallbackURLs).toBeUndefined();
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const granted = client.AllowedOAuthScopes.map((sc: any) => sc['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : config.service)).join(''));
    expect(granted.sort()).toEqual([...scopes].sort());
    data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', [names.authDomainPrefix(''), { Ref: 'AWS::AccountId' }]] },
    });
  });

  test(prod ? 'prod keeps the pool: retained (but on a failed first create) with deletion protection' : 'a preview\'s pool is destroyed with it', () => {
    const data = s.data!;
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolResourceServer', 'AWS::Cognito::UserPoolDomain']) {
      data.resourceCountIs(type, 1);
      data.allResources(type, prod
        ? { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' }
        : { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    }
    data.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: prod ? 'ACTIVE' : 'INACTIVE' });
    expect(s.stacks.app.dependencies).toContain(s.stacks.data!.artifactId);
  });

  test('the data stack outputs the token URL, client id and pool id, and never the client secret', () => {
    const data = s.data!;
    const outputs = data.toJSON().Outputs;
    expect(outputs[STACK_OUTPUTS.authTokenUrl].Value).toEqual({
      'Fn::Join': ['', [`https://${names.authDomainPrefix('')}`, { Ref: 'AWS::AccountId' }, `.auth.${config.region}.amazoncognito.com/oauth2/token`]],
    });
    expect(outputs[STACK_OUTPUTS.authClientId].Export).toEqual({ Name: names.exportName('user-pool-client-id') });
    expect(outputs[STACK_OUTPUTS.authUserPoolId].Export).toEqual({ Name: names.exportName('user-pool-id') });
    for (const t of s.templates) expect(JSON.stringify(t.toJSON().Outputs ?? {})).not.toMatch(/ClientSecret/);
  });
});

describe.each(ENVS)('%s without auth ("auth": null)', (env) => {
  const s = synthCached(env, { auth: 'none' });

  test('no pool, no authorizer, no refusal but the throttle\'s, every method public (the two proxies, as before)', () => {
    for (const t of s.templates) {
      for (const type of ['AWS::Cognito::UserPool', 'AWS::ApiGateway::Authorizer']) t.resourceCountIs(type, 0);
    }
    const responses = Object.values(s.appTemplate.findResources('AWS::ApiGateway::GatewayResponse')) as Resource[];
    expect(responses.map((r) => r.Properties.ResponseType)).toEqual(['THROTTLED']);
    expect(methods(s.appTemplate).map((m) => `${m.method.HttpMethod} ${m.path} ${m.method.AuthorizationType}`).sort()).toEqual(['ANY / NONE', 'ANY /{proxy+} NONE']);
  });

  test('the function gets no AUTH_* variable', () => {
    expect(Object.keys(functionEnv(s)).filter((k) => k.startsWith('AUTH_'))).toEqual([]);
  });

  test('without the Files API either, there is no data stack at all', () => {
    const alone = synthService(env, {}, configOverrides({ auth: 'none', filesApi: false }));
    expect(alone.stacks.data).toBeUndefined();
    expect(alone.templates).toHaveLength(1);
    expect(JSON.stringify(alone.appTemplate.toJSON())).not.toContain('Fn::ImportValue');
  });
});

describe.each(ENVS)('%s with another OIDC issuer', (env) => {
  const s = synthCached(env, { auth: 'external' });

  test('no pool and no authorizer (REST APIs have no JWT authorizer): every method reaches the service, which checks the token', () => {
    for (const t of s.templates) {
      for (const type of ['AWS::Cognito::UserPool', 'AWS::ApiGateway::Authorizer']) t.resourceCountIs(type, 0);
    }
    const responses = Object.values(s.appTemplate.findResources('AWS::ApiGateway::GatewayResponse')) as Resource[];
    expect(responses.map((r) => r.Properties.ResponseType)).toEqual(['THROTTLED']);
    expect(methods(s.appTemplate).map((m) => `${m.method.HttpMethod} ${m.path} ${m.method.AuthorizationType}`).sort()).toEqual(['ANY / NONE', 'ANY /{proxy+} NONE']);
    expect(s.stacks.data !== undefined).toBe(s.config.filesApi);
  });

  test('the function gets the issuer and audiences only: no JWKS URL (OIDC discovery), no scope prefix', () => {
    const vars = functionEnv(s);
    expect(vars[AUTH_ENV.issuer]).toBe(EXTERNAL_ISSUER);
    expect(vars[AUTH_ENV.audience]).toBe(EXTERNAL_AUDIENCE.join(','));
    expect(vars).not.toHaveProperty(AUTH_ENV.jwksUrl);
    expect(vars).not.toHaveProperty(AUTH_ENV.scopePrefix);
    expect(JSON.stringify(s.appTemplate.toJSON())).not.toMatch(/well-known|amazoncognito|cognito-idp/);
  });
});

