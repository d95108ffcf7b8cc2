import { awsRds006 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const db = PROD.postgres.constructPath;
const passwordIn = override([db, 'manage_master_user_password', undefined], [db, 'password', '${var.secret_postgres_password}']);

describe('AWS-RDS-006 RDS manages the master password', () => {
  test('passes on the example prod: manage_master_user_password, no password', async () => {
    const findings = run(awsRds006, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `postgres in prod: ${PROD.postgres.address} lets RDS manage and rotate its master password in Secrets Manager (no password argument)`,
    ]);
  });

  test('fails when the password is passed in instead of managed (value not shown)', async () => {
    const f = only(run(awsRds006, await synthContext('prod', { mutate: passwordIn })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-006', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(
      `postgres in prod: ${PROD.postgres.address} has manage_master_user_password false: RDS does not manage or rotate its master password; sets the password argument (value not shown): the master password is passed in instead of managed by RDS`,
    );
    expect(f.message).not.toContain('var.secret');
  });

  test('fails when a password_wo is set beside the managed password: an error in staging, a warning in development', async () => {
    const mutate = override([db, 'password_wo', 'write-only-but-not-managed']);
    expect(only(run(awsRds006, await synthContext('prod', { spec: prodSpec('staging'), mutate })), PROD.postgres)).toMatchObject({ severity: 'error', blocking: true });
    const dev = only(run(awsRds006, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.postgres);
    expect(dev).toMatchObject({ severity: 'warning', blocking: false });
    expect(dev.message).toContain('sets the password_wo argument (value not shown)');
  });

  test('is unknown when manage_master_user_password is an expression', async () => {
    const u = only(run(awsRds006, await synthContext('prod', { mutate: override([db, 'manage_master_user_password', '${var.managed}']) })), PROD.postgres, 'unknown');
    expect(u.message).toContain('manage_master_user_password is the expression ${var.managed}');
  });
});
