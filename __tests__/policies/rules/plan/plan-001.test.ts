import { evaluate } from '../../../../policies/engine';
import { plan001 } from '../../../../policies/rules/plan';
import { STATEFUL_TYPES } from '../../../../lib/tfjson/risk';
import { renamedDatabaseAddress } from '../../../helpers/plans';
import { failures, passes, run } from '../../harness';
import { DB, NOW, REDIS, SCENARIO_TIMEOUT_MS, scenarioContext, scenarios, specOf, withTier } from './plan-test-utils';

const s = scenarios(['replace-db', 'delete-db', 'rename', 'no-op', 'update-image'] as const);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

function withOverride(spec: any, override: Record<string, string>) {
  spec.policy = {
    overrides: [{ rule: 'PLAN-001', environment: 'prod', address: DB, reason: 'Re-encrypt the database from snapshot rds:acme-prod-2026-05-31 (OPS-812)', owner: 'team-data', expires: '2026-06-10', ...override }],
  };
  return spec;
}

describe('PLAN-001 stateful resources are not deleted or replaced', () => {
  test('fails when prod replaces the database: names the environment, the address, the construct and storage_encrypted', async () => {
    const ctx = await scenarioContext(s.get('replace-db'));
    const failed = failures(run(plan001, ctx, { now: NOW }));
    expect(failed).toHaveLength(1);
    const [f] = failed;
    expect(f).toMatchObject({ severity: 'error', blocking: true, enforcement: 'hard', location: { address: DB, constructPath: 'prod/Postgres/Resource' } });
    expect(f!.message).toContain(`prod: ${DB}`);
    expect(f!.message).toContain('replaced (delete, then create)');
    expect(f!.message).toContain('storage_encrypted false -> true forces it');
  });

  test('passes when nothing stateful is deleted or replaced (no-op and image update plans)', async () => {
    for (const name of ['no-op', 'update-image'] as const) {
      const findings = run(plan001, await scenarioContext(s.get(name)));
      expect(failures(findings)).toEqual([]);
      const checked = passes(findings).map((f) => f.location.address);
      expect(checked).toEqual(expect.arrayContaining([DB, REDIS]));
      expect(checked.every((a) => STATEFUL_TYPES.includes(a!.split('.')[0]!))).toBe(true);
    }
  });

  test('fails when the config drops the managed database (postgres.external): deleted, with the reason', async () => {
    const failed = failures(run(plan001, await scenarioContext(s.get('delete-db'))));
    expect(failed.map((f) => f.location.address)).toEqual([DB]);
    expect(failed[0]!.message).toMatch(/would be deleted: its address is no longer in the configuration/);
    expect(failed[0]!.blocking).toBe(true);
  });

  test('fails on the delete half of a renamed construct (the old address is not in the stack)', async () => {
    const failed = failures(run(plan001, await scenarioContext(s.get('rename'))));
    expect(failed.map((f) => f.location.address)).toEqual([renamedDatabaseAddress()]);
    expect(failed[0]!.location.constructPath).toBeUndefined();
  });

  test('does not block the same replace in a development-tier prod, and only warns in staging', async () => {
    const dev = run(plan001, await scenarioContext(s.get('replace-db'), withTier(s.get('replace-db'), 'development')));
    expect(failures(dev)).toHaveLength(1);
    expect(failures(dev)[0]).toMatchObject({ severity: 'info', blocking: false });
    const staging = run(plan001, await scenarioContext(s.get('replace-db'), withTier(s.get('replace-db'), 'staging')));
    expect(failures(staging)[0]).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('an override for this address in prod, expiring within 14 days, lets the replace through', async () => {
    const ctx = await scenarioContext(s.get('replace-db'), withOverride(specOf(s.get('replace-db')), {}));
    const findings = evaluate([plan001], ctx, { now: NOW });
    const db = findings.find((f) => f.ruleId === 'PLAN-001' && f.location.address === DB)!;
    expect(db).toMatchObject({ outcome: 'suppressed', blocking: false, waiver: { kind: 'override', owner: 'team-data', expires: '2026-06-10' } });
    expect(findings.filter((f) => f.blocking)).toEqual([]);
  });

  test('fails again when the override has expired (engine clock after its expiry)', async () => {
    const ctx = await scenarioContext(s.get('replace-db'), withOverride(specOf(s.get('replace-db')), {}));
    const findings = evaluate([plan001], ctx, { now: new Date('2026-06-11T00:00:01Z') });
    expect(findings.find((f) => f.ruleId === 'PLAN-001' && f.location.address === DB)).toMatchObject({ outcome: 'fail', blocking: true });
    expect(findings.find((f) => f.ruleId === 'POLICY-WAIVER')!.message).toMatch(/expired on 2026-06-10.*blocks again/);
  });

  test('fails when the override names another address or environment, or runs longer than 14 days', async () => {
    const variants: Array<Record<string, string>> = [{ address: 'aws_db_instance.Other_12345678' }, { environment: 'staging' }, { expires: '2026-07-01' }];
    for (const override of variants) {
      const ctx = await scenarioContext(s.get('replace-db'), withOverride(specOf(s.get('replace-db')), override));
      const db = evaluate([plan001], ctx, { now: NOW }).find((f) => f.ruleId === 'PLAN-001' && f.location.address === DB);
      expect(db).toMatchObject({ outcome: 'fail', blocking: true });
    }
  });

  test('redacts a sensitive forcing attribute (constructed from the real replace-db plan: replace_paths pointed at password)', async () => {
    const scenario = s.get('replace-db');
    const plan = structuredClone(scenario.plan);
    const db = plan.resource_changes.find((c: any) => c.address === DB);
    db.change.replace_paths = [['password']];
    db.change.before.password = 'test-postgres-password-8e4f2a1c';
    db.change.after.password = 'test-postgres-password-rotated-1';
    const ctx = await scenarioContext({ ...scenario, plan });
    const [f] = failures(run(plan001, ctx));
    expect(f!.message).toContain('password (sensitive) -> (sensitive) forces it');
    expect(f!.message).not.toContain('test-postgres-password');
  });
});
