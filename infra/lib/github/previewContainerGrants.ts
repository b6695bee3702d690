import { Aws, aws_iam as iam } from 'aws-cdk-lib';
import { wildcardArnFinding, wildcardArnFindings } from '../acknowledge';
import { PREVIEW_NETWORK_NAME } from '../network';
import { PREVIEW_NAME_PATTERN as PREVIEW, PREVIEW_REQUEST_TAG_CONDITION, PREVIEW_RESOURCE_TAG_CONDITION, inEachRegion } from './platformRoleNames';

/** What AWS creates on the first ECS service, load balancer and ECS scalable target of an account. */
const SERVICE_LINKED_ROLES = ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'];

/** Statements of the preview execution role for a preview of compute `fargate`, and the cdk-nag findings they raise. */
export interface PreviewContainerGrants {
  readonly statements: iam.PolicyStatement[];
  /** `AwsSolutions-IAM5[...]` ids, by the reason they are acknowledged for. */
  readonly acknowledgements: { readonly reason: string; readonly ids: string[] }[];
}

/**
 * What CloudFormation needs to create, update and delete a Fargate preview (packages/cdk ServiceContainer with the
 * platform's preview network): its ECS cluster, service and task definitions, its load balancer, listener and target
 * group, its security groups in the preview network, and its scalable target. Everything is confined the way the
 * rest of the role is: by the `-pr-` in a name where the ARN holds one (cluster, service, task definition family, load
 * balancer, target group, and so the listener), by the `environment=pr-*` tag where it holds a random id (security
 * groups, scalable targets), set on create and checked on every later call. The preview boundary denies anything
 * tagged `environment=prod` on top.
 */
