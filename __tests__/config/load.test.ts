import { loadEnvironments, parseSpec, SpecError, type SpecIssue } from '../../config';
import { EXAMPLE_PINS, EXAMPLE_SECRETS, exampleSpec, loadExample, memorySource } from '../helpers/example';

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SpecError) return err.issues.map((i: SpecIssue) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a SpecError');
}

describe('loadEnvironments on the example', () => {
  test('loads every environment with its target, tier and pinned images', async () => {
    const envs = await loadExample();
    expect(envs.map((e) => [e.config.name, e.config.target.kind, e.config.tier])).toEqual([
      ['dev', 'docker', 'development'],
      ['staging', 'kubernetes', 'staging'],
      ['prod', 'aws', 'production'],
    ]);
    for (const e of envs) {
      expect(e.config.services.map((s) => s.image)).toEqual([EXAMPLE_PINS.web, EXAMPLE_PINS.worker]);
      expect(e.config.secretNames).toEqual(Object.keys(EXAMPLE_SECRETS).sort());
    }
  });

  test('applies overrides deeply: objects merge, scalars replace, defaults still apply', async () => {
    const [dev, , prod] = await loadExample();
    const devWeb = dev!.config.services[0]!;
    expect(devWeb.replicas).toBe(1);
    expect(devWeb.env).toEqual({ NODE_ENV: 'production', LOG_LEVEL: 'debug' });
    expect(devWeb.ingress).toEqual({ host: 'web.localhost', path: '/' });
    const prodWeb = prod!.config.services[0]!;
    expect(prodWeb.replicas).toEqual({ min: 3, max: 12, targetCpuPercent: 70 });
    expect(prodWeb.resources).toEqual({ cpu: 1, memoryMiB: 2048 });
    expect(prod!.config.postgres).toMatchObject({ instanceClass: 'db.m7g.large', highAvailability: true, backups: { retentionDays: 14 }, version: '16' });
    expect(dev!.config.postgres).toMatchObject({ tls: false, deletionProtection: false });
  });

  test('keeps secret values out of the config', async () => {
    const [prod] = await loadExample({ only: ['prod'] });
    const json = JSON.stringify(prod!.config);
    for (const value of Object.values(EXAMPLE_SECRETS)) expect(json).not.toContain(value);
    expect(prod!.secrets).toEqual(EXAMPLE_SECRETS);
  });

  test('loads only the environments asked', async () => {
    const envs = await loadExample({ only: ['staging'] });
    expect(envs.map((e) => e.config.name)).toEqual(['staging']);
  });
});

describe('spec errors', () => {
  test('fails when a key is unknown, naming the path', async () => {
    const spec = exampleSpec();
    spec.services.web.replica = 3;
    expect(await issuesOf(loadExample({ spec }))).toEqual(['services.web.replica: unknown key (check the spelling; unknown keys are errors)']);
  });

  test('fails when an override has an unknown key, naming the override path', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.services.web.replica = 3;
    expect(await issuesOf(loadExample({ spec }))).toEqual([
      'environments.prod.overrides.services.web.replica: unknown key (check the spelling; unknown keys are errors)',
    ]);
  });

  test('reports every error at once, each with what it got', async () => {
    const spec = exampleSpec();
    spec.services.web.port = 0;
    spec.services.worker.image = 'ghcr.io/acme/worker:v1';
    spec.postgres.version = '9.6';
    spec.environments.staging.target.namespace = 'Bad_NS';
    spec.environments.prod.overrides.services.web.replicas = { min: 5, max: 2 };
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues).toEqual(
      expect.arrayContaining([
        'services.web.port: Too small: expected number to be >=1, got 0',
        `services.worker.image: expected a repository without tag or digest (the pin lives in each environment's file), got "ghcr.io/acme/worker:v1"`,
        'postgres.version: expected a PostgreSQL version 13 to 18, as "16" or "16.4", got "9.6"',
        expect.stringMatching(/^environments\.staging\.target\.namespace: expected a lowercase DNS label.*got "Bad_NS"$/),
        'environments.prod.overrides.services.web.replicas.min: min must not exceed max',
      ]),
    );
    expect(issues.length).toBeGreaterThanOrEqual(5);
  });

  test('fails when a required field is missing', async () => {
    const spec = exampleSpec();
    delete spec.services.web.image;
    expect(await issuesOf(loadExample({ spec }))).toContain('services.web.image: is required (expected string, received undefined)');
  });

  test('fails when a health check timeout is not below its interval', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.readiness.timeoutSeconds = 10;
    expect(await issuesOf(loadExample({ spec }))).toContain('services.web.healthChecks.readiness.timeoutSeconds: must be below intervalSeconds (10), got 10');
  });

  test('fails when a health check type is unknown', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.readiness.type = 'grpc';
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues.some((i) => i.startsWith('services.web.healthChecks.readiness.type: ') && i.includes('"http"') && i.includes('grpc'))).toBe(true);
  });

  test('fails when a worker without port has an http check or ingress', async () => {
    const spec = exampleSpec();
    spec.services.worker.healthChecks.liveness = { type: 'http', path: '/health' };
    spec.services.worker.ingress = { host: 'worker.acme.example' };
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues).toEqual(
      expect.arrayContaining([
        'services.worker.healthChecks.liveness.port: a http check needs a port and the service has none (use type: "command" for workers)',
        'services.worker.ingress: a public service needs a port',
      ]),
    );
  });

  test('fails when a service sets a variable pinstack wires itself', async () => {
    const spec = exampleSpec();
    spec.services.web.env.DATABASE_URL = 'postgres://x';
    expect(await issuesOf(loadExample({ spec }))).toContain('services.web.env.DATABASE_URL: DATABASE_URL is set by pinstack (from the port and `uses`); remove it');
  });

  test('fails when an override names an unknown service or environment', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.services.api = { replicas: 2 };
    expect(await issuesOf(loadExample({ spec }))).toContain('environments.prod.overrides.services.api: unknown service (expected one of web, worker)');
    expect(await issuesOf(loadExample({ only: ['qa'] }))).toContain('environments: unknown environment qa (expected one of dev, staging, prod)');
  });

  test('fails when external datastore has extra keys', async () => {
    const spec = exampleSpec();
    spec.redis = { external: { urlSecret: 'REDIS_URL_SECRET' }, tls: true };
    expect(await issuesOf(loadExample({ spec }))).toContain('redis.tls: unknown key (check the spelling; unknown keys are errors)');
  });

  test('parseSpec validates the spec alone', () => {
    expect(parseSpec(exampleSpec()).name).toBe('acme');
    expect(() => parseSpec({ name: 'acme' })).toThrow(/services: is required/);
  });
});

