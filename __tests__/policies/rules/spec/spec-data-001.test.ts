import { specData001 } from '../../../../policies/rules/spec';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW, suppression } from './spec-test-utils';

describe('SPEC-DATA-001 managed Postgres keeps backups and is protected from deletion', () => {
  test('passes on the example prod: 14 days of backups, deletion protection', async () => {
    const findings = run(specData001, await specContext('prod'), { now: NOW });
    expect(passes(findings).map((f) => [f.location.specPath, f.message])).toEqual([
      ['postgres.backups.retentionDays', 'Postgres in prod keeps 14 days of backups (production needs 7)'],
      ['postgres.deletionProtection', 'Postgres in prod is protected from deletion'],
    ]);
    expect(failures(findings)).toEqual([]);
  });

  test('passes on the example staging: 3 days of backups; deletion protection is not asked for', async () => {
    const findings = run(specData001, await specContext('staging'), { now: NOW });
    expect(findings.map((f) => [f.location.specPath, f.outcome])).toEqual([['postgres.backups.retentionDays', 'pass']]);
  });

  test('does not run in development, where the example keeps no backups', async () => {
    expect(run(specData001, await specContext('dev'), { now: NOW })).toEqual([]);
  });

  test('fails when production keeps fewer than 7 days of backups (error)', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.postgres.backups.retentionDays = 3;
    const [f] = at(run(specData001, await specContext('prod', { spec }), { now: NOW }), 'postgres.backups.retentionDays');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('Postgres in prod keeps 3 days of backups; production needs at least 7');
  });

  test('fails when production has deletion protection off (error)', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.postgres.deletionProtection = false;
    const [f] = at(run(specData001, await specContext('prod', { spec }), { now: NOW }), 'postgres.deletionProtection');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toBe('Postgres in prod has deletionProtection off: a destroy or a replacement drops the production database without a final snapshot');
  });

  test('fails when staging keeps no backups (warning)', async () => {
    const spec = exampleSpec();
    spec.environments.staging.overrides.postgres.backups.retentionDays = 0;
    const [f] = at(run(specData001, await specContext('staging', { spec }), { now: NOW }), 'postgres.backups.retentionDays');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
    expect(f!.message).toBe('Postgres in staging keeps no backups (retentionDays 0); staging needs at least 1');
  });

  test('is not applicable to an external Postgres', async () => {
    const spec = exampleSpec();
    spec.postgres = { external: { urlSecret: 'PG_URL' } };
    for (const env of ['dev', 'staging', 'prod']) delete spec.environments[env].overrides.postgres;
    const secrets = { SESSION_SECRET: 's', REDIS_PASSWORD: 'test-redis-password-5b7d9f1e3a6c', PG_URL: 'postgres://u:p@db.example:5432/app' };
    const findings = run(specData001, await specContext('prod', { spec, secrets }), { now: NOW });
    expect(findings.map((f) => f.outcome)).toEqual(['not-applicable']);
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = exampleSpec();
    spec.environments.prod.overrides.postgres.backups.retentionDays = 3;
    spec.policy = { suppressions: [suppression('SPEC-DATA-001', 'postgres.backups.retentionDays')] };
    const findings = run(specData001, await specContext('prod', { spec }), { now: NOW });
    expect(at(findings, 'postgres.backups.retentionDays')[0]).toMatchObject({ outcome: 'suppressed', blocking: false });
    expect(at(findings, 'postgres.deletionProtection')[0]).toMatchObject({ outcome: 'pass' });
  });
});
