import { Testing } from 'cdktf';
import { containerEnv, EnvSecret } from '../../../constructs/kubernetes/secrets';
import { EXAMPLE_SECRETS } from '../../helpers/example';
import { resourceList, synthStaging, type Synthesized } from './synth';

const SECRET = 'kubernetes_secret_v1';
let example: Synthesized;

beforeAll(async () => {
  example = await synthStaging();
});

function serviceSecret(s: Synthesized, service: string) {
  const found = resourceList(s.json, SECRET).filter((r) => r.metadata.name === `acme-staging-${service}-env`);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('service secrets', () => {
  test('hold the secret env and the wired datastore values, all as Terraform expressions', () => {
    expect(serviceSecret(example, 'web').data).toEqual({
      SESSION_SECRET: '${var.secret_session_secret}',
      PGPASSWORD: '${var.secret_postgres_password}',
      DATABASE_URL: 'postgres://app:${urlencode(var.secret_postgres_password)}@acme-staging-postgres.acme-staging.svc.cluster.local:5432/app?sslmode=require',
      REDIS_URL: 'rediss://:${urlencode(var.secret_redis_password)}@acme-staging-redis.acme-staging.svc.cluster.local:6379',
    });
    expect(serviceSecret(example, 'web').type).toBe('Opaque');
  });

  test('every secret value is a ${var.secret_…} reference, or a template over them', () => {
    for (const secret of resourceList(example.json, SECRET)) {
      for (const value of Object.values(secret.data) as string[]) {
        expect(value).toMatch(/\$\{(urlencode\()?var\.secret_[a-z0-9_]+\)?\}/);
      }
    }
  });

  test('no example secret value appears anywhere in cdk.tf.json', () => {
    for (const value of Object.values(EXAMPLE_SECRETS)) {
      expect(example.text).not.toContain(value);
      expect(example.text).not.toContain(encodeURIComponent(value));
    }
  });

  test('no container reads a secret as a literal env value', () => {
    const secretNames = new Set(['SESSION_SECRET', 'DATABASE_URL', 'PGPASSWORD', 'REDIS_URL', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'REDISCLI_AUTH']);
    const workloads = [...resourceList(example.json, 'kubernetes_deployment_v1'), ...resourceList(example.json, 'kubernetes_stateful_set_v1')];
    let checked = 0;
    for (const w of workloads) {
      for (const e of w.spec.template.spec.container[0].env) {
        if (secretNames.has(e.name)) {
          expect(e.value).toBeUndefined();
          expect(e.value_from.secret_key_ref.name).toMatch(/^\$\{kubernetes_secret_v1\./);
          checked++;
        }
      }
    }
    expect(checked).toBe(11); // web 4, worker 4, postgres 1, redis 2
  });

  test('without TLS the URLs say sslmode=disable and redis://', async () => {
    const s = await synthStaging((spec) => {
      spec.environments.staging.overrides.postgres.tls = false;
      spec.environments.staging.overrides.redis = { tls: false };
    });
    const data = serviceSecret(s, 'worker').data;
    expect(data.DATABASE_URL).toBe('postgres://app:${urlencode(var.secret_postgres_password)}@acme-staging-postgres.acme-staging.svc.cluster.local:5432/app?sslmode=disable');
    expect(data.REDIS_URL).toBe('redis://:${urlencode(var.secret_redis_password)}@acme-staging-redis.acme-staging.svc.cluster.local:6379');
  });

  test('user and database in the URL come from the model', async () => {
    const s = await synthStaging((spec) => {
      spec.postgres.username = 'acme_app';
      spec.postgres.database = 'acme';
    });
    expect(serviceSecret(s, 'web').data.DATABASE_URL).toMatch(/^postgres:\/\/acme_app:\$\{urlencode\(var\.secret_postgres_password\)\}@.*:5432\/acme\?sslmode=require$/);
  });

  test('external datastores: the URL secret as it is, no PGPASSWORD', async () => {
    const url = 'postgres://ext:test-external-url-9f8e7d@db.example.com/app';
    const redisUrl = 'rediss://:test-external-redis-1a2b3c@cache.example.com:6380';
    const s = await synthStaging(
      (spec) => {
        spec.postgres = { external: { urlSecret: 'EXTERNAL_DATABASE_URL' } };
        spec.redis = { external: { urlSecret: 'EXTERNAL_REDIS_URL' } };
        delete spec.environments.staging.overrides.postgres;
      },
      { SESSION_SECRET: EXAMPLE_SECRETS.SESSION_SECRET!, EXTERNAL_DATABASE_URL: url, EXTERNAL_REDIS_URL: redisUrl },
    );
    expect(serviceSecret(s, 'web').data).toEqual({
      SESSION_SECRET: '${var.secret_session_secret}',
      DATABASE_URL: '${var.secret_external_database_url}',
      REDIS_URL: '${var.secret_external_redis_url}',
    });
    expect(s.text).not.toContain(url);
    expect(s.text).not.toContain(redisUrl);
  });

  test('a service with only literal env has no Secret', async () => {
    const s = await synthStaging((spec) => {
      spec.services.worker.secretEnv = [];
      spec.services.worker.uses = [];
    });
    expect(resourceList(s.json, SECRET).map((r) => r.metadata.name)).not.toContain('acme-staging-worker-env');
    const env = s.json.resource.kubernetes_deployment_v1.ServiceWorker_9E51D19C.spec.template.spec.container[0].env;
    expect(env.every((e: any) => e.value !== undefined && e.value_from === undefined)).toBe(true);
  });
});

describe('EnvSecret', () => {
  test('fails when a value is a literal', () => {
    const stack = Testing.app();
    expect(() => new EnvSecret(stack, 'S', { name: 's', namespace: 'ns', labels: {}, data: { TOKEN: 'plain-text' } })).toThrow(
      /secret s: data\.TOKEN is a literal, expected a reference from stack\.secrets\.value\(ref\)/,
    );
  });
});

describe('containerEnv', () => {
  test('literal -> value, others -> secret_key_ref with the variable name as key', () => {
    expect(
      containerEnv(
        [
          { name: 'A', value: { kind: 'literal', value: '1' } },
          { name: 'B', value: { kind: 'secret', secret: { name: 'B', variable: 'secret_b' } } },
          { name: 'REDIS_URL', value: { kind: 'redis-url' } },
        ],
        'env-secret',
      ),
    ).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'B' } } },
      { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'REDIS_URL' } } },
    ]);
  });

  test('fails when a non-literal value has no Secret to come from', () => {
    expect(() => containerEnv([{ name: 'PGPASSWORD', value: { kind: 'postgres-password' } }], undefined)).toThrow(/env PGPASSWORD: a postgres-password value needs the service's Secret/);
  });
});
