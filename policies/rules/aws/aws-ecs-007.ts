import type { Check } from '../../types';
import { block, blocks, defineRule, fail, pass, sev } from '../helpers';
import { conclude, containerDefinitions, expectTrue, locate, numberOf, referencedOf, taskContainers, unparsedCheck, who } from './common';

/** AWS-ECS-007: deployments roll back on failure, and every container has a health check to fail on. */
export const awsEcs007 = defineRule(
  {
    id: 'AWS-ECS-007',
    title: 'ECS deployments roll back through the circuit breaker, and every container has a health check',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'Without the deployment circuit breaker a broken task definition keeps ECS replacing failing tasks for hours while the service runs below capacity; with rollback on, ECS returns to the last good revision. The breaker and the load balancer can only tell a broken task from a good one through health checks, and the load balancer must wait the container\'s start period before judging it.',
    remediation:
      'Keep rollout.autoRollback true in app.ts (the renderer sets deployment_circuit_breaker { enable, rollback }) and declare healthChecks for every service; remove any addOverride of deployment_circuit_breaker, health_check_grace_period_seconds or container_definitions.healthCheck.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: [],
  },
  (ctx) => {
    const { checks, tasks } = taskContainers(ctx, (td, defs) => unparsedCheck(ctx, td, defs));
    const out: Check[] = [];
    for (const service of ctx.stack.ofType('aws_ecs_service')) {
      const what = who(ctx, service);
      const problems: string[] = [];
      const unresolved: string[] = [];
      const breaker = block(service.values.deployment_circuit_breaker);
      if (!breaker) problems.push('has no deployment_circuit_breaker: a failing deployment is never stopped or rolled back');
      else {
        for (const field of ['enable', 'rollback'] as const) {
          const value = breaker[field];
          expectTrue(value, `deployment_circuit_breaker.${field}`, { problems, unresolved }, ', expected true');
        }
      }
      // Behind a load balancer, the grace period must cover the container's start period.
      if (blocks(service.values.load_balancer).length > 0) {
        const td = referencedOf(ctx, service.values.task_definition, ['aws_ecs_task_definition']);
        const defs = td ? containerDefinitions(td) : undefined;
        if (defs?.kind === 'parsed') {
          const start = Math.max(0, ...defs.containers.map((c) => numberOf((c.values.healthCheck as Record<string, unknown> | undefined)?.startPeriod)).filter((n): n is number => typeof n === 'number'));
          const grace = numberOf(service.values.health_check_grace_period_seconds);
          if (grace === 'expression') unresolved.push(`health_check_grace_period_seconds is the expression ${String(service.values.health_check_grace_period_seconds)}`);
          else if ((grace ?? 0) < start) {
            problems.push(`has health_check_grace_period_seconds ${grace ?? 'unset (0)'}, shorter than its container's health check start period of ${start}s: the load balancer kills tasks that are still starting`);
          }
        }
      }
      out.push(conclude(what, locate(ctx, service), problems, unresolved, 'stops a failing deployment and rolls back (deployment_circuit_breaker enable + rollback)'));
    }
    for (const { taskDefinition, containers } of tasks) {
      const location = locate(ctx, taskDefinition);
      for (const c of containers) {
        const what = `${who(ctx, taskDefinition)} container ${c.name}`;
        const hc = c.values.healthCheck as Record<string, unknown> | undefined;
        const command = hc && Array.isArray(hc.command) ? hc.command : [];
        if (!hc || typeof hc !== 'object') out.push(fail(`${what} has no healthCheck: ECS cannot tell a hung task from a healthy one`, location));
        else if (command.length < 2 || (command[0] !== 'CMD' && command[0] !== 'CMD-SHELL')) {
          out.push(fail(`${what} has a healthCheck without a command (expected ["CMD-SHELL", "..."] or ["CMD", ...], got ${JSON.stringify(hc.command ?? null)})`, location));
        } else out.push(pass(`${what} has a healthCheck (${command[0]} ${String(command.slice(1).join(' '))})`, location));
      }
    }
    return [...checks, ...out];
  },
);
