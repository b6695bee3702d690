import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServiceFunction } from '../../src/app/ServiceFunction';
import { resolveLambdaArtifact } from '../../src/artifact';

// Each synth stages the artifact (the harness's debug build: hundreds of MB) in the app's outdir: one removed after.
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The removal policy of the version `currentVersion` publishes, for a function built with `retainVersions`. */
function versionPolicies(retainVersions: boolean | undefined): { deletion: unknown; replace: unknown }[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-function-'));
  outdirs.push(outdir);
  const stack = new Stack(new App({ outdir }), 'Stack');
  const fn = new ServiceFunction(stack, 'Service', {
    functionName: 'orders-api-x', roleName: 'orders-api-x-function', logGroupName: '/aws/lambda/orders-api-x',
    // As the app stages it: LAMBDA_ARTIFACT may be a bare executable (the harness passes the service's debug build).
    artifact: resolveLambdaArtifact({ artifact: process.env.LAMBDA_ARTIFACT!, service: 'orders-api', architecture: 'arm64', serviceDir: '.' }), architecture: 'arm64', environment: 'x', memoryMb: 128, timeoutSeconds: 3,
    logLevel: 'info', logRetention: logs.RetentionDays.ONE_WEEK, retainVersions,
  });
  void fn.function.currentVersion;
  return Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Version'))
    // No policy at all is CloudFormation's default: Delete.
    .map((v) => ({ deletion: v.DeletionPolicy ?? 'Delete', replace: v.UpdateReplacePolicy ?? 'Delete' }));
}

describe('published versions', () => {
  test('are retained with retainVersions, so a rollback after the deploy still finds the previous one', () => {
    // Kept on update and stack delete; deleted only when the deploy that created it rolls back (nothing to go back to).
    expect(versionPolicies(true)).toEqual([{ deletion: 'RetainExceptOnCreate', replace: 'Retain' }]);
  });

  test('are deleted with the next deploy by default (previews: nothing ever rolls back to them)', () => {
    expect(versionPolicies(undefined)).toEqual([{ deletion: 'Delete', replace: 'Delete' }]);
    expect(versionPolicies(false)).toEqual([{ deletion: 'Delete', replace: 'Delete' }]);
  });
});
