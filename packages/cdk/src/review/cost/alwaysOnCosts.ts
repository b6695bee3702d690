import { CostContext, PricedLine, PricedPart, pricedLine } from './pricedLine';
import { FoundResource, referencedIds, resourceIn, resourcesOfType } from './templateQueries';

/**
 * What costs the same whatever the traffic, for as long as it exists: KMS keys (per month), NAT gateways, load
 * balancers (per hour; their data processed and LCUs are not priced) and Fargate tasks (vCPU and memory per hour of
 * the service's task definition, times its DesiredCount or, without one, its autoscaling minimum). A serverless service has none of these but KMS keys;
 * the estimate shows them as soon as a pull request adds one.
 */
export function alwaysOnCosts(ctx: CostContext): PricedPart {
  const { stacks, prices } = ctx;
  const hours = prices.hoursPerMonth;
  const lines: PricedLine[] = [];
  const notes: string[] = [];
  const add = (id: string, priceKey: string, service: string, description: string, quantity: number, resources: string[]) => {
    if (quantity > 0) lines.push(pricedLine(prices, priceKey, { id, service, description, quantity, resources }));
  };
  const keys = resourcesOfType(stacks, 'AWS::KMS::Key', 'AWS::KMS::ReplicaKey').map((r) => r.path);
  add('kms.keys', 'kmsKeyMonth', 'KMS', 'Customer managed keys', keys.length, keys);
  const nat = resourcesOfType(stacks, 'AWS::EC2::NatGateway').map((r) => r.path);
  add('vpc.natGateways', 'natGatewayHour', 'VPC', `NAT gateways (${nat.length} x ${hours} h; data processed not priced)`, nat.length * hours, nat);
  const balancers = resourcesOfType(stacks, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
    .filter((r) => (r.resource.Properties?.Type ?? 'application') !== 'gateway')
    .map((r) => r.path);
  add('elb.loadBalancers', 'albHour', 'Elastic Load Balancing', `Load balancers (${balancers.length} x ${hours} h; LCUs not priced)`, balancers.length * hours, balancers);

  const fargate = { x86_64: { vcpu: 0, gb: 0, resources: [] as string[] }, arm64: { vcpu: 0, gb: 0, resources: [] as string[] } };
  for (const service of resourcesOfType(stacks, 'AWS::ECS::Service')) {
    const props = service.resource.Properties ?? {};
    const taskId = [...referencedIds(props.TaskDefinition)][0];
    const task = taskId === undefined ? undefined : resourceIn(stacks, service.stackName, taskId);
    const taskProps = task?.resource.Properties ?? {};
    const onFargate = props.LaunchType === 'FARGATE'
      || (props.CapacityProviderStrategy as { CapacityProvider?: string }[] | undefined)?.some((s) => s.CapacityProvider?.startsWith('FARGATE'))
      || (props.LaunchType === undefined && (taskProps.RequiresCompatibilities as string[] | undefined)?.includes('FARGATE'));
    if (!onFargate) continue;
    const cpu = Number(taskProps.Cpu);
    const memory = Number(taskProps.Memory);
    if (!task || !Number.isFinite(cpu) || !Number.isFinite(memory)) {
      notes.push(`${service.path}: its task definition's CPU and memory are not in the template, so its tasks are not priced.`);
      continue;
    }
    const tasks = props.DesiredCount === undefined ? minimumTasks(stacks, service) : Number(props.DesiredCount);
    const arch = taskProps.RuntimePlatform?.CpuArchitecture === 'ARM64' ? fargate.arm64 : fargate.x86_64;
    arch.vcpu += tasks * (cpu / 1024) * hours;
    arch.gb += tasks * (memory / 1024) * hours;
    arch.resources.push(service.path);
  }
  add('ecs.fargate.vcpu.x86_64', 'fargateVcpuHour', 'Fargate', 'Task vCPU (x86_64)', fargate.x86_64.vcpu, fargate.x86_64.resources);
  add('ecs.fargate.memory.x86_64', 'fargateGbHour', 'Fargate', 'Task memory (x86_64)', fargate.x86_64.gb, fargate.x86_64.resources);
  add('ecs.fargate.vcpu.arm64', 'fargateArmVcpuHour', 'Fargate', 'Task vCPU (arm64)', fargate.arm64.vcpu, fargate.arm64.resources);
  add('ecs.fargate.memory.arm64', 'fargateArmGbHour', 'Fargate', 'Task memory (arm64)', fargate.arm64.gb, fargate.arm64.resources);
  return { lines, notes };
}

/**
 * How many tasks an ECS service without a DesiredCount runs at least: the MinCapacity of the scalable target that
 * scales it (its ResourceId refers to the service), else ECS's own default of 1.
 */
function minimumTasks(stacks: CostContext['stacks'], service: FoundResource): number {
  const target = resourcesOfType(stacks, 'AWS::ApplicationAutoScaling::ScalableTarget')
    .find((t) => t.stackName === service.stackName && t.resource.Properties?.ServiceNamespace === 'ecs'
      && referencedIds(t.resource.Properties?.ResourceId).has(service.logicalId));
  const min = Number(target?.resource.Properties?.MinCapacity);
  return Number.isFinite(min) ? min : 1;
}
