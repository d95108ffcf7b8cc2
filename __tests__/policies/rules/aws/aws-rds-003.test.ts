import { awsRds003 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const db = PROD.postgres.constructPath;
const retention = (days: unknown) => override([db, 'backup_retention_period', days]);

describe('AWS-RDS-003 RDS keeps automated backups and copies tags to snapshots', () => {
  test('passes on the example prod: 14 days of backups, tags copied', async () => {
    const findings = run(awsRds003, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([`postgres in prod: ${PROD.postgres.address} keeps automated backups 14 days (>= 7) and copies its tags to snapshots`]);
  });

  test('fails when production keeps backups less than 7 days', async () => {
    const f = only(run(awsRds003, await synthContext('prod', { mutate: retention(3) })), PROD.postgres);
    expect(f).toMatchObject({ ruleId: 'AWS-RDS-003', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.postgres)) });
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} keeps automated backups 3 days (backup_retention_period); production needs at least 7`);
  });

  test('fails when staging has no automated backups, as a warning (3 days is enough there); off in development', async () => {
    const f = only(run(awsRds003, await synthContext('prod', { spec: prodSpec('staging'), mutate: retention(0) })), PROD.postgres);
    expect(f).toMatchObject({ severity: 'warning', blocking: false });
    expect(f.message).toContain('keeps automated backups 0 days (backup_retention_period); staging needs at least 1');
    expect(failures(run(awsRds003, await synthContext('prod', { spec: prodSpec('staging'), mutate: retention(3) })))).toEqual([]);
    expect(run(awsRds003, await synthContext('prod', { spec: prodSpec('development'), mutate: retention(0) }))).toEqual([]);
  });

  test('fails when copy_tags_to_snapshot is off', async () => {
    const f = only(run(awsRds003, await synthContext('prod', { mutate: override([db, 'copy_tags_to_snapshot', undefined]) })), PROD.postgres);
    expect(f.message).toBe(`postgres in prod: ${PROD.postgres.address} has copy_tags_to_snapshot false: its snapshots lose its tags`);
  });

  test('is unknown when the retention is an expression', async () => {
    const u = only(run(awsRds003, await synthContext('prod', { mutate: retention('${var.backup_days}') })), PROD.postgres, 'unknown');
    expect(u.message).toContain('backup_retention_period is the expression ${var.backup_days}');
  });
});
