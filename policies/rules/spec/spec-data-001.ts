import type { Tier } from '../../../config';
import type { Check } from '../../types';
import { defineRule, verdict, sev } from '../helpers';

/** What each tier asks of a managed Postgres (development only counts when a team raises its severity). */
export const POSTGRES_DURABILITY: Readonly<Record<Tier, { readonly minRetentionDays: number; readonly deletionProtection: boolean }>> = {
  production: { minRetentionDays: 7, deletionProtection: true },
  staging: { minRetentionDays: 1, deletionProtection: false },
  development: { minRetentionDays: 1, deletionProtection: false },
};

/** SPEC-DATA-001: a managed Postgres keeps backups long enough and, in production, refuses deletion. */
export const specData001 = defineRule(
  {
    id: 'SPEC-DATA-001',
    title: 'Managed Postgres keeps backups and is protected from deletion',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'Automated backups are the only way back from a bad migration or a deleted table: a week of them in production covers a problem found after a weekend, a day in staging covers a broken test run. Deletion protection (with a final snapshot) stops a renamed construct or a stray destroy from dropping the database.',
    remediation:
      'Set postgres.backups.retentionDays (at least 7 in production, 1 in staging) and postgres.deletionProtection: true in production, in the spec or in the environment\'s overrides.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-RDS10', 'AwsSolutions-RDS13', 'HIPAA:RDSInstanceBackupEnabled', 'CKV_AWS_133', 'CKV_AWS_293', 'AVD-AWS-0077', 'AVD-AWS-0177'],
  },
  (ctx) => {
    const pg = ctx.model.postgres;
    if (pg?.kind !== 'managed') return [];
    const env = ctx.config.name;
    const tier = ctx.config.tier;
    const want = POSTGRES_DURABILITY[tier];
    const days = pg.backupRetentionDays;
    const checks: Check[] = [
      verdict(
        days >= want.minRetentionDays,
        { specPath: 'postgres.backups.retentionDays' },
        `Postgres in ${env} keeps ${days} days of backups (${tier} needs ${want.minRetentionDays})`,
        `Postgres in ${env} keeps ${days === 0 ? 'no backups (retentionDays 0)' : `${days} day${days === 1 ? '' : 's'} of backups`}; ${tier} needs at least ${want.minRetentionDays}`,
      ),
    ];
    if (want.deletionProtection) {
      checks.push(
        verdict(
          pg.deletionProtection,
          { specPath: 'postgres.deletionProtection' },
          `Postgres in ${env} is protected from deletion`,
          `Postgres in ${env} has deletionProtection off: a destroy or a replacement drops the ${tier} database without a final snapshot`,
        ),
      );
    }
    return checks;
  },
);
