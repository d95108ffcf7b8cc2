import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { blocks, defineRule, isExpression, isTrue, sev } from '../helpers';
import { conclude, locate, referencedOf, who } from './common';

/** The parameter group a `parameter_group_name` value names: by reference, or by its literal name. */
function parameterGroupOf(ctx: SynthContext, value: unknown): TfResource | undefined {
  const ref = referencedOf(ctx, value, ['aws_db_parameter_group']);
  if (ref) return ref;
  if (typeof value !== 'string' || isExpression(value)) return undefined;
  return ctx.stack.ofType('aws_db_parameter_group').find((g) => g.values.name === value);
}

/**
 * What the instance's parameter group says about `rds.force_ssl`: problems and unresolved values are pushed.
 * The parameter must be set explicitly (RDS for PostgreSQL 15+ defaults to 1, older majors to 0, and a
 * default that lives outside the stack is not reviewable).
 */
function forceSsl(ctx: SynthContext, db: TfResource, problems: string[], unresolved: string[]): string | undefined {
  const name = db.values.parameter_group_name;
  if (name === undefined || name === null || name === '') {
    problems.push('uses the default parameter group, which does not set rds.force_ssl explicitly; give it a parameter group with rds.force_ssl = 1');
    return undefined;
  }
  const group = parameterGroupOf(ctx, name);
  if (!group) {
    if (isExpression(name)) unresolved.push(`parameter_group_name is the expression ${String(name)}`);
    else if (typeof name === 'string' && name.startsWith('default.')) problems.push(`uses the default parameter group ${name}, which does not set rds.force_ssl explicitly`);
    else unresolved.push(`rds.force_ssl of the parameter group ${String(name)}, which is not in this stack`);
    return undefined;
  }
  const param = blocks(group.values.parameter).find((p) => p.name === 'rds.force_ssl');
  if (!param) {
    problems.push(`has the parameter group ${group.address}, which does not set rds.force_ssl (expected 1)`);
    return undefined;
  }
  if (isExpression(param.value)) {
    unresolved.push(`rds.force_ssl of ${group.address} is the expression ${String(param.value)}`);
    return undefined;
  }
  if (String(param.value) !== '1') {
    problems.push(`has the parameter group ${group.address} with rds.force_ssl = ${JSON.stringify(param.value)}: clients may connect without TLS (expected 1)`);
    return undefined;
  }
  return group.address;
}

/** AWS-RDS-001: storage encrypted at rest, and Postgres refuses connections without TLS. */
export const awsRds001 = defineRule(
  {
    id: 'AWS-RDS-001',
    title: 'RDS storage is encrypted and Postgres forces TLS (rds.force_ssl = 1)',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'Unencrypted RDS storage leaves the data, its automated backups, snapshots and read replicas readable to anyone who gets a copy of a volume or a shared snapshot, and encryption cannot be switched on later without restoring into a new instance. rds.force_ssl = 1 makes Postgres refuse clients that would send credentials and data in clear text inside the VPC.',
    remediation:
      'Keep storage_encrypted true (the renderer sets it) and postgres.tls true in app.ts (the renderer sets rds.force_ssl = 1 in the instance\'s parameter group); remove any addOverride of storage_encrypted, parameter_group_name or the parameter group\'s parameters. An existing unencrypted instance has to be migrated through an encrypted snapshot copy.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-RDS2', 'HIPAA.Security-RDSStorageEncrypted', 'CKV_AWS_16', 'CKV2_AWS_69', 'AVD-AWS-0080'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const db of ctx.stack.ofType('aws_db_instance')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const encrypted = db.values.storage_encrypted;
      if (isExpression(encrypted)) unresolved.push(`storage_encrypted is the expression ${String(encrypted)}`);
      else if (!isTrue(encrypted)) problems.push(`has storage_encrypted ${JSON.stringify(encrypted ?? false)}: its storage, backups and snapshots are not encrypted`);
      const engine = db.values.engine;
      let ssl = 'TLS is not judged for this engine';
      if (engine === 'postgres') {
        const group = forceSsl(ctx, db, problems, unresolved);
        ssl = `${group ?? 'its parameter group'} sets rds.force_ssl = 1`;
      } else if (isExpression(engine)) unresolved.push(`engine is the expression ${String(engine)}`);
      checks.push(conclude(who(ctx, db), locate(ctx, db), problems, unresolved, `encrypts its storage (storage_encrypted) and ${ssl}`));
    }
    return checks;
  },
);
