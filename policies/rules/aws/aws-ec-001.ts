import type { Check } from '../../types';
import { defineRule, sev } from '../helpers';
import { conclude, expectTrue, isSet, locate, who } from './common';

/** AWS-EC-001: Redis is encrypted at rest and in transit, and clients authenticate. */
export const awsEc001 = defineRule(
  {
    id: 'AWS-EC-001',
    title: 'ElastiCache replication groups encrypt at rest and in transit and require AUTH',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'Without at-rest encryption the cache\'s disks, swap and backups hold session data in clear; without in-transit encryption the AUTH token and the data cross the VPC in clear; without an AUTH token (or an RBAC user group) anything that can reach port 6379 reads and writes every key. The three settings are fixed at creation: enabling one later replaces the cluster.',
    remediation:
      'Keep the renderer\'s at_rest_encryption_enabled, transit_encryption_enabled and auth_token (the REDIS_PASSWORD secret) and redis.tls true in app.ts; remove any addOverride of these arguments.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-AEC3', 'AwsSolutions-AEC6', 'CKV_AWS_29', 'CKV_AWS_30', 'CKV_AWS_31', 'AVD-AWS-0045', 'AVD-AWS-0051'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const rg of ctx.stack.ofType('aws_elasticache_replication_group')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const v = rg.values;
      for (const field of ['at_rest_encryption_enabled', 'transit_encryption_enabled'] as const) {
        expectTrue(v[field], field, { problems, unresolved });
      }
      const auth = isSet(v.auth_token) ? 'an AUTH token' : isSet(v.user_group_ids) ? 'an RBAC user group' : undefined;
      if (!auth) problems.push('has neither auth_token nor user_group_ids: any client that reaches the port reads and writes every key');
      checks.push(conclude(who(ctx, rg), locate(ctx, rg), problems, unresolved, `encrypts at rest and in transit and requires ${auth ?? 'AUTH'}`));
    }
    return checks;
  },
);
