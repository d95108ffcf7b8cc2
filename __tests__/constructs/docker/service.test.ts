import { dockerHealthcheck } from '../../../constructs/docker/health-check';
import { EXAMPLE_PINS, EXAMPLE_SECRETS, exampleSpec } from '../../helpers/example';
import { asJson, container, containers, dockerModel, envOf, imageRef, networkRef, resources, synthDocker } from './docker-synth';

describe('AppService', () => {
  test('pins the image to the exact reference and runs the container from its image_id', async () => {
    const { tf } = await synthDocker();
    const images = Object.values(resources(tf, 'docker_image')).map((i) => i.name);
    expect(images).toEqual(expect.arrayContaining([EXAMPLE_PINS.web, EXAMPLE_PINS.worker]));
    for (const img of Object.values(resources(tf, 'docker_image'))) expect(img.keep_locally).toBe(true);
    expect(container(tf, 'acme-dev-web-1').image).toBe(imageRef(tf, EXAMPLE_PINS.web!));
    expect(container(tf, 'acme-dev-worker-1').image).toBe(imageRef(tf, EXAMPLE_PINS.worker!));
  });

  test("each service's container has the translation of its health checks", async () => {
    const { tf, model } = await synthDocker();
    for (const s of model.services) {
      expect(container(tf, `${s.resourceName}-1`).healthcheck).toEqual(asJson(dockerHealthcheck(s.healthChecks)));
    }
    const web = model.services.find((s) => s.name === 'web')!;
    expect(container(tf, 'acme-dev-web-1').healthcheck).toEqual({
      test: ['CMD-SHELL', web.healthChecks.liveness!.toShellCommand()],
      interval: '15s',
      timeout: '5s',
      retries: 3,
      // the startup check allows 5s * 12
      start_period: '60s',
    });
    expect(container(tf, 'acme-dev-web-1').wait).toBe(true);
    expect(container(tf, 'acme-dev-web-1').wait_timeout).toBeGreaterThanOrEqual(60 + 15 * 3);
  });

  test('publishes only the public service, on 127.0.0.1', async () => {
    const { tf } = await synthDocker();
    expect(container(tf, 'acme-dev-web-1').ports).toEqual([{ internal: 8080, external: 8080, ip: '127.0.0.1', protocol: 'tcp' }]);
    expect(container(tf, 'acme-dev-worker-1').ports).toBeUndefined();
  });

  test('publishes on the configured publishAddress', async () => {
    const spec = exampleSpec();
    spec.environments.dev.target = { kind: 'docker', host: 'ssh://deploy@dev-box', publishAddress: '10.1.2.3' };
    const { tf } = await synthDocker({ spec });
    expect(container(tf, 'acme-dev-web-1').ports).toEqual([{ internal: 8080, external: 8080, ip: '10.1.2.3', protocol: 'tcp' }]);
    expect(tf.provider.docker).toEqual([{ host: 'ssh://deploy@dev-box' }]);
  });

  test('joins the environment network with the service name as alias', async () => {
    const { tf } = await synthDocker();
    expect(container(tf, 'acme-dev-web-1').networks_advanced).toEqual([{ name: networkRef(tf), aliases: ['web'] }]);
    expect(container(tf, 'acme-dev-worker-1').networks_advanced).toEqual([{ name: networkRef(tf), aliases: ['worker'] }]);
  });

  test('wires DATABASE_URL, PGPASSWORD and REDIS_URL to the datastore containers', async () => {
    const { tf } = await synthDocker();
    for (const name of ['acme-dev-web-1', 'acme-dev-worker-1']) {
      const env = envOf(container(tf, name));
      expect(env.DATABASE_URL).toBe('postgres://app:${urlencode(var.secret_postgres_password)}@acme-dev-postgres:5432/app?sslmode=disable');
      expect(env.PGPASSWORD).toBe('${var.secret_postgres_password}');
      expect(env.REDIS_URL).toBe('redis://:${urlencode(var.secret_redis_password)}@acme-dev-redis:6379');
      expect(env.SESSION_SECRET).toBe('${var.secret_session_secret}');
      expect(env.NODE_ENV).toBe('production');
    }
    expect(envOf(container(tf, 'acme-dev-web-1'))).toMatchObject({ PORT: '8080', LOG_LEVEL: 'debug' });
    expect(envOf(container(tf, 'acme-dev-worker-1'))).toMatchObject({ QUEUE_CONCURRENCY: '4' });
  });

  test('depends on the datastore containers it uses', async () => {
    const { tf } = await synthDocker();
    const ids = Object.entries(resources(tf, 'docker_container'));
    const idOf = (name: string) => `docker_container.${ids.find(([, c]) => c.name === name)![0]}`;
    expect(container(tf, 'acme-dev-web-1').depends_on).toEqual([idOf('acme-dev-postgres'), idOf('acme-dev-redis')]);
  });

  test('a service that uses no datastore has no dependency and no wiring', async () => {
    const spec = exampleSpec();
    spec.services.worker.uses = [];
    const { tf } = await synthDocker({ spec });
    const worker = container(tf, 'acme-dev-worker-1');
    expect(worker.depends_on).toBeUndefined();
    expect(Object.keys(envOf(worker))).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
    expect(envOf(worker).REDIS_URL).toBeUndefined();
  });

  test('command replaces the entrypoint and args replace CMD', async () => {
    const spec = exampleSpec();
    spec.services.worker.args = ['--queue', 'default'];
    const { tf } = await synthDocker({ spec });
    expect(container(tf, 'acme-dev-worker-1').entrypoint).toEqual(['node', 'dist/worker.js']);
    expect(container(tf, 'acme-dev-worker-1').command).toEqual(['--queue', 'default']);
    expect(container(tf, 'acme-dev-web-1').command).toBeUndefined();
  });

  test('runs as runAsUser with restart policy, memory limit without swap and CPU weight', async () => {
    const { tf } = await synthDocker();
    const web = container(tf, 'acme-dev-web-1');
    expect(web).toMatchObject({ user: '10001', restart: 'unless-stopped', must_run: true, memory: 1024, memory_swap: 1024, cpu_shares: 512 });
    expect(container(tf, 'acme-dev-worker-1')).toMatchObject({ memory: 512, memory_swap: 512, cpu_shares: 256 });
  });

  test('uses memoryLimitMiB when it is above the request', async () => {
    const spec = exampleSpec();
    spec.services.worker.resources = { cpu: 0.25, memoryMiB: 512, memoryLimitMiB: 768 };
    const { tf } = await synthDocker({ spec });
    expect(container(tf, 'acme-dev-worker-1')).toMatchObject({ memory: 768, memory_swap: 768 });
  });

  test('is hardened: no privileges, capabilities dropped, no host namespaces or mounts', async () => {
    const { tf } = await synthDocker();
    for (const name of ['acme-dev-web-1', 'acme-dev-worker-1']) {
      const c = container(tf, name);
      expect(c.capabilities).toEqual({ drop: ['ALL'] });
      expect(c.security_opts).toEqual(['no-new-privileges:true']);
      expect(c.volumes).toBeUndefined();
      expect(c.mounts).toBeUndefined();
    }
  });

  test('runs replicas.min containers, numbered from 1', async () => {
    const spec = exampleSpec();
    spec.environments.dev.overrides.services.worker.replicas = 3;
    const { tf, model } = await synthDocker({ spec });
    const workers = containers(tf).filter((c) => c.name.startsWith('acme-dev-worker-'));
    expect(workers.map((c) => c.name).sort()).toEqual(['acme-dev-worker-1', 'acme-dev-worker-2', 'acme-dev-worker-3']);
    const worker = model.services.find((s) => s.name === 'worker')!;
    for (const c of workers) {
      expect(c.image).toBe(imageRef(tf, EXAMPLE_PINS.worker!));
      expect(c.healthcheck).toEqual(asJson(dockerHealthcheck(worker.healthChecks)));
      expect(c.networks_advanced).toEqual([{ name: networkRef(tf), aliases: ['worker'] }]);
      expect(c.ports).toBeUndefined();
    }
    // one image for all replicas
    expect(Object.values(resources(tf, 'docker_image')).filter((i) => i.name === EXAMPLE_PINS.worker)).toHaveLength(1);
  });

  test('escapes Terraform interpolation in literal values', async () => {
    const spec = exampleSpec();
    spec.services.web.env.GREETING = 'hello ${name} %{if x}';
    const { tf } = await synthDocker({ spec });
    expect(envOf(container(tf, 'acme-dev-web-1')).GREETING).toBe('hello $${name} %%{if x}');
  });

  test('an external datastore is wired from its URL secret, with no dependency', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'EXTERNAL_DATABASE_URL' } };
    delete spec.environments.dev.overrides.postgres;
    const secrets = { ...EXAMPLE_SECRETS, EXTERNAL_DATABASE_URL: 'postgres://u:test-external-url-secret-77@db.example:5432/app' };
    const { tf, json } = await synthDocker({ spec, secrets });
    const web = container(tf, 'acme-dev-web-1');
    expect(envOf(web).DATABASE_URL).toBe('${var.secret_external_database_url}');
    expect(envOf(web).PGPASSWORD).toBeUndefined();
    expect(web.depends_on).toEqual([expect.stringMatching(/^docker_container\.Redis_/)]);
    expect(json).not.toContain('test-external-url-secret-77');
  });

  test('renders a service without health checks with no healthcheck block (the policies report it)', async () => {
    const spec = exampleSpec();
    spec.services.worker.healthChecks = {};
    const { tf } = await synthDocker({ spec });
    const worker = container(tf, 'acme-dev-worker-1');
    expect(worker.healthcheck).toBeUndefined();
    expect(worker.wait).toBe(true);
  });

  test('the model of the example is a docker environment', async () => {
    expect((await dockerModel()).target).toEqual({ kind: 'docker', host: 'unix:///var/run/docker.sock', publishAddress: '127.0.0.1' });
  });
});
