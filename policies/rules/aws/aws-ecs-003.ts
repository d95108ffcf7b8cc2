import type { Check } from '../../types';
import { block, defineRule, isExpression, isTrue, sev } from '../helpers';
import { conclude, ingressInto, listOf, loadBalancerGroups, locate, resolveGroups, subnetKind, who } from './common';

/** AWS-ECS-003: ECS services run in private subnets without public IPs, reachable only from the load balancer. */
export const awsEcs003 = defineRule(
  {
    id: 'AWS-ECS-003',
    title: 'ECS services run in private subnets without public IPs and admit traffic only from the load balancer',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'A task with a public IP in a public subnet is reachable from the internet around the load balancer (its TLS, header checks and access logs), and any ingress besides the load balancer\'s security group widens what can reach the app. Private subnets reach the internet through NAT only.',
    remediation:
      'Keep the renderer\'s network_configuration (private subnets, assign_public_ip false, the service\'s security group) and its only ingress rule, from the load balancer\'s security group; remove any addOverride of network_configuration or any added ingress rule.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_AWS_333', 'AwsSolutions-EC23'],
  },
  (ctx) => {
    const checks: Check[] = [];
    const lbGroups = loadBalancerGroups(ctx);
    for (const service of ctx.stack.ofType('aws_ecs_service')) {
      const what = who(ctx, service);
      const location = locate(ctx, service);
      const problems: string[] = [];
      const unresolved: string[] = [];
      const network = block(service.values.network_configuration);
      if (!network) {
        checks.push(conclude(what, location, ['has no network_configuration (Fargate tasks need awsvpc subnets and security groups)'], [], ''));
        continue;
      }

      const publicIp = network.assign_public_ip;
      if (isTrue(publicIp)) problems.push('assigns public IPs to its tasks (assign_public_ip true)');
      else if (isExpression(publicIp)) unresolved.push(`assign_public_ip is the expression ${String(publicIp)}`);

      const subnets = listOf(network.subnets);
      if (subnets.length === 0) problems.push('names no subnets');
      for (const subnet of subnets) {
        const kind = subnetKind(ctx, subnet);
        if (kind.kind === 'public') problems.push(`runs in a public subnet: ${kind.why}`);
        else if (kind.kind === 'unknown') unresolved.push(`whether ${kind.why} is private`);
      }

      const { groups, unresolved: unknownGroups } = resolveGroups(ctx, listOf(network.security_groups));
      if (groups.length === 0 && unknownGroups.length === 0) problems.push('has no security group (its tasks would get the VPC default group)');
      for (const value of unknownGroups) unresolved.push(`the ingress of security group ${value}, which is not in this stack`);
      const sources: string[] = [];
      for (const sg of groups) {
        for (const entry of ingressInto(ctx, sg)) {
          const bad: string[] = [];
          for (const cidr of entry.cidrs) bad.push(`CIDR ${String(cidr)}`);
          for (const list of entry.prefixLists) bad.push(`prefix list ${String(list)}`);
          if (entry.self) bad.push('its own security group (self)');
          for (const source of entry.groups) {
            const { groups: from, unresolved: fromUnknown } = resolveGroups(ctx, [source]);
            if (from[0] && lbGroups.has(from[0])) sources.push(from[0].address);
            else if (from[0]) bad.push(`${from[0].address}, which is not a load balancer's security group`);
            else if (isExpression(fromUnknown[0])) unresolved.push(`whether ${entry.label} admits from a load balancer (source ${String(source)})`);
            else bad.push(`security group ${String(source)}, which is not a load balancer's in this stack`);
          }
          if (bad.length > 0) problems.push(`has the security group ${sg.address}, which admits traffic through ${entry.label} from ${bad.join(', ')}, not only from the load balancer`);
        }
      }
      const from = sources.length > 0 ? `traffic only from the load balancer (${[...new Set(sources)].join(', ')})` : 'no inbound traffic';
      checks.push(conclude(what, location, problems, unresolved, `runs in private subnets with assign_public_ip false and admits ${from}`));
    }
    return checks;
  },
);
