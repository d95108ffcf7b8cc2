import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import type { TerraformResource } from 'cdktf';
import type { Finding } from '../../../../policies/types';
import type { PinstackStack } from '../../../../stacks';
import { exampleSpec } from '../../../helpers/example';

interface At {
  readonly address: string;
  readonly constructPath: string;
  readonly specPath?: string;
}

/** Addresses and construct paths of the example's prod stack (aws), as the renderer names them. */
export const PROD = {
  webTask: { address: 'aws_ecs_task_definition.ServiceWeb_TaskDefinition_66406DF3', constructPath: 'prod/ServiceWeb/TaskDefinition', specPath: 'services.web' },
  workerTask: { address: 'aws_ecs_task_definition.ServiceWorker_TaskDefinition_79C2BBC2', constructPath: 'prod/ServiceWorker/TaskDefinition', specPath: 'services.worker' },
  webService: { address: 'aws_ecs_service.ServiceWeb_4EAAE36A', constructPath: 'prod/ServiceWeb/Resource', specPath: 'services.web' },
  workerService: { address: 'aws_ecs_service.ServiceWorker_9E51D19C', constructPath: 'prod/ServiceWorker/Resource', specPath: 'services.worker' },
  webLogGroup: { address: 'aws_cloudwatch_log_group.ServiceWeb_LogGroup_B7AB3540', constructPath: 'prod/ServiceWeb/LogGroup', specPath: 'services.web' },
  webSecurityGroup: { address: 'aws_security_group.ServiceWeb_SecurityGroup_20F33FCA', constructPath: 'prod/ServiceWeb/SecurityGroup', specPath: 'services.web' },
  webIngress: { address: 'aws_vpc_security_group_ingress_rule.ServiceWeb_IngressFromLoadBalancer_695FAB90', constructPath: 'prod/ServiceWeb/IngressFromLoadBalancer', specPath: 'services.web' },
  webTargetGroup: { address: 'aws_lb_target_group.ServiceWeb_TargetGroup_404959D4', constructPath: 'prod/ServiceWeb/TargetGroup', specPath: 'services.web' },
  webEgress: { address: 'aws_vpc_security_group_egress_rule.ServiceWeb_EgressAll_30B6AF1A', constructPath: 'prod/ServiceWeb/EgressAll', specPath: 'services.web' },
  postgres: { address: 'aws_db_instance.Postgres_9DC8BB04', constructPath: 'prod/Postgres/Resource', specPath: 'postgres' },
  postgresParameters: { address: 'aws_db_parameter_group.Postgres_ParameterGroup_E9D5EE66', constructPath: 'prod/Postgres/ParameterGroup', specPath: 'postgres' },
  postgresSecurityGroup: { address: 'aws_security_group.Postgres_SecurityGroup_46BC35B3', constructPath: 'prod/Postgres/SecurityGroup', specPath: 'postgres' },
  postgresIngressWeb: { address: 'aws_vpc_security_group_ingress_rule.Postgres_IngressFromServiceWeb_173E42A1', constructPath: 'prod/Postgres/IngressFromServiceWeb', specPath: 'postgres' },
  redis: { address: 'aws_elasticache_replication_group.Redis_FF642DF2', constructPath: 'prod/Redis/Resource', specPath: 'redis' },
  loadBalancer: { address: 'aws_lb.LoadBalancer_BE9EEC3A', constructPath: 'prod/LoadBalancer/Resource' },
  httpsListener: { address: 'aws_lb_listener.LoadBalancer_HttpsListener_5C546BDA', constructPath: 'prod/LoadBalancer/HttpsListener' },
  httpListener: { address: 'aws_lb_listener.LoadBalancer_HttpListener_154E9E2C', constructPath: 'prod/LoadBalancer/HttpListener' },
  lbSecurityGroup: { address: 'aws_security_group.LoadBalancer_SecurityGroup_7560AED0', constructPath: 'prod/LoadBalancer/SecurityGroup' },
  lbIngressHttpIpv4: { address: 'aws_vpc_security_group_ingress_rule.LoadBalancer_IngressHttpIpv4_B3D602B9', constructPath: 'prod/LoadBalancer/IngressHttpIpv4' },
  publicSubnetA: { address: 'aws_subnet.Network_PublicSubnetEuWest1A_4A705E6F', constructPath: 'prod/Network/PublicSubnetEuWest1A' },
} as const satisfies Record<string, At>;

/** The location a finding about `at` carries (spec path only where the resource maps to one). */
export function locationOf(at: At): Record<string, string> {
  return { address: at.address, constructPath: at.constructPath, ...(at.specPath ? { specPath: at.specPath } : {}) };
}

type Mutate = (stack: PinstackStack) => void;
type Edit = readonly [constructPath: string, key: string, value: unknown];

function resourceAt(stack: PinstackStack, path: string): TerraformResource {
  const resource = stack.node.findAll().find((c) => c.node.path === path) as TerraformResource | undefined;
  if (!resource || typeof resource.addOverride !== 'function') throw new Error(`no resource at construct path ${path}`);
  return resource;
}

/** A `mutate` for synthContext: `addOverride(key, value)` on the rendered resources at the given construct paths (undefined deletes). */
export function override(...edits: Edit[]): Mutate {
  return (stack) => {
    for (const [path, key, value] of edits) resourceAt(stack, path).addOverride(key, value);
  };
}

/**
 * A `mutate` that rewrites a task definition's container_definitions: the rendered JSON (tokens included) is
 * parsed, edited, and written back with addOverride, the way a user would patch it through the escape hatch.
 */
export function editContainers(path: string, edit: (containers: Array<Record<string, any>>) => void): Mutate {
  return (stack) => {
    const td = resourceAt(stack, path) as unknown as EcsTaskDefinition;
    const containers = JSON.parse(td.containerDefinitionsInput!) as Array<Record<string, any>>;
    edit(containers);
    td.addOverride('container_definitions', JSON.stringify(containers));
  };
}

/** Several mutations in a row. */
export function all(...mutations: Mutate[]): Mutate {
  return (stack) => mutations.forEach((m) => m(stack));
}

/** The example spec with the aws environment (prod) in another tier, optionally edited further. */
export function prodSpec(tier: 'production' | 'staging' | 'development' = 'production', edit?: (spec: any) => void): unknown {
  const spec = exampleSpec();
  spec.environments.prod.tier = tier;
  edit?.(spec);
  return spec;
}

/** The findings about one resource (by Terraform address). */
export function about(findings: readonly Finding[], at: At | string): Finding[] {
  const address = typeof at === 'string' ? at : at.address;
  return findings.filter((f) => f.location.address === address);
}

/** The one finding about a resource with an outcome (fails the test when there is not exactly one). */
export function only(findings: readonly Finding[], at: At | string, outcome: Finding['outcome'] = 'fail'): Finding {
  const matching = about(findings, at).filter((f) => f.outcome === outcome);
  if (matching.length !== 1) {
    throw new Error(`expected one ${outcome} finding about ${typeof at === 'string' ? at : at.address}, got ${matching.length}:\n${findings.map((f) => `${f.outcome} ${f.location.address}: ${f.message}`).join('\n')}`);
  }
  return matching[0]!;
}
