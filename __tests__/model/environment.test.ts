import { buildModel, resourceName, terraformVariablesEnv } from '../../model';
import { EXAMPLE_SECRETS, exampleModel, exampleSpec, loadExample } from '../helpers/example';

describe('buildModel', () => {
  test('wires datastores into the services that use them, never as literals', async () => {
    const prod = await exampleModel('prod');
    const web = prod.services.find((s) => s.name === 'web')!;
    const env = Object.fromEntries(web.env.map((e) => [e.name, e.value]));
    expect(env).toEqual({
      DATABASE_URL: { kind: 'postgres-url' },
      LOG_LEVEL: { kind: 'literal', value: 'info' },
      NODE_ENV: { kind: 'literal', value: 'production' },
      PGPASSWORD: { kind: 'postgres-password' },
      PORT: { kind: 'literal', value: '8080' },
      REDIS_URL: { kind: 'redis-url' },
      SESSION_SECRET: { kind: 'secret', secret: { name: 'SESSION_SECRET', variable: 'secret_session_secret' } },
    });
    // On aws RDS manages the postgres password; redis AUTH comes from the file.
    expect(web.secrets.map((s) => s.name)).toEqual(['REDIS_PASSWORD', 'SESSION_SECRET']);
    expect(prod.secrets.map((s) => s.variable)).toEqual(['secret_redis_password', 'secret_session_secret']);
  });

  test('declares the postgres password as a secret on docker and kubernetes', async () => {
    const staging = await exampleModel('staging');
    expect(staging.secrets.map((s) => s.name)).toEqual(['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'SESSION_SECRET']);
    expect(staging.postgres).toMatchObject({ kind: 'managed', name: 'acme-staging-postgres', image: 'docker.io/library/postgres:16', port: 5432 });
    expect(staging.redis).toMatchObject({ kind: 'managed', name: 'acme-staging-redis', image: 'docker.io/library/redis:7.0' });
  });

  test('wires an external datastore from its URL secret', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'EXTERNAL_DATABASE_URL' } };
    for (const env of Object.values<any>(spec.environments)) delete env.overrides.postgres;
    const model = await exampleModel('prod', { spec, secrets: { ...EXAMPLE_SECRETS, EXTERNAL_DATABASE_URL: 'postgres://u:p@db.example/app' } });
    const web = model.services.find((s) => s.name === 'web')!;
    expect(web.env.find((e) => e.name === 'DATABASE_URL')!.value).toEqual({ kind: 'secret', secret: { name: 'EXTERNAL_DATABASE_URL', variable: 'secret_external_database_url' } });
    expect(web.env.find((e) => e.name === 'PGPASSWORD')).toBeUndefined();
    expect(model.postgres).toEqual({ kind: 'external', url: { name: 'EXTERNAL_DATABASE_URL', variable: 'secret_external_database_url' } });
  });

  test('turns replicas into min/max, with a CPU target only when it autoscales', async () => {
    const prod = await exampleModel('prod');
    expect(prod.services.map((s) => s.replicas)).toEqual([{ min: 3, max: 12, targetCpuPercent: 70 }, { min: 3, max: 3 }]);
  });

  test('uses Terraform Cloud when configured, and the local backend when forced', async () => {
    const spec = exampleSpec();
    spec.terraformCloud = { organization: 'acme-corp' };
    const [loaded] = await loadExample({ spec, only: ['prod'] });
    expect(buildModel(loaded!.config).backend).toEqual({ kind: 'cloud', hostname: 'app.terraform.io', organization: 'acme-corp', workspace: 'acme-prod' });
    expect(buildModel(loaded!.config, { localBackend: true }).backend).toEqual({ kind: 'local', path: 'terraform.prod.tfstate' });
  });
});

describe('naming', () => {
  test('keeps short names and shortens long ones with a stable hash', () => {
    expect(resourceName(['acme', 'prod', 'web'], 32)).toBe('acme-prod-web');
    const long = resourceName(['a-very-long-application-name', 'production', 'background-worker'], 32);
    expect(long).toHaveLength(32);
    expect(long).toMatch(/^a-very-long-application-n-[0-9a-f]{6}$/);
    expect(resourceName(['a-very-long-application-name', 'production', 'background-worker'], 32)).toBe(long);
    expect(resourceName(['a-very-long-application-name', 'production', 'background-worker2'], 32)).not.toBe(long);
  });
});

describe('terraformVariablesEnv', () => {
  test('passes exactly the declared secrets as TF_VAR_*', async () => {
    const prod = await exampleModel('prod');
    expect(terraformVariablesEnv(prod.secrets, EXAMPLE_SECRETS)).toEqual({
      TF_VAR_secret_redis_password: EXAMPLE_SECRETS.REDIS_PASSWORD,
      TF_VAR_secret_session_secret: EXAMPLE_SECRETS.SESSION_SECRET,
    });
  });

  test('fails when a declared secret has no value', () => {
    expect(() => terraformVariablesEnv([{ name: 'X', variable: 'secret_x' }], {})).toThrow('secret X has no value');
  });
});
