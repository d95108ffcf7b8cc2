import type { Check } from '../../types';
import { defineRule, sev } from '../helpers';
import { conclude, expectTrue, locate, numberOf, who } from './common';

/** AWS-EC-002: Redis survives the loss of a node or a zone. */
export const awsEc002 = defineRule(
  {
    id: 'AWS-EC-002',
    title: 'ElastiCache replication groups are Multi-AZ with automatic failover and at least two nodes',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'A single Redis node is an outage (and, without persistence, lost sessions and queues) on every node failure, zone outage and maintenance replacement. Automatic failover promotes a replica in another zone, which needs a second node and multi_az_enabled to place it there.',
    remediation:
      'Set redis.highAvailability true for the environment in app.ts (the renderer sets num_cache_clusters 2, automatic_failover_enabled and multi_az_enabled); remove any addOverride of these arguments.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['AwsSolutions-AEC4', 'CKV2_AWS_50'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const rg of ctx.stack.ofType('aws_elasticache_replication_group')) {
      const problems: string[] = [];
      const unresolved: string[] = [];
      const v = rg.values;
      for (const field of ['multi_az_enabled', 'automatic_failover_enabled'] as const) {
        expectTrue(v[field], field, { problems, unresolved });
      }
      // num_cache_clusters (cluster mode off), or replicas_per_node_group + 1 per shard (cluster mode on); AWS defaults to 1 node.
      const clusters = numberOf(v.num_cache_clusters);
      const replicas = numberOf(v.replicas_per_node_group);
      const nodes = clusters !== undefined ? clusters : replicas === 'expression' ? 'expression' : replicas !== undefined ? replicas + 1 : 1;
      const field = clusters !== undefined ? 'num_cache_clusters' : 'replicas_per_node_group';
      if (nodes === 'expression') unresolved.push(`${field} is an expression`);
      else if (nodes < 2) problems.push(`has ${nodes} node${nodes === 1 ? '' : 's'} per shard (${field}); failover needs at least 2`);
      checks.push(conclude(who(ctx, rg), locate(ctx, rg), problems, unresolved, `is Multi-AZ with automatic failover over ${String(nodes)} nodes`));
    }
    return checks;
  },
);
