import * as path from 'node:path';
import { createEnvironmentFile } from '../../lib/envfile';
import { generateAgeKey } from '../../lib/sops';
import { type CliResult, runCli, tempProject } from '../helpers/cli';
import { EXAMPLE_PINS, exampleSpec } from '../helpers/example';
import { type PostgresServer, type RedisServer, startPostgres, startRedis } from '../helpers/servers';

/** The example app with Postgres and Redis outside the stack, their URLs in DATABASE_URL and REDIS_URL. */
function externalSpec(): any {
  const spec = exampleSpec();
  spec.postgres = { external: { urlSecret: 'DATABASE_URL' } };
  spec.redis = { external: { urlSecret: 'REDIS_URL' } };
  spec.services.worker.secretEnv = ['SESSION_SECRET', 'API_TOKEN'];
  delete spec.environments.dev.overrides.postgres;
  delete spec.environments.dev.overrides.redis;
  spec.environments = { dev: spec.environments.dev };
  return spec;
}

/** The example app with a managed Postgres built from a custom image that should have pgvector. */
function managedSpec(): any {
  const spec = exampleSpec();
  spec.postgres.image = 'ghcr.io/acme/postgres:16.4-pgvector-0.8.0';
  spec.postgres.extensions = ['pg_trgm', 'uuid-ossp', 'vector'];
  spec.environments = { dev: spec.environments.dev };
  return spec;
}

// Each test runs the real CLI (1-5 s per run on a loaded machine).
jest.setTimeout(60_000);

const SESSION_SECRET = 'preflight-session-secret-6f2a9c41';
const API_TOKEN = 'preflight-api-token-0b8e3d57';

let pg: PostgresServer;
let redis: RedisServer;
let key: { identity: string; recipient: string };
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  [pg, redis, key] = await Promise.all([startPostgres(), startRedis(), generateAgeKey()]);
}, 60_000);

afterAll(async () => {
  for (const c of cleanups) c();
  await Promise.all([pg?.stop(), redis?.stop()]);
});

/** A temp project of `spec` whose dev file (encrypted to a fresh key) holds `secrets`; runs preflight in it. */
async function preflight(spec: unknown, secrets: Record<string, string>, args: string[] = []): Promise<CliResult> {
  const project = tempProject(spec, { copySecrets: false });
  cleanups.push(project.cleanup);
  await createEnvironmentFile(path.join(project.dir, 'secrets', 'dev.enc.yaml'), { pins: { ...EXAMPLE_PINS }, secrets }, [key.recipient]);
  return runCli(['preflight', 'dev', '--timeout-seconds', '3', ...args], { cwd: project.dir, env: { SOPS_AGE_KEY: key.identity } });
}

function goodSecrets(): Record<string, string> {
  return { SESSION_SECRET, API_TOKEN, DATABASE_URL: pg.url(), REDIS_URL: redis.url() };
}

/** No secret value, no password (in any form) in what the command printed. */
function expectNoSecretIn(r: CliResult, extra: string[] = []): void {
  const out = `${r.stdout}\n${r.stderr}`;
  for (const v of [SESSION_SECRET, API_TOKEN, pg.password, pg.superuserPassword, redis.password, pg.url(), redis.url(), ...extra]) {
    expect(out).not.toContain(v);
  }
}

