import { awsRds002 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const db = PROD.postgres.constructPath;
const unprotected = override([db, 'deletion_protection', false]);

describe('AWS-RDS-002 RDS instances have deletion protection and take a final snapshot', () => {
  test('passes on the example prod: deletion_protection and a final snapshot', async () => {
    const findings = run(awsRds002, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `postgres in prod: ${PROD.postgres.address} has deletion_protection and keeps a final snapshot acme-prod-postgres-final on deletion`,
    ]);
  });

  test('fails when deletion_protection is false: error in production, warning in staging, off in development', async () => {
    const f = only(run(awsRds002, await synthContext('prod', { mutate: unprotected })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-002', severity: 'error', blocking: true, enforcement: 'hard', location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} has deletion_protection false: AWS deletes it on request`);
    expect(only(run(awsRds002, await synthContext('prod', { spec: prodSpec('staging'), mutate: unprotected })), PROD.postgres)).toMatchObject({ severity: 'warning', blocking: false });
    expect(run(awsRds002, await synthContext('prod', { spec: prodSpec('development'), mutate: unprotected }))).toEqual([]);
  });

  test('fails when the spec turns deletion protection off (no protection, no final snapshot)', async () => {
    const spec = prodSpec('production', (s) => (s.environments.prod.overrides.postgres.deletionProtection = false));
    const f = only(run(awsRds002, await synthContext('prod', { spec })), PROD.postgres);
    expect(f.message).toBe(
      `postgres in prod: ${PROD.postgres.address} has deletion_protection false: AWS deletes it on request; has skip_final_snapshot true: a deletion leaves no snapshot to restore`,
    );
  });

  test('fails when the final snapshot has no identifier', async () => {
    const f = only(run(awsRds002, await synthContext('prod', { mutate: override([db, 'final_snapshot_identifier', undefined]) })), PROD.postgres);
    expect(f.message).toContain('has no final_snapshot_identifier');
  });

  test('is unknown when deletion_protection is an expression', async () => {
    const u = only(run(awsRds002, await synthContext('prod', { mutate: override([db, 'deletion_protection', '${var.protect}']) })), PROD.postgres, 'unknown');
    expect(u.message).toContain('deletion_protection is the expression ${var.protect}');
  });
});
