import { checkDatastore, datastorePlans, errorMessage, formatCheck } from '../../../lib/ops';
import { exampleSpec, loadExample } from '../../helpers/example';

async function devConfig(spec = exampleSpec(), secrets?: Record<string, string>) {
  const [dev] = await loadExample({ spec, only: ['dev'], ...(secrets ? { secrets } : {}) });
  return dev!.config;
}

function externalSpec(): any {
  const spec = exampleSpec();
  spec.postgres = { external: { urlSecret: 'DATABASE_URL' } };
  spec.redis = { external: { urlSecret: 'REDIS_URL' } };
  delete spec.environments.dev.overrides.postgres;
  delete spec.environments.dev.overrides.redis;
  return spec;
}

describe('datastorePlans', () => {
  test('managed datastores are skipped with the option to pass', async () => {
    const plans = datastorePlans(await devConfig(), {});
    expect(plans.postgres).toEqual({ kind: 'skip', store: 'postgres', reason: expect.stringContaining('pass --database-url-secret NAME') });
    expect(plans.redis).toEqual({ kind: 'skip', store: 'redis', reason: expect.stringContaining('pass --redis-url-secret NAME') });
  });

  test('an option names the URL secret; the managed spec gives the extensions to check', async () => {
    const plans = datastorePlans(await devConfig(), { databaseUrlSecret: 'ADMIN_URL' });
    expect(plans.postgres).toEqual({ kind: 'check', target: { store: 'postgres', secret: 'ADMIN_URL', source: 'option', extensions: ['pg_trgm', 'uuid-ossp'] } });
  });

  test('external datastores are checked through their urlSecret', async () => {
    const config = await devConfig(externalSpec(), { SESSION_SECRET: 's', DATABASE_URL: 'postgres://a:b@h/d', REDIS_URL: 'redis://:p@h' });
    expect(datastorePlans(config, {})).toEqual({
      postgres: { kind: 'check', target: { store: 'postgres', secret: 'DATABASE_URL', source: 'external', extensions: [] } },
      redis: { kind: 'check', target: { store: 'redis', secret: 'REDIS_URL', source: 'external', extensions: [] } },
    });
  });

  test('no datastore in the spec and no option: nothing to check', async () => {
    const spec = exampleSpec();
    delete spec.postgres;
    delete spec.redis;
    delete spec.environments.dev.overrides.postgres;
    delete spec.environments.dev.overrides.redis;
    for (const s of Object.values<any>(spec.services)) s.uses = [];
    expect(datastorePlans(await devConfig(spec), {})).toEqual({ postgres: undefined, redis: undefined });
  });
});

describe('checkDatastore', () => {
  const target = { store: 'postgres' as const, secret: 'DATABASE_URL', source: 'external' as const, extensions: [] };
  test('skips (without connecting) when the URL secret is missing or empty', async () => {
    expect(await checkDatastore({ kind: 'check', target }, {}, { timeoutMs: 10 })).toEqual([{ name: 'postgres', status: 'skipped', detail: 'no URL: secret DATABASE_URL is missing' }]);
    expect(await checkDatastore({ kind: 'check', target }, { DATABASE_URL: ' ' }, { timeoutMs: 10 })).toEqual([{ name: 'postgres', status: 'skipped', detail: 'no URL: secret DATABASE_URL is empty' }]);
    expect(await checkDatastore(undefined, {}, { timeoutMs: 10 })).toEqual([]);
  });
});

describe('formatCheck and errorMessage', () => {
  test('one line per check', () => {
    expect(formatCheck({ name: 'secret A', status: 'ok' })).toBe('secret A: ok');
    expect(formatCheck({ name: 'redis PING x', status: 'ok', detail: 'PONG, 3 ms' })).toBe('redis PING x: ok (PONG, 3 ms)');
    expect(formatCheck({ name: 'secret B', status: 'failed', detail: 'is empty' })).toBe('secret B: FAILED: is empty');
    expect(formatCheck({ name: 'redis', status: 'skipped', detail: 'no URL' })).toBe('redis: skipped (no URL)');
  });

  test('driver errors become one line; an AggregateError gives its first cause', () => {
    expect(errorMessage(new Error('a\n  b'))).toBe('a b');
    expect(errorMessage(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('x')], ''))).toBe('connect ECONNREFUSED ::1:5432');
    expect(errorMessage(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });
});