describe('pinstack preflight', () => {
  test('passes when every secret is set and Postgres and Redis answer, one line per check', async () => {
    const r = await preflight(externalSpec(), goodSecrets());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('preflight dev (secrets/dev.enc.yaml, target docker)');
    expect(lines).toEqual(
      expect.arrayContaining([
        'secret API_TOKEN: ok',
        'secret DATABASE_URL: ok',
        'secret REDIS_URL: ok',
        'secret SESSION_SECRET: ok',
        expect.stringMatching(new RegExp(`^postgres SELECT 1 postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${pg.port}/app\\?sslmode=disable: ok \\(\\d+ ms\\)$`)),
        expect.stringMatching(new RegExp(`^redis PING redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}: ok \\(PONG, \\d+ ms\\)$`)),
      ]),
    );
    expect(lines.at(-1)).toBe('6 ok, 0 failed');
    expectNoSecretIn(r);
  });

  test('fails when the Redis password is wrong, naming the check, without showing the password', async () => {
    const wrong = 'wrong-redis-password-71c4e0';
    const r = await preflight(externalSpec(), { ...goodSecrets(), REDIS_URL: redis.url({ password: wrong }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^redis PING redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: FAILED: WRONGPASS/m);
    expect(r.stdout).toMatch(/^postgres SELECT 1 .*: ok/m);
    expect(r.stderr).toContain('pinstack: preflight dev failed: redis PING');
    expectNoSecretIn(r, [wrong]);
  });

  test('fails when an extension of the spec is not available on the server, with --database-url-secret for a managed Postgres', async () => {
    const secrets = { SESSION_SECRET, POSTGRES_PASSWORD: pg.password, REDIS_PASSWORD: redis.password, ADMIN_DATABASE_URL: pg.url() };
    const r = await preflight(managedSpec(), secrets, ['--database-url-secret', 'ADMIN_DATABASE_URL']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^postgres SELECT 1 postgres:\/\/app:\*\*\*@.*: ok/m);
    expect(r.stdout).toMatch(/^postgres extension pg_trgm: ok \(installed, [\d.]+\)$/m);
    expect(r.stdout).toMatch(/^postgres extension uuid-ossp: ok \(available, [\d.]+; not yet created in this database/m);
    expect(r.stdout).toContain('postgres extension vector: FAILED: not installed and not available on the server (not in pg_available_extensions)');
    // The managed Redis has no known URL: said so, not failed.
    expect(r.stdout).toContain('redis: skipped (managed by the stack, its URL is not known here; pass --redis-url-secret NAME');
    expect(r.stdout).toContain('secret ADMIN_DATABASE_URL: ok');
    expect(r.stderr).toContain('preflight dev failed: postgres extension vector');
    expectNoSecretIn(r);
  });

  test('fails when a secret is empty or a placeholder, without showing any value', async () => {
    const r = await preflight(externalSpec(), { ...goodSecrets(), SESSION_SECRET: '', API_TOKEN: 'TODO' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secret SESSION_SECRET: FAILED: is empty in secrets/dev.enc.yaml (value not shown)');
    expect(r.stdout).toContain('secret API_TOKEN: FAILED: is a placeholder value in secrets/dev.enc.yaml (value not shown)');
    expect(r.stdout).toMatch(/^redis PING .*: ok/m);
    expect(r.stderr).toContain('preflight dev failed: secret API_TOKEN, secret SESSION_SECRET');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/TODO/);
    expectNoSecretIn(r);
  });

  test('fails when a secret the stack needs is missing from the file (the loader refuses it), as a check', async () => {
    const { API_TOKEN: _token, SESSION_SECRET: _session, ...secrets } = goodSecrets();
    const r = await preflight(externalSpec(), secrets);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secret API_TOKEN: FAILED: missing from secrets/dev.enc.yaml (set it with: pinstack secrets set dev API_TOKEN --from-stdin)');
    // web and worker both read SESSION_SECRET: one check, not one per service
    expect(r.stdout.match(/^secret SESSION_SECRET: FAILED: missing from secrets\/dev\.enc\.yaml/gm)).toHaveLength(1);
    expect(r.stderr).toContain('preflight dev failed: secret API_TOKEN, secret SESSION_SECRET');
    expect(r.stdout).toContain('the datastores were not checked');
    expectNoSecretIn(r);
  });

  test('fails when --timeout-seconds is not a positive number (usage, exit 2)', async () => {
    const r = await preflight(externalSpec(), goodSecrets(), ['--timeout-seconds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a number of seconds greater than 0, got "0"');
  });

  // Last: it stops the shared server.
  test('fails when Postgres is stopped, naming the check, while Redis still passes', async () => {
    await pg.stop();
    const r = await preflight(externalSpec(), goodSecrets());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^postgres SELECT 1 postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${pg.port}/app\\?sslmode=disable: FAILED: connect ECONNREFUSED`, 'm'));
    expect(r.stdout).toMatch(/^redis PING .*: ok/m);
    expect(r.stderr).toContain('preflight dev failed: postgres SELECT 1');
    expectNoSecretIn(r);
  });
});
