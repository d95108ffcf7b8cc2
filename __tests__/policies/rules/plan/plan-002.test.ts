import { plan002 } from '../../../../policies/rules/plan';
import { failures, passes, run } from '../../harness';
import { ALB, DB, REDIS, SCENARIO_TIMEOUT_MS, scenarioContext, scenarios, withTier } from './plan-test-utils';

const s = scenarios(['weaken', 'update-image', 'replace-db', 'no-op'] as const);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

describe('PLAN-002 no in-place weakening of protections', () => {
  test('fails when prod weakens the database, Redis and the load balancer in place, naming each change', async () => {
    const failed = failures(run(plan002, await scenarioContext(s.get('weaken'))));
    expect(failed.map((f) => f.location.address).sort()).toEqual([ALB, DB, REDIS].sort());
    expect(failed.every((f) => f.blocking && f.severity === 'error')).toBe(true);
    const db = failed.find((f) => f.location.address === DB)!;
    expect(db.location.constructPath).toBe('prod/Postgres/Resource');
    expect(db.message).toContain(`prod: ${DB} (aws_db_instance) is weakened in place`);
    expect(db.message).toContain('deletion protection turned off (deletion_protection true -> false)');
    expect(db.message).toContain('no final snapshot on deletion (skip_final_snapshot false -> true)');
    expect(db.message).toContain('backup retention shortened (backup_retention_period 14 -> 1)');
    expect(db.message).toContain('Multi-AZ standby removed (multi_az true -> false)');
    const redis = failed.find((f) => f.location.address === REDIS)!;
    expect(redis.message).toContain('Multi-AZ turned off (multi_az_enabled true -> false)');
    expect(redis.message).toContain('automatic failover turned off (automatic_failover_enabled true -> false)');
    expect(failed.find((f) => f.location.address === ALB)!.message).toContain('load balancer deletion protection turned off (enable_deletion_protection true -> false)');
  });

  test('passes updates and replacements that keep or strengthen protections (image update; re-encrypting replace)', async () => {
    const image = run(plan002, await scenarioContext(s.get('update-image')));
    expect(failures(image)).toEqual([]);
    expect(passes(image).length).toBeGreaterThan(0);
    const replace = run(plan002, await scenarioContext(s.get('replace-db')));
    expect(failures(replace)).toEqual([]);
    expect(passes(replace).map((f) => f.location.address)).toContain(DB);
  });

  test('is not applicable to a plan without updates or replacements', async () => {
    const findings = run(plan002, await scenarioContext(s.get('no-op')));
    expect(findings.map((f) => f.outcome)).toEqual(['not-applicable']);
  });

  test('warns (does not block) when the weakening happens in a staging-tier environment', async () => {
    const failed = failures(run(plan002, await scenarioContext(s.get('weaken'), withTier(s.get('weaken'), 'staging'))));
    expect(failed).toHaveLength(3);
    expect(failed.every((f) => f.severity === 'warning' && !f.blocking)).toBe(true);
  });
});
