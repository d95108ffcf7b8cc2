import { awsEc002 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const singleNode = (tier: 'production' | 'staging' | 'development') => prodSpec(tier, (s) => (s.environments.prod.overrides.redis.highAvailability = false));

describe('AWS-EC-002 ElastiCache is Multi-AZ with automatic failover and two nodes', () => {
  test('passes on the example prod: 2 nodes, failover, Multi-AZ', async () => {
    const findings = run(awsEc002, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([`redis in prod: ${PROD.redis.address} is Multi-AZ with automatic failover over 2 nodes`]);
  });

  test('fails when the spec sets highAvailability: false: error in production, warning in staging, off in development', async () => {
    const f = only(run(awsEc002, await synthContext('prod', { spec: singleNode('production') })), PROD.redis);
    expect(f).toMatchObject({ ruleId: 'AWS-EC-002', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.redis)) });
    expect(f.message).toBe(
      `redis in prod: ${PROD.redis.address} has multi_az_enabled false; has automatic_failover_enabled false; has 1 node per shard (num_cache_clusters); failover needs at least 2`,
    );
    expect(only(run(awsEc002, await synthContext('prod', { spec: singleNode('staging') })), PROD.redis)).toMatchObject({ severity: 'warning', blocking: false });
    expect(run(awsEc002, await synthContext('prod', { spec: singleNode('development') }))).toEqual([]);
  });

  test('is unknown when the node count is an expression', async () => {
    const u = only(run(awsEc002, await synthContext('prod', { mutate: override([PROD.redis.constructPath, 'num_cache_clusters', '${var.nodes}']) })), PROD.redis, 'unknown');
    expect(u.message).toContain('num_cache_clusters is an expression');
  });
});
