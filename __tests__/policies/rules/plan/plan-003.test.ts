import { plan003 } from '../../../../policies/rules/plan';
import { renamedDatabaseAddress } from '../../../helpers/plans';
import { failures, passes, run } from '../../harness';
import { DB, SCENARIO_TIMEOUT_MS, scenarioContext, scenarios, withTier } from './plan-test-utils';

const s = scenarios(['rename', 'replace-db', 'delete-db', 'create'] as const);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

describe('PLAN-003 no address churn of stateful resources', () => {
  test('fails when the database is deleted at its old address and created at a new one (renamed construct)', async () => {
    const failed = failures(run(plan003, await scenarioContext(s.get('rename'))));
    expect(failed).toHaveLength(1);
    const [f] = failed;
    expect(f).toMatchObject({ severity: 'error', blocking: true, location: { address: DB, constructPath: 'prod/Postgres/Resource' } });
    expect(f!.message).toContain(`prod: ${DB}`);
    expect(f!.message).toContain(`${renamedDatabaseAddress()} is deleted with the same identifier "acme-prod-postgres"`);
    expect(f!.message).toMatch(/moveTo, a moved block from .* to aws_db_instance\.Postgres_9DC8BB04/);
  });

  test('blocks in staging too, and warns in development', async () => {
    const staging = failures(run(plan003, await scenarioContext(s.get('rename'), withTier(s.get('rename'), 'staging'))));
    expect(staging[0]).toMatchObject({ severity: 'error', blocking: true });
    const dev = failures(run(plan003, await scenarioContext(s.get('rename'), withTier(s.get('rename'), 'development'))));
    expect(dev[0]).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('passes a replacement in place and a plain delete (no create at another address)', async () => {
    for (const name of ['replace-db', 'delete-db', 'create'] as const) {
      const findings = run(plan003, await scenarioContext(s.get(name)));
      expect(failures(findings)).toEqual([]);
      expect(passes(findings).length).toBeGreaterThan(0);
    }
  });

  test('passes a rename that Terraform records as a move (constructed from the real rename plan: previous_address set, delete dropped)', async () => {
    const scenario = s.get('rename');
    const plan = structuredClone(scenario.plan);
    plan.resource_changes = plan.resource_changes.filter((c: any) => c.address !== renamedDatabaseAddress());
    const db = plan.resource_changes.find((c: any) => c.address === DB);
    db.previous_address = renamedDatabaseAddress();
    db.change.actions = ['no-op'];
    const findings = run(plan003, await scenarioContext({ ...scenario, plan }));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).find((f) => f.location.address === DB)!.message).toContain(`moved from ${renamedDatabaseAddress()}`);
  });
});
