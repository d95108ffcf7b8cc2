import type { Check } from '../../types';
import { defineRule, isExpression, isTrue, sev } from '../helpers';
import { conclude, expectTrue, isSet, locate, who } from './common';

/** AWS-RDS-002: the database cannot be deleted by accident, and a deletion leaves a final snapshot. */
export const awsRds002 = defineRule(
  {
    id: 'AWS-RDS-002',
    title: 'RDS instances have deletion protection and take a final snapshot',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'A renamed construct, a removed spec entry or a stray `terraform destroy` deletes the database. deletion_protection makes AWS refuse the delete until it is switched off in a reviewed change; skip_final_snapshot false with a final_snapshot_identifier keeps a restorable copy when a deletion does go through (automated backups are deleted with the instance).',
    remediation:
      'Keep postgres.deletionProtection true in app.ts (the renderer then sets deletion_protection, skip_final_snapshot false and final_snapshot_identifier <name>-final); remove any addOverride of these three arguments.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'hard',
    anchors: ['AwsSolutions-RDS10', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', 'CKV_AWS_293', 'AVD-AWS-0177', 'sentinel:protect-against-rds-instance-deletion'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const db of ctx.stack.ofType('aws_db_instance')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const v = db.values;
      expectTrue(v.deletion_protection, 'deletion_protection', { problems, unresolved }, ': AWS deletes it on request');
      if (isExpression(v.skip_final_snapshot)) unresolved.push(`skip_final_snapshot is the expression ${String(v.skip_final_snapshot)}`);
      else if (isTrue(v.skip_final_snapshot)) problems.push('has skip_final_snapshot true: a deletion leaves no snapshot to restore');
      else if (!isSet(v.final_snapshot_identifier)) problems.push('has no final_snapshot_identifier: a deletion has no name for its final snapshot (and fails)');
      const snapshot = typeof v.final_snapshot_identifier === 'string' ? ` ${v.final_snapshot_identifier}` : '';
      checks.push(conclude(who(ctx, db), locate(ctx, db), problems, unresolved, `has deletion_protection and keeps a final snapshot${snapshot} on deletion`));
    }
    return checks;
  },
);
