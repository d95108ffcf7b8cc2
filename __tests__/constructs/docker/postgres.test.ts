import { dockerHealthcheck } from '../../../constructs/docker/health-check';
import { EXTENSIONS_INIT_FILE, postgresHealthCheck } from '../../../constructs/docker/postgres';
import { exampleSpec } from '../../helpers/example';
import { asJson, container, containers, imageRef, networkRef, resources, synthDocker } from './docker-synth';

describe('PostgresDatabase', () => {
  test('runs the model image with user, database and the password variable', async () => {
    const { tf } = await synthDocker();
    const pg = container(tf, 'acme-dev-postgres');
    expect(pg.image).toBe(imageRef(tf, 'docker.io/library/postgres:16'));
    expect(pg.env).toEqual(['POSTGRES_USER=app', 'POSTGRES_DB=app', 'POSTGRES_PASSWORD=${var.secret_postgres_password}']);
    expect(pg.command).toBeUndefined();
  });

  test('publishes no port and is reachable only on the environment network as its name', async () => {
    const { tf } = await synthDocker();
    const pg = container(tf, 'acme-dev-postgres');
    expect(pg).not.toHaveProperty('ports');
    expect(pg.publish_all_ports).toBeUndefined();
    expect(pg.networks_advanced).toEqual([{ name: networkRef(tf), aliases: ['acme-dev-postgres'] }]);
  });

  test('checks health with pg_isready for its user and database', async () => {
    const { tf, model } = await synthDocker();
    const pg = container(tf, 'acme-dev-postgres');
    expect(pg.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready -h 127.0.0.1 -p 5432 -U app -d app']);
    expect(pg.healthcheck).toEqual(asJson(dockerHealthcheck({ liveness: postgresHealthCheck(model.postgres as never) })));
    expect(pg).toMatchObject({ wait: true, must_run: true, restart: 'unless-stopped', memory: 1024, memory_swap: 1024 });
  });

  test('keeps its data in a named volume', async () => {
    const { tf } = await synthDocker();
    const volumes = Object.entries(resources(tf, 'docker_volume'));
    expect(volumes).toHaveLength(1);
    const [id, volume] = volumes[0]!;
    expect(volume.name).toBe('acme-dev-postgres-data');
    expect(volume.lifecycle).toBeUndefined();
    expect(container(tf, 'acme-dev-postgres').volumes).toEqual([{ volume_name: `\${docker_volume.${id}.name}`, container_path: '/var/lib/postgresql/data' }]);
  });

  test('protects the volume from destruction with deletionProtection', async () => {
    const spec = exampleSpec();
    delete spec.environments.dev.overrides.postgres.deletionProtection;
    const { tf } = await synthDocker({ spec });
    expect(Object.values(resources(tf, 'docker_volume'))[0].lifecycle).toEqual({ prevent_destroy: true });
  });

  test('mounts the volume at /var/lib/postgresql from version 18', async () => {
    const spec = exampleSpec();
    spec.postgres.version = '18';
    const { tf } = await synthDocker({ spec });
    const pg = container(tf, 'acme-dev-postgres');
    expect(pg.image).toBe(imageRef(tf, 'docker.io/library/postgres:18'));
    expect(pg.volumes[0].container_path).toBe('/var/lib/postgresql');
  });

  test('creates the extensions with an init script', async () => {
    const { tf } = await synthDocker();
    expect(container(tf, 'acme-dev-postgres').upload).toEqual([
      { file: EXTENSIONS_INIT_FILE, content: 'CREATE EXTENSION IF NOT EXISTS "pg_trgm";\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n' },
    ]);
    expect(EXTENSIONS_INIT_FILE).toBe('/docker-entrypoint-initdb.d/10-extensions.sql');
  });

  test('uploads nothing without extensions', async () => {
    const spec = exampleSpec();
    spec.postgres.extensions = [];
    const { tf } = await synthDocker({ spec });
    expect(container(tf, 'acme-dev-postgres').upload).toBeUndefined();
  });

  test('preloads the libraries that need it on the server command line', async () => {
    const spec = exampleSpec();
    spec.postgres.extensions = ['pg_trgm', 'pg_stat_statements'];
    const { tf } = await synthDocker({ spec });
    const pg = container(tf, 'acme-dev-postgres');
    expect(pg.command).toEqual(['postgres', '-c', 'shared_preload_libraries=pg_stat_statements']);
    expect(pg.upload[0].content).toContain('CREATE EXTENSION IF NOT EXISTS "pg_stat_statements";');
  });

  test('an external postgres renders no container, image or volume', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'EXTERNAL_DATABASE_URL' } };
    delete spec.environments.dev.overrides.postgres;
    const { tf } = await synthDocker({ spec, secrets: { SESSION_SECRET: 's-1', REDIS_PASSWORD: 'r-1', EXTERNAL_DATABASE_URL: 'postgres://x' } });
    expect(containers(tf).map((c) => c.name)).not.toContain('acme-dev-postgres');
    expect(Object.values(resources(tf, 'docker_image')).map((i) => i.name)).not.toContain('docker.io/library/postgres:16');
    expect(resources(tf, 'docker_volume')).toEqual({});
    expect(tf.variable.secret_postgres_password).toBeUndefined();
  });
});
