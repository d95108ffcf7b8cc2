import { EXAMPLE_SECRETS, exampleSpec } from '../../helpers/example';
import { containerDefinitions, ref, resource, resources, synthAws } from './synth';

describe('Postgres on RDS', () => {
  test('encrypted, private, RDS-managed password, backups, deletion protection and Multi-AZ in prod', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_db_instance')).toEqual({
      identifier: 'acme-prod-postgres',
      engine: 'postgres',
      engine_version: '16',
      instance_class: 'db.m7g.large',
      allocated_storage: 100,
      storage_type: 'gp3',
      storage_encrypted: true,
      manage_master_user_password: true,
      username: 'app',
      db_name: 'app',
      port: 5432,
      multi_az: true,
      backup_retention_period: 14,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'acme-prod-postgres-final',
      publicly_accessible: false,
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      performance_insights_enabled: true,
      apply_immediately: false,
      db_subnet_group_name: ref(json, 'aws_db_subnet_group', 'Postgres_SubnetGroup', 'name'),
      parameter_group_name: ref(json, 'aws_db_parameter_group', 'Postgres_ParameterGroup', 'name'),
      vpc_security_group_ids: [ref(json, 'aws_security_group', 'Postgres_SecurityGroup', 'id')],
    });
  });

  test('keeps the database address stable: the instance is the construct Postgres/Resource', async () => {
    const { json } = await synthAws();
    expect(Object.keys(json.resource.aws_db_instance!)).toEqual(['Postgres_9DC8BB04']);
    expect(Object.keys(json.resource.aws_elasticache_replication_group!)).toEqual(['Redis_FF642DF2']);
  });

  test('has no password in the configuration (RDS manages and rotates it)', async () => {
    const { json } = await synthAws();
    const db = resource(json, 'aws_db_instance');
    expect(db.password).toBeUndefined();
    expect(Object.keys(json.variable)).not.toContain('secret_postgres_password');
  });

  test('in the private subnets; 5432 open only to the services that use it', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_db_subnet_group').subnet_ids).toEqual([
      ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1A', 'id'),
      ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1B', 'id'),
    ]);
    const sg = ref(json, 'aws_security_group', 'Postgres_SecurityGroup', 'id');
    const rules = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === sg);
    expect(rules.map(([, r]) => [r.referenced_security_group_id, r.from_port, r.to_port, r.ip_protocol, r.cidr_ipv4])).toEqual([
      [ref(json, 'aws_security_group', 'ServiceWeb_SecurityGroup', 'id'), 5432, 5432, 'tcp', undefined],
      [ref(json, 'aws_security_group', 'ServiceWorker_SecurityGroup', 'id'), 5432, 5432, 'tcp', undefined],
    ]);
    for (const [, r] of rules) expect(r.description).toMatch(/^Postgres from acme-prod-/);
    expect(resources(json, 'aws_vpc_security_group_egress_rule').filter(([, r]) => r.security_group_id === sg)).toEqual([]);
  });

  test('a service that does not use postgres gets no access', async () => {
    const spec = exampleSpec();
    spec.services.worker.uses = ['redis'];
    const { json } = await synthAws({ spec });
    const sg = ref(json, 'aws_security_group', 'Postgres_SecurityGroup', 'id');
    const sources = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === sg).map(([, r]) => r.referenced_security_group_id);
    expect(sources).toEqual([ref(json, 'aws_security_group', 'ServiceWeb_SecurityGroup', 'id')]);
  });

  test('a parameter group of the major version that forces TLS', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_db_parameter_group')).toMatchObject({
      name: 'acme-prod-postgres-pg16',
      family: 'postgres16',
      parameter: [{ name: 'rds.force_ssl', value: '1' }],
      lifecycle: { create_before_destroy: true },
    });
  });

  test('preloads the extensions that need it, keeping the RDS default pg_stat_statements', async () => {
    const spec = exampleSpec();
    spec.postgres.extensions = ['pg_trgm', 'pg_cron', 'pgaudit'];
    spec.postgres.tls = false;
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_db_parameter_group').parameter).toEqual([
      { name: 'rds.force_ssl', value: '0' },
      { name: 'shared_preload_libraries', value: 'pg_cron,pg_stat_statements,pgaudit', apply_method: 'pending-reboot' },
    ]);
  });

  test('a small development database: single-AZ, no Performance Insights on micro, changes apply at once, no final snapshot', async () => {
    const spec = exampleSpec();
    const prod = spec.environments.prod;
    prod.tier = 'development';
    prod.overrides.postgres = { instanceClass: 'db.t4g.micro', deletionProtection: false };
    const { json } = await synthAws({ spec });
    const db = resource(json, 'aws_db_instance');
    expect(db).toMatchObject({ instance_class: 'db.t4g.micro', multi_az: false, backup_retention_period: 7, performance_insights_enabled: false, apply_immediately: true, deletion_protection: false, skip_final_snapshot: true });
    expect(db.final_snapshot_identifier).toBeUndefined();
  });

  test('an external database creates nothing and the services read its URL from Secrets Manager', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'DATABASE_URL_SECRET' } };
    delete spec.environments.prod.overrides.postgres;
    const { json } = await synthAws({ spec, secrets: { ...EXAMPLE_SECRETS, DATABASE_URL_SECRET: 'postgresql://u:test-external-db-password@db.example:5432/app' } });
    for (const type of ['aws_db_instance', 'aws_db_subnet_group', 'aws_db_parameter_group']) expect(resources(json, type)).toEqual([]);
    expect(resources(json, 'aws_security_group').map(([id]) => id)).not.toContainEqual(expect.stringMatching(/^Postgres_/));
    const secretArn = ref(json, 'aws_secretsmanager_secret', 'SecretsManager_DatabaseUrlSecret', 'arn');
    expect(resource(json, 'aws_secretsmanager_secret', 'SecretsManager_DatabaseUrlSecret').name).toBe('acme/prod/DATABASE_URL_SECRET');
    const [web] = containerDefinitions(json, 'Web');
    expect(web.secrets).toContainEqual({ name: 'DATABASE_URL', valueFrom: secretArn });
    expect(web.secrets.map((s: { name: string }) => s.name)).not.toContain('PGPASSWORD');
    expect(web.environment.map((e: { name: string }) => e.name)).not.toContain('DATABASE_URL');
    expect(JSON.stringify(json)).not.toContain('test-external-db-password');
  });
});
