import { Construct } from 'constructs';
import { Fn, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { PREVIEW_NETWORK_AZS } from '@serverless-axum/cdk';
import { acknowledge } from '../acknowledge';

/** The preview network's `Name` tag: the preview execution role may create security groups in this VPC only. */
export const PREVIEW_NETWORK_NAME = 'platform-preview-network';

/**
 * The VPC every Fargate preview of this account and region runs in (preview accounts): public subnets in
 * {@link PREVIEW_NETWORK_AZS} availability zones, no NAT gateway. Previews share it rather than each creating its own:
 * an account holds five VPCs per region by default, fewer than the pull requests open at once, and a preview stack
 * then needs no right to create or change networks, only its own security groups in this one.
 */
export class PreviewNetwork extends Construct {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: PREVIEW_NETWORK_NAME,
      maxAzs: PREVIEW_NETWORK_AZS,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 20 }],
      restrictDefaultSecurityGroup: false,
    });
    acknowledge(this.vpc,
      'Previews hold a load balancer and one task each, reachable only through the load balancer; flow logs would bill every packet of short-lived test traffic for no finding the security groups do not already decide.',
      'AwsSolutions-VPC7');
  }

  /** The public subnets' ids, comma-separated (the `previewPublicSubnetIds` parameter). */
  get publicSubnetIds(): string {
    return Fn.join(',', this.vpc.publicSubnets.map((s) => s.subnetId));
  }
}
