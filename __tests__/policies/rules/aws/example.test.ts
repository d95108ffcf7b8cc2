import { evaluate } from '../../../../policies/engine';
import { AWS_RULES } from '../../../../policies/rules/aws';
import { synthContext } from '../../harness';

describe('the example aws environment (prod) against every aws rule', () => {
  test('has no blocking finding and fails nothing', async () => {
    const findings = evaluate(AWS_RULES, await synthContext('prod'));
    expect(findings.filter((f) => f.blocking)).toEqual([]);
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(AWS_RULES.map((r) => r.meta.id)));
  });
});