export function previewContainerGrants(regions: readonly string[]): PreviewContainerGrants {
  const p = Aws.PARTITION;
  const a = Aws.ACCOUNT_ID;
  const each = (rest: (region: string) => string) => inEachRegion(regions, rest);
  const ecs = (rest: string) => each((r) => `arn:${p}:ecs:${r}:${a}:${rest}`);
  const elb = (rest: string) => each((r) => `arn:${p}:elasticloadbalancing:${r}:${a}:${rest}`);
  const ec2 = (rest: string) => each((r) => `arn:${p}:ec2:${r}:${a}:${rest}`);
  const scalableTargets = each((r) => `arn:${p}:application-autoscaling:${r}:${a}:scalable-target/*`);
  const statements = [
    new iam.PolicyStatement({
      sid: 'ContainerClustersAndServices',
      actions: ['ecs:CreateCluster', 'ecs:DeleteCluster', 'ecs:DescribeClusters', 'ecs:UpdateCluster', 'ecs:UpdateClusterSettings',
        'ecs:PutClusterCapacityProviders', 'ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService', 'ecs:DescribeServices',
        'ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource', 'ecs:DeregisterTaskDefinition'],
      resources: [...ecs(`cluster/${PREVIEW}`), ...ecs(`service/${PREVIEW}/*`), ...ecs(`task-definition/${PREVIEW}:*`)],
    }),
    // A task definition's ARN is only known once it is registered: a new one must be tagged as a preview's.
    new iam.PolicyStatement({
      sid: 'RegisterPreviewTaskDefinitions', actions: ['ecs:RegisterTaskDefinition'], resources: ['*'], conditions: PREVIEW_REQUEST_TAG_CONDITION,
    }),
    new iam.PolicyStatement({ sid: 'DescribeTaskDefinitions', actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'LoadBalancers',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: [...elb(`loadbalancer/app/${PREVIEW}/*`), ...elb(`targetgroup/${PREVIEW}/*`), ...elb(`listener/app/${PREVIEW}/*/*`)],
    }),
    new iam.PolicyStatement({
      sid: 'DescribeLoadBalancersAndNetwork',
      actions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTags', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:DescribeInternetGateways', 'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses', 'ec2:DescribeNetworkInterfaces', 'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingPolicies', 'application-autoscaling:DescribeScalingActivities'],
      resources: ['*'],
    }),
    // A security group is created in a VPC: the preview network only (by its Name tag, which no preview can set).
    new iam.PolicyStatement({
      sid: 'SecurityGroupsInPreviewNetwork', actions: ['ec2:CreateSecurityGroup'], resources: ec2('vpc/*'),
      conditions: { StringEquals: { 'aws:ResourceTag/Name': PREVIEW_NETWORK_NAME } },
    }),
    new iam.PolicyStatement({
      sid: 'CreatePreviewSecurityGroups', actions: ['ec2:CreateSecurityGroup'], resources: ec2('security-group/*'), conditions: PREVIEW_REQUEST_TAG_CONDITION,
    }),
    new iam.PolicyStatement({
      sid: 'TagSecurityGroupsOnCreate', actions: ['ec2:CreateTags'], resources: ec2('security-group/*'),
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...PREVIEW_REQUEST_TAG_CONDITION },
    }),
    new iam.PolicyStatement({
      sid: 'PreviewSecurityGroups',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupEgress', 'ec2:UpdateSecurityGroupRuleDescriptionsIngress', 'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ec2:ModifySecurityGroupRules', 'ec2:DeleteSecurityGroup', 'ec2:CreateTags', 'ec2:DeleteTags'],
      resources: ec2('security-group/*'), conditions: PREVIEW_RESOURCE_TAG_CONDITION,
    }),
    new iam.PolicyStatement({
      sid: 'RegisterPreviewScalableTargets', actions: ['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:TagResource'],
      resources: scalableTargets, conditions: PREVIEW_REQUEST_TAG_CONDITION,
    }),
    new iam.PolicyStatement({
      sid: 'PreviewScalableTargets',
      actions: ['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:TagResource',
        'application-autoscaling:UntagResource', 'application-autoscaling:ListTagsForResource'],
      resources: scalableTargets, conditions: PREVIEW_RESOURCE_TAG_CONDITION,
    }),
    new iam.PolicyStatement({
      sid: 'ContainerServiceLinkedRoles', actions: ['iam:CreateServiceLinkedRole'],
      resources: [`arn:${p}:iam::${a}:role/aws-service-role/*`],
      conditions: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES } },
    }),
  ];
  const regional = (service: string, rest: string) => wildcardArnFindings(regions, (r) => `${service}:${r}:<AWS::AccountId>:${rest}`);
  return {
    statements,
    acknowledgements: [
      {
        reason: 'Fargate previews: ECS clusters, services and task definition families and load balancers and target groups are named <service>-pr-<n>; every wildcard is confined to names containing -pr-, and the preview boundary denies environment=prod on top.',
        ids: [
          ...regional('ecs', `cluster/${PREVIEW}`), ...regional('ecs', `service/${PREVIEW}/*`), ...regional('ecs', `task-definition/${PREVIEW}:*`),
          ...regional('elasticloadbalancing', `loadbalancer/app/${PREVIEW}/*`), ...regional('elasticloadbalancing', `targetgroup/${PREVIEW}/*`),
          ...regional('elasticloadbalancing', `listener/app/${PREVIEW}/*/*`),
        ],
      },
      {
        reason: 'Security group and scalable target ARNs carry random ids: they are matched by their environment=pr-* tag (required on create, checked on every later call); a security group may only be created in the VPC tagged as the preview network.',
        ids: [...regional('ec2', 'security-group/*'), ...regional('ec2', 'vpc/*'), ...regional('application-autoscaling', 'scalable-target/*')],
      },
      {
        reason: 'Read-only Describe calls that accept no resource, a task definition registration that must carry environment=pr-*, and the service-linked roles of ECS, ELB and ECS autoscaling by their service names (AWS-managed policies, created once per account).',
        ids: ['AwsSolutions-IAM5[Resource::*]', wildcardArnFinding('iam::<AWS::AccountId>:role/aws-service-role/*')],
      },
    ],
  };
}
