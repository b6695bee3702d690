import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Architecture } from '../config/ServiceConfig';
import { fixedNameLogGroup } from '../logs/fixedNameLogGroup';
import { containerImage } from './containerImage';
import { acknowledgeFilesAccess, grantFilesAccess, serviceEnvironment } from './serviceAccess';
import { FilesAccess, FunctionAuth } from './ServiceFunction';

/** Port the service listens on in its container (the Dockerfile's `PORT`). */
export const CONTAINER_PORT = 8080;
/** How long ECS waits after SIGTERM before it kills the container. */
const STOP_TIMEOUT_SECS = 30;
/** The service's own drain deadline (`SHUTDOWN_TIMEOUT_SECS`): shorter than the stop timeout, so it ends on its own. */
const SHUTDOWN_TIMEOUT_SECS = 25;
/**
 * The log router image (AWS for Fluent Bit, public ECR): `stable` is the tag AWS moves to a release after it has
 * run without known issues for a while; the task pulls it over the internet like the service's image.
 */
const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable';

/** Sizes of the service's tasks. */
export interface ContainerScaling {
  /** Fewest tasks (also the count a deploy starts from). */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Average CPU utilization of the service the task count is kept at. */
  readonly cpuTargetPercent: number;
  /** ALB requests per target per minute the task count is kept at. */
  readonly requestsPerTarget: number;
}

/** A VPC the service shares rather than owns, and its public subnets, one per availability zone. */
export interface SharedNetwork {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
}

/** Props of {@link ServiceContainer}. */
export interface ServiceContainerProps {
  /**
   * `<service>-<env>`: the family of the task definition and the name of the cluster and the ECS service (what the
   * console and the service's events show; in a preview it holds `-pr-<n>`, which the preview execution role matches).
   */
  readonly family: string;
  /** The load balancer's and the target group's name (at most 32 characters). */
  readonly loadBalancerName: string;
  /**
   * Run in this VPC (a preview: the platform's preview network) instead of a VPC of the service's own.
   * @default - a VPC of its own
   */
  readonly network?: SharedNetwork;
  /** Name of the tasks' role (what the service's code may do). */
  readonly taskRoleName: string;
  /** Name of the role ECS pulls the image and writes the log router's logs with. */
  readonly executionRoleName: string;
  readonly logGroupName: string;
  /** The service's root: its Dockerfile is built when no `image` is given. */
  readonly serviceDir: string;
  /**
   * A pushed image to run (the `containerImage` context, what CI passes): an ECR image URI.
   * @default - built by CDK from `<serviceDir>/Dockerfile` at deploy time
   */
  readonly image?: string;
  readonly architecture: Architecture;
  /** `prod` or `pr-<n>`: the container's `APP_ENVIRONMENT`. */
  readonly environment: string;
  readonly logLevel: string;
  readonly logRetention: logs.RetentionDays;
  /** Keep the log group when the stack is deleted. */
  readonly retainLogs: boolean;
  readonly files?: FilesAccess;
  readonly auth?: FunctionAuth;
  readonly scaling: ContainerScaling;
  /**
   * vCPU units of a task (256 = 0.25 vCPU) and its memory; the log router's 50 MiB come out of it.
   * @default 256 and 512
   */
  readonly cpu?: number;
  readonly memoryMiB?: number;
}

/**
 * The service as Fargate tasks behind an internet-facing Application Load Balancer, in a VPC of its own (prod) or in
 * the platform's preview network (previews: an account holds five VPCs per region by default, fewer than the pull
 * requests open at once).
 *
 * The VPC has public subnets only and no NAT gateway: a NAT gateway costs about $32 a month per AZ before any
 * traffic, more than the tasks themselves. The tasks get public IPs to reach ECR, S3, Cognito and CloudWatch, and
 * are still unreachable from the internet: their security group accepts the container port from the load
 * balancer's security group only, and that one is the only way in (HTTP 80). VPC endpoints would keep the traffic
 * private but cost more than a NAT gateway for the handful of services a task talks to.
 *
 * Logs go through a FireLens log router (Fluent Bit) to the fixed-name log group, sent with the `json/emf` log
 * format: that is what makes CloudWatch extract the EMF metric records the service writes to stdout, as Lambda does
 * by itself. The awslogs driver sends no such format, and CloudWatch would keep the records as plain logs without
 * metrics. The service itself is unchanged (it writes to stdout either way).
 */
