import { specData002 } from '../../../../policies/rules/spec';
import { EXAMPLE_SECRETS, exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW, suppression } from './spec-test-utils';

describe('SPEC-DATA-002 managed Postgres and Redis are highly available in production', () => {
  test('passes on the example prod: Multi-AZ Postgres and replicated Redis', async () => {
    const findings = run(specData002, await specContext('prod'), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['postgres.highAvailability', 'redis.highAvailability']);
    expect(failures(findings)).toEqual([]);
  });

  test.each(['dev', 'staging'])('does not run in %s, where the example runs single instances', async (env) => {
    expect(run(specData002, await specContext(env), { now: NOW })).toEqual([]);
  });

  test('fails when production Postgres or Redis is a single instance (error)', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.postgres.highAvailability = false;
    spec.environments.prod.overrides.redis.highAvailability = false;
    const findings = run(specData002, await specContext('prod', { spec }), { now: NOW });
    expect(failures(findings).map((f) => [f.location.specPath, f.severity, f.blocking, f.message])).toEqual([
      ['postgres.highAvailability', 'error', true, 'Postgres in prod is a single instance (highAvailability: false): a zone or host failure takes the app down'],
      ['redis.highAvailability', 'error', true, 'Redis in prod is a single instance (highAvailability: false): a zone or host failure takes the app down'],
    ]);
  });

  test('is not applicable to external datastores', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'PG_URL' } };
    spec.redis = { external: { urlSecret: 'CACHE_URL' } };
    for (const env of ['dev', 'staging', 'prod']) {
      delete spec.environments[env].overrides.postgres;
      delete spec.environments[env].overrides.redis;
    }
    const secrets = { ...EXAMPLE_SECRETS, PG_URL: 'postgres://u:p@db.example:5432/app', CACHE_URL: 'rediss://:p@cache.example:6379' };
    const findings = run(specData002, await specContext('prod', { spec, secrets }), { now: NOW });
    expect(findings.map((f) => f.outcome)).toEqual(['not-applicable']);
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.redis.highAvailability = false;
    spec.policy = { suppressions: [suppression('SPEC-DATA-002', 'redis.highAvailability')] };
    const [f] = at(run(specData002, await specContext('prod', { spec }), { now: NOW }), 'redis.highAvailability');
    expect(f).toMatchObject({ outcome: 'suppressed', blocking: false });
  });
});
