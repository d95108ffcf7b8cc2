import type { TfResource } from '../../../lib/tfjson/stack';
import type { SynthContext } from '../../types';
import { defineRule, fail, isExpression, isTrue, pass, sev, unknown } from '../helpers';
import { locate, numberOf, referencedOf, taskContainers, unparsedCheck, who } from './common';

/** Days production keeps container logs at least (incident investigation, audits). */
export const PRODUCTION_LOG_RETENTION_DAYS = 90;

/** The log group an `awslogs-group` option names: by reference, or by its literal name. */
function logGroupOf(ctx: SynthContext, group: unknown): TfResource | undefined {
  const ref = referencedOf(ctx, group, ['aws_cloudwatch_log_group']);
  if (ref) return ref;
  if (typeof group !== 'string' || isExpression(group)) return undefined;
  return ctx.stack.ofType('aws_cloudwatch_log_group').find((g) => g.values.name === group);
}

/** AWS-ECS-002: every container logs with awslogs to a log group of the stack that has a retention. */
export const awsEcs002 = defineRule(
  {
    id: 'AWS-ECS-002',
    title: 'ECS containers log to CloudWatch (awslogs) with a retention (>= 90 days in production)',
    stage: 'synth',
    targets: ['aws'],
    category: 'operability',
    rationale:
      'Without logConfiguration a Fargate task\'s output is lost, so a crash loop or an incident cannot be investigated. A log group without retention_in_days keeps logs forever (growing cost, and personal data kept beyond any policy); production needs at least 90 days to look back across an incident.',
    remediation:
      'Keep the renderer\'s logConfiguration (awslogs to the service\'s LogGroup) and set target.logRetentionDays (>= 90 in production); remove any addOverride of container_definitions.logConfiguration or of the log group\'s retention_in_days.',
    severity: sev('error', 'warning', 'warning'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-ECS7', 'CKV_AWS_66', 'CKV_AWS_338', 'HIPAA.Security-CloudWatchLogGroupRetentionPeriod'],
  },
  (ctx) => {
    const production = ctx.config.tier === 'production';
    const { checks, tasks } = taskContainers(ctx, (td, defs) => unparsedCheck(ctx, td, defs));
    for (const { taskDefinition, containers } of tasks) {
      const location = locate(ctx, taskDefinition);
      for (const c of containers) {
        const what = `${who(ctx, taskDefinition)} container ${c.name}`;
        const log = c.values.logConfiguration;
        if (log === undefined || log === null || typeof log !== 'object') {
          checks.push(fail(`${what} has no logConfiguration: its output is lost`, location));
          continue;
        }
        const l = log as Record<string, unknown>;
        if (l.logDriver !== 'awslogs') {
          checks.push(fail(`${what} logs with the driver ${JSON.stringify(l.logDriver ?? null)}, expected awslogs`, location));
          continue;
        }
        const options = (l.options ?? {}) as Record<string, unknown>;
        const groupName = options['awslogs-group'];
        if (groupName === undefined || groupName === '') {
          checks.push(fail(`${what} logs with awslogs but names no awslogs-group`, location));
          continue;
        }
        const group = logGroupOf(ctx, groupName);
        if (!group) {
          if (isTrue(options['awslogs-create-group'])) {
            checks.push(fail(`${what} lets ECS create the log group ${String(groupName)} (awslogs-create-group), which then has no retention`, location));
          } else {
            checks.push(unknown(`${what} logs to ${String(groupName)}, a log group not in this stack: its retention is not known at synth`, location));
          }
          continue;
        }
        const retention = numberOf(group.values.retention_in_days);
        const minimum = production ? PRODUCTION_LOG_RETENTION_DAYS : 1;
        const into = `${what} logs to ${group.address}`;
        if (retention === 'expression') checks.push(unknown(`${into}, whose retention_in_days is the expression ${String(group.values.retention_in_days)} (known only at plan)`, location));
        else if (retention === undefined || retention === 0) checks.push(fail(`${into}, which has no retention_in_days: logs are kept forever`, location));
        else if (retention < minimum) checks.push(fail(`${into}, which keeps logs ${retention} days; ${ctx.config.tier} needs at least ${minimum}`, location));
        else checks.push(pass(`${into} (awslogs), kept ${retention} days`, location));
      }
    }
    return checks;
  },
);
