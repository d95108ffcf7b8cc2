import { awsRds001 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const db = PROD.postgres.constructPath;

describe('AWS-RDS-001 RDS storage is encrypted and Postgres forces TLS', () => {
  test('passes on the example prod: storage_encrypted and rds.force_ssl = 1', async () => {
    const findings = run(awsRds001, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `postgres in prod: ${PROD.postgres.address} encrypts its storage (storage_encrypted) and ${PROD.postgresParameters.address} sets rds.force_ssl = 1`,
    ]);
  });

  test('fails when storage_encrypted is false', async () => {
    const f = only(run(awsRds001, await synthContext('prod', { mutate: override([db, 'storage_encrypted', false]) })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-001', severity: 'error', blocking: true, enforcement: 'soft', location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} has storage_encrypted false: its storage, backups and snapshots are not encrypted`);
  });

  test('fails when the spec turns TLS off (rds.force_ssl = 0): an error in staging, a warning in development', async () => {
    const tlsOff = (tier: 'staging' | 'development') => prodSpec(tier, (s) => (s.environments.prod.overrides.postgres.tls = false));
    const f = only(run(awsRds001, await synthContext('prod', { spec: tlsOff('staging') })), PROD.postgres);
    expect(f).toMatchObject({ severity: 'error', blocking: true });
    expect(f.message).toBe(
      `postgres in prod: ${PROD.postgres.address} has the parameter group ${PROD.postgresParameters.address} with rds.force_ssl = "0": clients may connect without TLS (expected 1)`,
    );
    expect(only(run(awsRds001, await synthContext('prod', { spec: tlsOff('development') })), PROD.postgres)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('fails when the instance falls back to the default parameter group', async () => {
    const f = only(run(awsRds001, await synthContext('prod', { mutate: override([db, 'parameter_group_name', undefined]) })), PROD.postgres);
    expect(f.message).toContain('uses the default parameter group, which does not set rds.force_ssl explicitly');
  });

  test('is unknown when storage_encrypted is an expression', async () => {
    const u = only(run(awsRds001, await synthContext('prod', { mutate: override([db, 'storage_encrypted', '${var.encrypted}']) })), PROD.postgres, 'unknown');
    expect(u.message).toBe(`postgres in prod: ${PROD.postgres.address}: storage_encrypted is the expression \${var.encrypted} (known only at plan)`);
  });
});