describe('pins', () => {
  test.each([
    ['ghcr.io/acme/web:latest', 'must not use the floating tag :latest'],
    ['ghcr.io/acme/web:LATEST', 'must not use the floating tag :latest'],
    ['ghcr.io/acme/web', 'has no tag or digest'],
    ['ghcr.io/acme/worker:v42-3f9c2ab', 'must be an image of ghcr.io/acme/web'],
    ['ghcr.io/acme/web:bad tag', 'invalid tag'],
  ])('fails when the pin is %s', async (pin, message) => {
    const issues = await issuesOf(loadExample({ pins: { ...EXAMPLE_PINS, web: pin }, only: ['prod'] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain('environments.prod: services.web.image: (pin in secrets/prod.enc.yaml)');
    expect(issues[0]).toContain(message);
    expect(issues[0]).toContain(JSON.stringify(pin));
  });

  test('fails when a service has no pin, with the command that sets one', async () => {
    const issues = await issuesOf(loadExample({ pins: { web: EXAMPLE_PINS.web! }, only: ['dev'] }));
    expect(issues).toEqual(['environments.dev: services.worker.image: has no pin in secrets/dev.enc.yaml (set one with: pinstack pin dev worker ghcr.io/acme/worker:<tag>)']);
  });

  test('accepts a digest pin, and a digest beside :latest', async () => {
    const digest = `ghcr.io/acme/web@sha256:${'d'.repeat(64)}`;
    const [prod] = await loadExample({ pins: { ...EXAMPLE_PINS, web: digest }, only: ['prod'] });
    expect(prod!.config.services[0]!.image).toBe(digest);
    await expect(loadExample({ pins: { ...EXAMPLE_PINS, web: `ghcr.io/acme/web:latest@sha256:${'d'.repeat(64)}` }, only: ['prod'] })).resolves.toHaveLength(1);
  });

  test('fails when the environment file cannot be read, naming the environment', async () => {
    const read = async (path: string) => {
      throw new Error(`${path}: MAC mismatch, the file was modified outside sops`);
    };
    const issues = await issuesOf(loadEnvironments(exampleSpec(), read, { only: ['prod'] }));
    expect(issues).toEqual(['environments.prod.secretsFile: secrets/prod.enc.yaml: MAC mismatch, the file was modified outside sops']);
  });

  test('reads the file the environment names', async () => {
    const spec = exampleSpec();
    spec.environments.prod.secretsFile = 'secrets/production.enc.yaml';
    const paths: string[] = [];
    const read = memorySource();
    await loadEnvironments(spec, async (p, e) => (paths.push(p), read(p, e)), { only: ['prod'] });
    expect(paths).toEqual(['secrets/production.enc.yaml']);
  });
});

describe('what the target can provide', () => {
  test('fails when an extension is not available on RDS, naming the target', async () => {
    const spec = exampleSpec();
    spec.postgres.extensions = ['pg_trgm', 'timescaledb'];
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues).toContain('environments.prod: postgres.extensions: timescaledb not available: RDS does not provide them (target aws)');
    expect(issues).toContain(
      'environments.dev: postgres.extensions: timescaledb not available: the official postgres image has only the contrib modules; set postgres.image to an image that has them (target docker)',
    );
  });

  test('accepts an extension from a custom image on docker and kubernetes', async () => {
    const spec = exampleSpec();
    spec.postgres.extensions = ['timescaledb'];
    spec.postgres.image = 'docker.io/timescale/timescaledb:2.17.2-pg16';
    spec.environments.prod.overrides.postgres.extensions = [];
    spec.environments.prod.overrides.postgres.image = undefined;
    delete spec.environments.prod.overrides.postgres.image;
    // prod (aws) must not carry an image: RDS runs its own engine.
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues).toEqual(['environments.prod: postgres.image: RDS runs its own engine; remove image for this environment (target aws)']);
  });

  test('fails when a public service on aws has a non-http readiness check', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.readiness = { type: 'tcp' };
    expect(await issuesOf(loadExample({ spec, only: ['prod'] }))).toContain(
      'environments.prod: services.web.healthChecks.readiness: a public service behind the load balancer needs an http readiness check (the target group checks a path), got type tcp (target aws)',
    );
  });

  test('fails when a health check is outside the ECS bounds', async () => {
    const spec = exampleSpec();
    spec.services.web.healthChecks.liveness.timeoutSeconds = 1;
    expect(await issuesOf(loadExample({ spec, only: ['prod'] }))).toContain(
      'environments.prod: services.web.healthChecks.liveness.timeoutSeconds: ECS container health checks accept 2 to 60, got 1 (target aws)',
    );
  });

  test('fails when docker is asked to autoscale', async () => {
    const spec = exampleSpec();
    delete spec.environments.dev.overrides.services.web.replicas;
    expect(await issuesOf(loadExample({ spec, only: ['dev'] }))).toContain(
      'environments.dev: services.web.replicas: the docker target cannot autoscale; override replicas with a fixed count for this environment (target docker)',
    );
  });

  test('fails when datastores ask for TLS the target cannot serve', async () => {
    const spec = exampleSpec();
    delete spec.environments.dev.overrides.redis;
    delete spec.environments.staging.target.datastoreTlsSecret;
    const issues = await issuesOf(loadExample({ spec }));
    expect(issues).toEqual(
      expect.arrayContaining([
        'environments.dev: redis.tls: the docker target serves Redis without TLS; override tls: false for this environment (target docker)',
        'environments.staging: postgres.tls: TLS needs target.datastoreTlsSecret (a kubernetes.io/tls secret, e.g. from cert-manager) (target kubernetes)',
      ]),
    );
  });

  test('fails when a secret is missing from the file, with the command that sets it', async () => {
    const secrets: Record<string, string> = { ...EXAMPLE_SECRETS };
    delete secrets.SESSION_SECRET;
    const issues = await issuesOf(loadExample({ secrets, only: ['staging'] }));
    expect(issues).toEqual(
      expect.arrayContaining([
        'environments.staging: services.web.secretEnv: secret SESSION_SECRET is missing from secrets/staging.enc.yaml (set it with: pinstack secrets set staging SESSION_SECRET --from-stdin) (target kubernetes)',
      ]),
    );
  });

  test('fails when the Redis password cannot be an ElastiCache auth token, without showing it', async () => {
    const secrets = { ...EXAMPLE_SECRETS, REDIS_PASSWORD: 'short@pw' };
    const issues = await issuesOf(loadExample({ secrets, only: ['prod'] }));
    expect(issues).toEqual(['environments.prod: secrets.REDIS_PASSWORD: must be 16 to 128 characters for ElastiCache AUTH, got 8 (value not shown) (target aws)']);
    expect(issues.join('\n')).not.toContain('short@pw');
  });
});

test('fails when an autoscaled service has no CPU request on kubernetes or aws', async () => {
  const spec = exampleSpec();
  delete spec.services.web.resources;
  delete spec.environments.prod.overrides.services.web.resources;
  const issues = await issuesOf(loadExample({ spec }));
  expect(issues).toEqual([
    'environments.staging: services.web.resources: autoscaling on CPU needs a CPU request; set resources.cpu and resources.memoryMiB (target kubernetes)',
    'environments.prod: services.web.resources: autoscaling on CPU needs a CPU request; set resources.cpu and resources.memoryMiB (target aws)',
  ]);
});
