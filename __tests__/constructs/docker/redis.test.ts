import { REDIS_HEALTH_COMMAND } from '../../../constructs/docker/redis';
import { EXAMPLE_SECRETS, exampleSpec } from '../../helpers/example';
import { container, containers, envOf, imageRef, networkRef, resources, synthDocker } from './docker-synth';

describe('RedisCache', () => {
  test('starts redis-server through sh -c with the password from an environment variable', async () => {
    const { tf } = await synthDocker();
    const redis = container(tf, 'acme-dev-redis');
    expect(redis.image).toBe(imageRef(tf, 'docker.io/library/redis:7.0'));
    expect(redis.entrypoint).toEqual(['sh', '-c']);
    expect(redis.command).toEqual([`exec docker-entrypoint.sh redis-server --requirepass "$REDIS_PASSWORD" --maxmemory 256mb --appendonly no --save ''`]);
    expect(envOf(redis)).toEqual({ REDIS_PASSWORD: '${var.secret_redis_password}' });
    expect(redis.command.join(' ')).not.toContain('var.');
  });

  test('checks health with an authenticated ping', async () => {
    const { tf } = await synthDocker();
    const redis = container(tf, 'acme-dev-redis');
    expect(REDIS_HEALTH_COMMAND).toBe('redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep PONG');
    expect(redis.healthcheck).toEqual({ test: ['CMD-SHELL', REDIS_HEALTH_COMMAND], interval: '5s', timeout: '3s', retries: 5, start_period: '10s' });
    expect(redis).toMatchObject({ wait: true, must_run: true, restart: 'unless-stopped', memory: 384, memory_swap: 384 });
  });

  test('publishes no port and is reachable only on the environment network as its name', async () => {
    const { tf } = await synthDocker();
    const redis = container(tf, 'acme-dev-redis');
    expect(redis).not.toHaveProperty('ports');
    expect(redis.networks_advanced).toEqual([{ name: networkRef(tf), aliases: ['acme-dev-redis'] }]);
  });

  test('has no volume without persistence', async () => {
    const { tf } = await synthDocker();
    expect(container(tf, 'acme-dev-redis').volumes).toBeUndefined();
    expect(Object.values(resources(tf, 'docker_volume')).map((v) => v.name)).toEqual(['acme-dev-postgres-data']);
  });

  test('with persistence, appends to a named volume', async () => {
    const spec = exampleSpec();
    spec.environments.dev.overrides.redis.persistence = true;
    const { tf } = await synthDocker({ spec });
    const redis = container(tf, 'acme-dev-redis');
    expect(redis.command[0]).toMatch(/--maxmemory 256mb --appendonly yes$/);
    const [id, volume] = Object.entries(resources(tf, 'docker_volume')).find(([, v]) => v.name === 'acme-dev-redis-data')!;
    expect(volume.name).toBe('acme-dev-redis-data');
    expect(redis.volumes).toEqual([{ volume_name: `\${docker_volume.${id}.name}`, container_path: '/data' }]);
    expect(redis.memory).toBe(512);
  });

  test('an external redis renders no container and wires REDIS_URL from its secret', async () => {
    const spec = exampleSpec();
    spec.redis = { external: { urlSecret: 'EXTERNAL_REDIS_URL' } };
    delete spec.environments.dev.overrides.redis;
    const secrets = { ...EXAMPLE_SECRETS, EXTERNAL_REDIS_URL: 'rediss://:test-external-redis-secret-42@cache.example:6380' };
    const { tf, json } = await synthDocker({ spec, secrets });
    expect(containers(tf).map((c) => c.name)).not.toContain('acme-dev-redis');
    expect(envOf(container(tf, 'acme-dev-web-1')).REDIS_URL).toBe('${var.secret_external_redis_url}');
    expect(tf.variable.secret_redis_password).toBeUndefined();
    expect(json).not.toContain('test-external-redis-secret-42');
  });
});
