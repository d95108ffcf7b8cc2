import { defineRule, fail, isExpression, isTrue, pass, sev, unknown } from '../helpers';
import { locate, who } from './common';

/** AWS-RDS-004: production databases run with a synchronous standby in another zone. */
export const awsRds004 = defineRule(
  {
    id: 'AWS-RDS-004',
    title: 'RDS instances are Multi-AZ',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'A single-AZ instance is down for the whole of a zone outage, a host failure or a maintenance reboot, and restores from backup lose the last minutes of writes; Multi-AZ fails over to a synchronous standby in another zone in one to two minutes without data loss.',
    remediation:
      'Set postgres.highAvailability true for the environment in app.ts (the renderer sets multi_az); remove any addOverride of multi_az.',
    severity: sev('error', 'off', 'off'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-RDS3', 'HIPAA.Security-RDSMultiAZSupport', 'CKV_AWS_157'],
  },
  (ctx) =>
    ctx.stack.ofType('aws_db_instance').map((db) => {
      const value = db.values.multi_az;
      const what = who(ctx, db);
      const location = locate(ctx, db);
      if (isExpression(value)) return unknown(`${what}: multi_az is the expression ${String(value)} (known only at plan)`, location);
      return isTrue(value)
        ? pass(`${what} is Multi-AZ (a synchronous standby in another zone)`, location)
        : fail(`${what} has multi_az ${JSON.stringify(value ?? false)}: a zone outage or a host failure takes the database down`, location);
    }),
);
