import { albTargetGroupHealthCheck, ecsContainerHealthCheck } from '../../../constructs/aws/health-check';
import type { TfResource } from '../../../lib/tfjson/stack';
import type { ServiceModel } from '../../../model';
import type { Check, SynthContext } from '../../types';
import { block, blocks, defineRule, isExpression, sev } from '../helpers';
import { appContainer, conclude, hasInterpolation, locate, numberOf, ofTypes, serviceOf, TARGET_GROUP_TYPES, taskContainers, unescapeTerraform, unparsedCheck, who } from './common';

/** What the provider / ALB use for a health_check field the JSON leaves out (HTTP target group, ip or instance targets). */
const TARGET_GROUP_DEFAULTS: Readonly<Record<string, unknown>> = {
  enabled: true,
  protocol: 'HTTP',
  path: '/',
  port: 'traffic-port',
  interval: 30,
  timeout: 5,
  healthy_threshold: 3,
  unhealthy_threshold: 3,
  matcher: '200',
};

/** What ECS uses for a container healthCheck field that is left out. */
const CONTAINER_DEFAULTS: Readonly<Record<string, unknown>> = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };

type Flat = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  return String(a) === String(b);
}

const show = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));
const hasExpression = (v: unknown): boolean => (Array.isArray(v) ? v.some(hasExpression) : isExpression(v));

/** The differences between what the JSON holds and what the spec renders, field by field. */
function compare(actual: Flat, expected: Flat, prefix: string, problems: string[], unresolved: string[], expectedLabel: string): void {
  for (const field of Object.keys(expected)) {
    if (same(actual[field], expected[field])) continue;
    if (hasExpression(actual[field])) unresolved.push(`${prefix}.${field} is the expression ${typeof actual[field] === 'string' ? String(actual[field]) : show(actual[field])}`);
    else problems.push(`${prefix}.${field} is ${show(actual[field])}, ${expectedLabel} ${show(expected[field])}`);
  }
}

/** The service a target group belongs to: by construct path, else the ECS service that registers into it. */
function serviceOfTargetGroup(ctx: SynthContext, tg: TfResource): ServiceModel | undefined {
  const direct = serviceOf(ctx, tg);
  if (direct) return direct;
  for (const ecs of ctx.stack.ofType('aws_ecs_service')) {
    if (blocks(ecs.values.load_balancer).some((lb) => ctx.stack.referenced(lb.target_group_arn)?.resource === tg)) return serviceOf(ctx, ecs);
  }
  return undefined;
}

/** Which spec check the target group translates: readiness, else liveness, else the default GET /. */
function targetSource(service: ServiceModel): string {
  const check = service.healthChecks.readiness ? 'readiness' : service.healthChecks.liveness ? 'liveness' : undefined;
  return check ? `the spec's ${check} check renders` : 'a service without an http check renders';
}

/** AWS-ALB-003: the target group check, the spec check and the container check are the same check. */
export const awsAlb003 = defineRule(
  {
    id: 'AWS-ALB-003',
    title: 'Health checks are equal across the target\'s layers (ALB target group = spec = ECS container check)',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'On AWS a service is health-checked twice: the ALB target group decides whether a task gets traffic, the ECS container check whether it is replaced. A target group that probes another path or port, or a container check edited through an escape hatch, takes healthy tasks out of service, keeps broken ones in, or makes rollouts pass that should fail; both must be the translation of the one check in the spec (constructs/aws/health-check.ts).',
    remediation:
      'Change the check in app.ts (services.<name>.healthChecks) and let the renderer translate it; remove any addOverride of the target group\'s health_check or of container_definitions.healthCheck.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_AWS_261'],
  },
  (ctx) => {
    const out: Check[] = [];
    for (const tg of ofTypes(ctx, TARGET_GROUP_TYPES)) {
      const service = serviceOfTargetGroup(ctx, tg);
      if (!service) continue;
      const what = who(ctx, tg);
      const location = locate(ctx, tg);
      const port = service.port ?? numberOf(tg.values.port);
      if (typeof port !== 'number') {
        out.push(conclude(what, location, [], [`the traffic port of service ${service.name}`], ''));
        continue;
      }
      const want = albTargetGroupHealthCheck(service.healthChecks, port);
      const expected: Flat = {
        enabled: want.enabled,
        protocol: want.protocol,
        path: want.path,
        port: want.port,
        interval: want.interval,
        timeout: want.timeout,
        healthy_threshold: want.healthyThreshold,
        unhealthy_threshold: want.unhealthyThreshold,
        matcher: want.matcher,
      };
      const got = block(tg.values.health_check) ?? {};
      const actual: Flat = {};
      for (const [field, fallback] of Object.entries(TARGET_GROUP_DEFAULTS)) actual[field] = got[field] ?? fallback;
      const problems: string[] = [];
      const unresolved: string[] = [];
      compare(actual, expected, 'health_check', problems, unresolved, targetSource(service));
      out.push(conclude(what, location, problems, unresolved, `checks ${String(expected.path)} on ${String(expected.port)} every ${String(expected.interval)}s (timeout ${String(expected.timeout)}s, unhealthy after ${String(expected.unhealthy_threshold)}, matcher ${String(expected.matcher)}), as the spec's check renders`));
    }

    const { checks, tasks } = taskContainers(ctx, (td, defs) => unparsedCheck(ctx, td, defs));
    for (const { taskDefinition, containers } of tasks) {
      const service = serviceOf(ctx, taskDefinition);
      if (!service) continue;
      const location = locate(ctx, taskDefinition);
      const container = appContainer(service, containers);
      if (!container) {
        out.push(conclude(who(ctx, taskDefinition), location, [`has no container named ${service.name}, the service's container`], [], ''));
        continue;
      }
      const what = `${who(ctx, taskDefinition)} container ${container.name}`;
      const want = ecsContainerHealthCheck(service.healthChecks);
      const got = container.values.healthCheck as Record<string, unknown> | undefined;
      if (!want && !got) {
        out.push(conclude(what, location, [], [], 'has no healthCheck, and the spec declares none (SPEC-HC-001 and AWS-ECS-007 report that)'));
        continue;
      }
      if (!got) {
        out.push(conclude(what, location, ['has no healthCheck, but the spec\'s check renders one'], [], ''));
        continue;
      }
      if (!want) {
        out.push(conclude(what, location, [`has a healthCheck the spec of service ${service.name} does not declare`], [], ''));
        continue;
      }
      const command = Array.isArray(got.command) ? got.command.map((c) => (typeof c === 'string' && !hasInterpolation(c) ? unescapeTerraform(c) : c)) : got.command;
      const actual: Flat = { command };
      for (const [field, fallback] of Object.entries(CONTAINER_DEFAULTS)) actual[field] = got[field] ?? fallback;
      const expected: Flat = { command: [...want.command], interval: want.interval, timeout: want.timeout, retries: want.retries, startPeriod: want.startPeriod };
      const problems: string[] = [];
      const unresolved: string[] = [];
      compare(actual, expected, 'healthCheck', problems, unresolved, 'the spec\'s check renders');
      out.push(conclude(what, location, problems, unresolved, `runs the spec's check (${want.command[1]}) every ${want.interval}s, ${want.retries} retries, start period ${want.startPeriod}s`));
    }
    return [...checks, ...out];
  },
);
