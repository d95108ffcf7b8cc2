import { evaluate } from '../../../../policies/engine';
import { PLAN_RULES } from '../../../../policies/rules/plan';
import { RULES } from '../../../../policies/rules';
import { SCENARIO_NAMES } from '../../../helpers/plans';
import { SCENARIO_TIMEOUT_MS, scenarioContext, scenarios } from './plan-test-utils';

const s = scenarios(SCENARIO_NAMES);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

describe('plan rules on every scenario', () => {
  test('are registered in RULES as plan-stage rules', () => {
    expect(PLAN_RULES.map((r) => r.meta.id)).toEqual(['PLAN-001', 'PLAN-002', 'PLAN-003', 'PLAN-004', 'PLAN-005']);
    for (const r of PLAN_RULES) expect(RULES).toContain(r);
    expect(PLAN_RULES.every((r) => r.meta.stage === 'plan')).toBe(true);
    expect(PLAN_RULES.filter((r) => r.meta.overridable).map((r) => r.meta.id)).toEqual(['PLAN-001']);
  });

  test('never put a secret value into a finding, and every check names a Terraform address', async () => {
    for (const name of SCENARIO_NAMES) {
      const scenario = s.get(name);
      const findings = evaluate(PLAN_RULES, await scenarioContext(scenario));
      const values = Object.values(scenario.secrets);
      for (const f of findings) {
        for (const v of values) expect(f.message).not.toContain(v);
        if (f.outcome !== 'not-applicable') expect(f.location.address).toEqual(expect.stringMatching(/^[a-z0-9_]+\.[A-Za-z0-9_-]+/));
      }
    }
  });

  test('the no-op plan blocks nothing', async () => {
    const findings = evaluate(PLAN_RULES, await scenarioContext(s.get('no-op')));
    expect(findings.filter((f) => f.blocking)).toEqual([]);
  });
});
