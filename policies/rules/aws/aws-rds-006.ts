import type { Check } from '../../types';
import { defineRule, sev } from '../helpers';
import { conclude, expectTrue, locate, who } from './common';

/** AWS-RDS-006: RDS manages the master password in Secrets Manager; none is passed in. */
export const awsRds006 = defineRule(
  {
    id: 'AWS-RDS-006',
    title: 'RDS manages the master password (manage_master_user_password, no password argument)',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'A `password` argument is stored in plain text in Terraform state (and in cdk.tf.json when it is a literal), and is never rotated. With manage_master_user_password RDS generates the password, keeps it in a Secrets Manager secret it rotates, and services read it from there (the renderer wires PGPASSWORD through secrets[].valueFrom).',
    remediation:
      'Keep manage_master_user_password true (the renderer sets it) and remove any addOverride that sets password or password_wo on the instance.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'CKV2_AWS_57', 'CKV_AWS_149'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const db of ctx.stack.ofType('aws_db_instance')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const v = db.values;
      expectTrue(v.manage_master_user_password, 'manage_master_user_password', { problems, unresolved }, ': RDS does not manage or rotate its master password');
      for (const arg of ['password', 'password_wo'] as const) {
        if (v[arg] !== undefined && v[arg] !== null) problems.push(`sets the ${arg} argument (value not shown): the master password is passed in instead of managed by RDS`);
      }
      checks.push(conclude(who(ctx, db), locate(ctx, db), problems, unresolved, 'lets RDS manage and rotate its master password in Secrets Manager (no password argument)'));
    }
    return checks;
  },
);
