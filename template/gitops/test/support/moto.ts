import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { randomBytes } from 'crypto';
import { MOTO_URL_ENV } from './globalSetup';

export const REGION = 'us-east-1';
/** moto accepts any keys; these never leave 127.0.0.1. */
export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export function motoUrl(): string {
  const url = process.env[MOTO_URL_ENV];
  if (!url) throw new Error(`${MOTO_URL_ENV} is not set: the jest globalSetup starts moto_server`);
  return url;
}

/** A CloudFormation client talking to the moto server. */
export function motoCloudFormation(): CloudFormationClient {
  return new CloudFormationClient({ region: REGION, endpoint: motoUrl(), credentials: FAKE_CREDENTIALS });
}

/** A service name no other test uses (all tests share one moto server). */
export function uniqueService(): string {
  return `svc-${randomBytes(4).toString('hex')}`;
}

/** The smallest real template: one resource with no side effects. */
const TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

export async function createStack(cfn: CloudFormationClient, name: string, tags: Record<string, string>): Promise<void> {
  await cfn.send(new CreateStackCommand({
    StackName: name,
    TemplateBody: TEMPLATE,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  }));
}

/** The tags infra puts on a preview stack of `service` for pull request `pr`. */
export function previewTags(service: string, pr: number, expiresAt: string): Record<string, string> {
  return {
    service, owner: 'team', environment: `pr-${pr}`, repository: 'acme/svc', 'managed-by': 'cdk',
    preview: 'true', pr: String(pr), 'expires-at': expiresAt,
  };
}

/** The tags of a prod stack. */
export function prodTags(service: string): Record<string, string> {
  return { service, owner: 'team', environment: 'prod', repository: 'acme/svc', 'managed-by': 'cdk' };
}
