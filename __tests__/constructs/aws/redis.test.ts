import { EXAMPLE_SECRETS, exampleSpec } from '../../helpers/example';
import { ref, resource, resources, synthAws } from './synth';

describe('Redis on ElastiCache', () => {
  test('encrypted at rest and in transit, AUTH from the secret variable, failover and snapshots in prod', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_elasticache_replication_group')).toEqual({
      replication_group_id: 'acme-prod-redis',
      description: 'Redis of acme-prod-redis (managed by pinstack)',
      engine: 'redis',
      engine_version: '7.1',
      node_type: 'cache.m7g.large',
      port: 6379,
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      auth_token: '${var.secret_redis_password}',
      snapshot_retention_limit: 7,
      auto_minor_version_upgrade: 'true',
      apply_immediately: false,
      subnet_group_name: ref(json, 'aws_elasticache_subnet_group', 'Redis_SubnetGroup', 'name'),
      security_group_ids: [ref(json, 'aws_security_group', 'Redis_SecurityGroup', 'id')],
    });
    expect(json.variable.secret_redis_password).toMatchObject({ sensitive: true, type: 'string' });
  });

  test('one node and no snapshots without high availability and persistence', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.redis = { nodeType: 'cache.t4g.micro' };
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_elasticache_replication_group')).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
      snapshot_retention_limit: 0,
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
    });
  });

  test('REDIS_URL is composed by Terraform into a Secrets Manager secret', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_secretsmanager_secret', 'Redis_UrlSecret')).toEqual({
      name: 'acme/prod/redis/url',
      description: 'REDIS_URL of acme-prod-redis (composed by pinstack)',
      recovery_window_in_days: 30,
    });
    expect(resource(json, 'aws_secretsmanager_secret_version', 'Redis_UrlSecretVersion')).toEqual({
      secret_id: ref(json, 'aws_secretsmanager_secret', 'Redis_UrlSecret', 'id'),
      secret_string: `rediss://:\${urlencode(var.secret_redis_password)}@${ref(json, 'aws_elasticache_replication_group', 'Redis', 'primary_endpoint_address')}:6379`,
    });
  });

  test('in the private subnets; 6379 open only to the services that use it', async () => {
    const spec = exampleSpec();
    spec.services.worker.uses = ['postgres'];
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_elasticache_subnet_group').subnet_ids).toEqual([
      ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1A', 'id'),
      ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1B', 'id'),
    ]);
    const sg = ref(json, 'aws_security_group', 'Redis_SecurityGroup', 'id');
    const rules = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === sg);
    expect(rules.map(([, r]) => [r.referenced_security_group_id, r.from_port, r.to_port, r.description])).toEqual([
      [ref(json, 'aws_security_group', 'ServiceWeb_SecurityGroup', 'id'), 6379, 6379, 'Redis from acme-prod-web'],
    ]);
  });

  test('the password never appears in the configuration', async () => {
    const { text } = await synthAws();
    expect(text).not.toContain(EXAMPLE_SECRETS.REDIS_PASSWORD);
  });
});
