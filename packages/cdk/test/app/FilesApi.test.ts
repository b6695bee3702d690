import { Match } from 'aws-cdk-lib/assertions';
import { ServiceNaming } from '../../src/naming/ServiceNaming';
import { readSpec } from '../support/specs';
import { dashboardBody, ENVS, synthCached } from '../support/synth';

/** The Files API switch (`filesApi`, the cargo-generate `example_api`): both settings, whatever the service's own. */
describe.each(ENVS)('%s', (env) => {
  describe('with the Files API', () => {
    const s = synthCached(env, { filesApi: true });
    const names = new ServiceNaming(s.config.service, env);
    const prefix = s.config.filesPrefix;

    test('the function gets the bucket and prefix from the data stack exports', () => {
      s.appTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            FILES_BUCKET: { 'Fn::ImportValue': names.exportName('files-bucket-name') },
            FILES_PREFIX: prefix,
          }),
        },
      });
    });

    test('the role may only use the Files API prefix of its bucket', () => {
      const statements = Object.values(s.appTemplate.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
      const actions = statements.flatMap((st: { Action: string | string[] }) => [st.Action].flat());
      expect(actions.filter((a: string) => a.startsWith('s3:')).sort()).toEqual(
        ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
      );
      expect(statements).toEqual(expect.arrayContaining([
        expect.objectContaining({
          Sid: 'FilesObjects',
          Resource: { 'Fn::Join': ['', [{ 'Fn::ImportValue': names.exportName('files-bucket-arn') }, `/${prefix}*`]] },
        }),
        expect.objectContaining({ Sid: 'FilesList', Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } }),
      ]));
    });

    test('the app stack depends on the data stack, so `cdk deploy --all` deploys the bucket first', () => {
      expect(s.stacks.app.stackName).toBe(names.stackName('app'));
      expect(s.stacks.data!.stackName).toBe(names.stackName('data'));
      expect(s.stacks.app.dependencies).toContain(s.stacks.data!.artifactId);
    });

    if (env === 'prod') {
      test('the dashboard shows the Files API bytes', () => {
        expect(JSON.stringify(dashboardBody(s.appTemplate))).toMatch(/BytesIn.*BytesOut/);
      });
    }
  });

  describe('without the Files API', () => {
    const s = synthCached(env, { filesApi: false });

    test('there is no bucket; a data stack only when it holds the user pool (Cognito auth)', () => {
      const cognito = s.config.auth?.issuer === 'cognito';
      expect(s.stacks.data !== undefined).toBe(cognito);
      s.data?.resourceCountIs('AWS::S3::Bucket', 0);
      expect(s.templates).toHaveLength(cognito ? 2 : 1);
      expect(s.stacks.app.stackName).toBe(new ServiceNaming(s.config.service, env).stackName('app'));
      expect(s.stacks.app.dependencies).toEqual(cognito ? [s.stacks.data!.artifactId] : []);
    });

    test('the function has no FILES_* variables, no S3 permissions and imports no files bucket', () => {
      const fn = Object.values(s.appTemplate.findResources('AWS::Lambda::Function'))[0];
      expect(Object.keys(fn.Properties.Environment.Variables).filter((k) => k.startsWith('FILES_'))).toEqual([]);
      const text = JSON.stringify(s.appTemplate.toJSON());
      expect(text).not.toMatch(/"s3:/);
      expect(text).not.toContain('files-bucket');
    });

    if (env === 'prod') {
      test('the dashboard leaves out exactly the widgets that require the Files API', () => {
        const body = dashboardBody(s.appTemplate);
        const titles = body.widgets.map((w: { properties: { title?: string } }) => w.properties.title).filter(Boolean);
        // The widgets of the service's compute (the other compute's are left out as well, by their own `requires`).
        const ofCompute = (w: { requires?: string[] }) => (w.requires ?? []).every((f) => f === 'filesApi' || f === s.config.compute);
        const spec = readSpec('dashboards/service.json').widgets.filter((w: { title?: string }) => w.title).filter(ofCompute);
        const requiring = spec.filter((w: { requires?: string[] }) => w.requires?.includes('filesApi')).map((w: { title: string }) => w.title);
        expect(requiring.length).toBeGreaterThan(0);
        expect(titles.sort()).toEqual(spec.map((w: { title: string }) => w.title).filter((t: string) => !requiring.includes(t)).sort());
        expect(JSON.stringify(body)).not.toMatch(/BytesIn|BytesOut/);
      });
    }
  });
});
