import * as path from 'path';
import { alwaysOnCosts } from '../../src/review/cost/alwaysOnCosts';
import { loadPriceTable } from '../../src/review/cost/PriceTable';
import { DEFAULT_TRAFFIC_PROFILE, environmentUsage } from '../../src/review/cost/TrafficProfile';
import { FIXTURES } from './support';

const prices = loadPriceTable(path.join(FIXTURES, 'prices.json'));

/** One stack holding a Fargate service of 0.25 vCPU and 0.5 GB, with or without a DesiredCount and a scalable target. */
function stackWith(service: Record<string, unknown>, scaling?: Record<string, unknown>) {
  const resources: Record<string, unknown> = {
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
    Service: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', TaskDefinition: { Ref: 'Task' }, ...service } },
  };
  if (scaling) {
    resources.Scaling = {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', MaxCapacity: 10,
        ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
        ...scaling,
      },
    };
  }
  return new Map([['svc-prod-app', { Resources: resources }]]);
}

const vcpuHours = (stacks: ReturnType<typeof stackWith>) => {
  const part = alwaysOnCosts({ stacks, prices, usage: environmentUsage(DEFAULT_TRAFFIC_PROFILE, 'prod'), prod: true });
  return part.lines.find((l) => l.id === 'ecs.fargate.vcpu.arm64')?.quantity;
};

describe('Fargate tasks are priced at the count the service runs at least', () => {
  const hours = prices.hoursPerMonth;

  test('its DesiredCount', () => {
    expect(vcpuHours(stackWith({ DesiredCount: 3 }, { MinCapacity: 2 }))).toBeCloseTo(3 * 0.25 * hours);
  });

  test('without one, the minimum of the scalable target that scales it (what the CDK library\'s services have)', () => {
    expect(vcpuHours(stackWith({}, { MinCapacity: 2 }))).toBeCloseTo(2 * 0.25 * hours);
  });

  test('without either, ECS\'s default of one task', () => {
    expect(vcpuHours(stackWith({}))).toBeCloseTo(0.25 * hours);
    // A scalable target of another service does not count.
    expect(vcpuHours(stackWith({}, { MinCapacity: 4, ResourceId: 'service/default/other' }))).toBeCloseTo(0.25 * hours);
  });
});
