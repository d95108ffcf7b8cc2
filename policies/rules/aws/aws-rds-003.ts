import type { Check } from '../../types';
import { defineRule, isExpression, isTrue, sev } from '../helpers';
import { conclude, locate, numberOf, who } from './common';

/** Days of automated backups at least, per tier (development is off). */
export const MIN_BACKUP_RETENTION_DAYS = { production: 7, staging: 1, development: 1 } as const;

/** AWS-RDS-003: automated backups are kept long enough, and snapshots carry the instance's tags. */
export const awsRds003 = defineRule(
  {
    id: 'AWS-RDS-003',
    title: 'RDS keeps automated backups (>= 7 days in production, >= 1 in staging) and copies tags to snapshots',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'backup_retention_period is how far back point-in-time recovery reaches: 0 disables automated backups, and a bad migration noticed after the weekend needs a week. Snapshots without the instance\'s tags lose the environment and owner that cost reports, retention jobs and access policies key on.',
    remediation:
      'Set postgres.backups.retentionDays in app.ts (>= 7 in production, >= 1 in staging); keep copy_tags_to_snapshot true (the renderer sets it); remove any addOverride of either argument.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-RDS13', 'HIPAA.Security-RDSInstanceBackupEnabled', 'CKV_AWS_133', 'CKV2_AWS_60', 'AVD-AWS-0077'],
  },
  (ctx) => {
    const checks: Check[] = [];
    const minimum = MIN_BACKUP_RETENTION_DAYS[ctx.config.tier];
    for (const db of ctx.stack.ofType('aws_db_instance')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const raw = db.values.backup_retention_period;
      const days = numberOf(raw);
      if (days === 'expression') unresolved.push(`backup_retention_period is the expression ${String(raw)}`);
      else if (days === undefined) problems.push(`has no backup_retention_period; set it explicitly (${ctx.config.tier} needs at least ${minimum} days)`);
      else if (days < minimum) problems.push(`keeps automated backups ${days} day${days === 1 ? '' : 's'} (backup_retention_period); ${ctx.config.tier} needs at least ${minimum}`);
      const copy = db.values.copy_tags_to_snapshot;
      if (isExpression(copy)) unresolved.push(`copy_tags_to_snapshot is the expression ${String(copy)}`);
      else if (!isTrue(copy)) problems.push(`has copy_tags_to_snapshot ${JSON.stringify(copy ?? false)}: its snapshots lose its tags`);
      checks.push(conclude(who(ctx, db), locate(ctx, db), problems, unresolved, `keeps automated backups ${String(days)} days (>= ${minimum}) and copies its tags to snapshots`));
    }
    return checks;
  },
);