export class ServiceContainer extends Construct {
  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.FargateService;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly logGroup: logs.LogGroup;
  /** `http://<load balancer DNS name>/`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ServiceContainerProps) {
    super(scope, id);
    this.logGroup = fixedNameLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName, retention: props.logRetention, retain: props.retainLogs,
    });

    this.vpc = props.network ? this.sharedVpc(props.network) : this.ownVpc();
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: this.vpc, clusterName: props.family });

    const taskRole = new iam.Role(this, 'TaskRole', {
      roleName: props.taskRoleName,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Role of the service\'s Fargate tasks',
    });
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: props.executionRoleName,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Execution role of the service\'s Fargate tasks (image pull, log router logs)',
    });
    // The log router (in the task) writes the service's logs with the task role.
    this.logGroup.grantWrite(taskRole);
    if (props.files) {
      grantFilesAccess(taskRole, props.files.bucket, props.files.prefix);
      acknowledgeFilesAccess(taskRole, props.files);
    }

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: props.family,
      cpu: props.cpu ?? 256,
      memoryLimitMiB: props.memoryMiB ?? 512,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: props.architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      },
      taskRole,
      executionRole,
    });
    taskDefinition.addFirelensLogRouter('LogRouter', {
      image: ecs.ContainerImage.fromRegistry(FLUENT_BIT_IMAGE),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
      essential: true,
      memoryReservationMiB: 50,
      // The router's own logs (delivery errors) go beside the service's, directly.
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'log-router' }),
    });
    const platform = props.architecture === 'arm64' ? ecrAssets.Platform.LINUX_ARM64 : ecrAssets.Platform.LINUX_AMD64;
    const container = taskDefinition.addContainer('Service', {
      image: containerImage(this, props.image, props.serviceDir, platform),
      essential: true,
      portMappings: [{ containerPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        ...serviceEnvironment(props),
        HOST: '0.0.0.0',
        PORT: String(CONTAINER_PORT),
        SHUTDOWN_TIMEOUT_SECS: String(SHUTDOWN_TIMEOUT_SECS),
      },
      stopTimeout: Duration.seconds(STOP_TIMEOUT_SECS),
      readonlyRootFilesystem: true,
      healthCheck: {
        command: ['CMD', '/service', 'healthcheck'],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
      logging: ecs.LogDrivers.firelens({
        options: {
          Name: 'cloudwatch_logs',
          region: Stack.of(this).region,
          log_group_name: this.logGroup.logGroupName,
          log_stream_prefix: 'service/',
          auto_create_group: 'false',
          // Only the `log` field (the line the service wrote), not Fluent Bit's record around it: the EMF JSON as written.
          log_key: 'log',
          log_format: 'json/emf',
        },
      }),
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'The load balancer: HTTP from anywhere, out to the tasks only',
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from anywhere (the public API)');
    const taskSecurityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.vpc,
      description: 'The service tasks: the container port from the load balancer only; out to AWS APIs and the image registry',
      allowAllOutbound: true,
    });
    taskSecurityGroup.addIngressRule(albSecurityGroup, ec2.Port.tcp(CONTAINER_PORT), 'The container port, from the load balancer');
    albSecurityGroup.addEgressRule(taskSecurityGroup, ec2.Port.tcp(CONTAINER_PORT), 'To the tasks');

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: props.family,
      cluster: this.cluster,
      taskDefinition,
      // No desiredCount: autoscaling owns the task count (from minTasks up). A fixed count would be set back on every
      // deploy, dropping the tasks a traffic peak had added.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [taskSecurityGroup],
      // A deploy whose tasks do not become healthy stops and goes back to the previous task definition.
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(30),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      loadBalancerName: props.loadBalancerName,
      vpc: this.vpc,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    // HTTP only: HTTPS needs a certificate, which needs a domain the service does not have (yet). Put a domain and an
    // ACM certificate in front (an HTTPS listener, 80 redirecting to 443) before real users' tokens travel over it.
    const listener = this.loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false });
    this.targetGroup = listener.addTargets('Service', {
      // Named: a change that replaces the target group (its port, protocol or VPC) needs a new name, or a stack
      // update fails; none of those change with the service's code.
      targetGroupName: props.loadBalancerName,
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: container.containerName, containerPort: CONTAINER_PORT })],
      healthCheck: { path: '/health', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      // Deregistered first, then SIGTERM: the load balancer stops sending before the service starts draining.
      deregistrationDelay: Duration.seconds(30),
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity: props.scaling.minTasks, maxCapacity: props.scaling.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.scaling.cpuTargetPercent });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: props.scaling.requestsPerTarget, targetGroup: this.targetGroup });

    this.url = `http://${this.loadBalancer.loadBalancerDnsName}/`;
    this.acknowledge(taskDefinition, executionRole, albSecurityGroup);
  }

  /** A shared VPC, by its ids. */
  private sharedVpc(network: SharedNetwork): ec2.IVpc {
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Network', {
      vpcId: network.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      // Required of an imported VPC, one per subnet; nothing in the stack reads a subnet's zone (the load balancer and
      // the tasks take subnet ids), so CloudFormation's own list stands in for the network's order.
      availabilityZones: network.publicSubnetIds.map((_, i) => Fn.select(i, Fn.getAzs())),
    });
    Validations.of(this).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
      reason: 'The shared subnets are given without their route tables: nothing here reads or changes routes (the load balancer and the tasks take subnet ids only).',
    });
    return vpc;
  }

  /** The service's own VPC: two AZs, public subnets only. */
  private ownVpc(): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      // Nothing uses the default security group; closing it takes a custom resource Lambda (its own role, log group
      // and EC2 permissions) in every environment, for a group no resource is ever put in.
      restrictDefaultSecurityGroup: false,
    });
    Validations.of(vpc).acknowledge({
      id: 'AwsSolutions-VPC7',
      reason: 'The VPC holds only the load balancer and the tasks, and the load balancer is the only way in; flow logs would bill every packet for no finding the security groups do not already decide.',
    });
    return vpc;
  }

  private acknowledge(taskDefinition: ecs.TaskDefinition, executionRole: iam.Role, albSecurityGroup: ec2.SecurityGroup): void {
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-ECS4',
      reason: 'The alarms and dashboard use the free service-level AWS/ECS CPU and memory metrics; Container Insights bills per task metric.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment holds names, URLs and levels only (bucket, prefix, issuer, audience, log level, port): no secret.',
    });
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken (image pull from ECR) supports no resource-level permissions.',
    });
    Validations.of(albSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The load balancer serves the public API: it must accept HTTP from anywhere; the tasks accept the load balancer only.',
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'Access logs need an S3 bucket with a policy for the ELB account per environment; the service logs every request itself (request id, status, latency) in its log group.',
    });
  }
}
