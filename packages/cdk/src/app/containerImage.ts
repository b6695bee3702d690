import { Arn, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>:<tag>` or `…/<repository>@sha256:<digest>`. */
const ECR_IMAGE_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._\/-]*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(sha256:[a-f0-9]{64}))$/;

/**
 * Local build and tool output of a service's directory, never part of the image's build context (the context is
 * hashed at every synth: `target/` alone is gigabytes). A `.dockerignore` of the service adds to these.
 */
const BUILD_CONTEXT_EXCLUDES = ['target', '.git', 'infra/node_modules', 'infra/cdk.out', 'gitops/node_modules', '.data'];

/**
 * The service's image: a pushed ECR image when `uri` is given (what CI passes as the `containerImage` context; the
 * execution role may pull it from that repository only), else built from the service's Dockerfile for `platform` at
 * deploy time (a CDK asset: needs Docker where `cdk deploy` runs, never at synth of a given `uri`).
 */
export function containerImage(scope: Construct, uri: string | undefined, serviceDir: string, platform: ecrAssets.Platform): ecs.ContainerImage {
  if (uri === undefined) return ecs.ContainerImage.fromAsset(serviceDir, { platform, exclude: BUILD_CONTEXT_EXCLUDES });
  const m = ECR_IMAGE_URI.exec(uri);
  if (!m) throw new Error(`context "containerImage" must be an ECR image URI like 123456789012.dkr.ecr.us-west-2.amazonaws.com/orders-api:<tag> (or @sha256:<digest>), got "${uri}"`);
  const [, account, region, repositoryName, tag, digest] = m;
  const repository = ecr.Repository.fromRepositoryAttributes(scope, 'ImageRepository', {
    repositoryName,
    repositoryArn: Arn.format({ service: 'ecr', account, region, resource: 'repository', resourceName: repositoryName }, Stack.of(scope)),
  });
  return ecs.ContainerImage.fromEcrRepository(repository, tag ?? digest);
}
