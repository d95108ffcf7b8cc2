import { specData004 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW, suppression } from './spec-test-utils';

describe('SPEC-DATA-004 managed Postgres and Redis encrypt traffic in transit', () => {
  test.each(['staging', 'prod'])('passes on the example %s', async (env) => {
    const findings = run(specData004, await specContext(env), { now: NOW });
    expect(passes(findings).map((f) => [f.location.specPath, f.message])).toEqual([
      ['postgres.tls', `Postgres in ${env} requires TLS`],
      ['redis.tls', `Redis in ${env} requires TLS`],
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when dev serves the datastores without TLS, as info only (the docker target cannot serve TLS)', async () => {
    const findings = run(specData004, await specContext('dev'), { now: NOW });
    expect(failures(findings).map((f) => [f.location.specPath, f.severity, f.blocking])).toEqual([
      ['postgres.tls', 'info', false],
      ['redis.tls', 'info', false],
    ]);
  });

  test('fails when staging Postgres accepts unencrypted connections (error)', async () => {
    const spec = exampleSpec();
    spec.environments.staging.overrides.postgres.tls = false;
    const [f] = at(run(specData004, await specContext('staging', { spec }), { now: NOW }), 'postgres.tls');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('Postgres in staging accepts unencrypted connections (tls: false): credentials and data cross the network in clear text');
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    spec.environments.staging.overrides.redis = { tls: false };
    spec.policy = { suppressions: [{ ...suppression('SPEC-DATA-004', 'redis.tls'), environments: ['staging'] }] };
    const findings = run(specData004, await specContext('staging', { spec }), { now: NOW });
    expect(at(findings, 'redis.tls')[0]).toMatchObject({ outcome: 'suppressed', blocking: false });
    expect(at(findings, 'postgres.tls')[0]).toMatchObject({ outcome: 'pass' });
  });
});
