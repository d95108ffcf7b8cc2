import { evaluate } from '../../../../policies/engine';
import { DOCKER_RULES } from '../../../../policies/rules/docker';
import { synthContext } from '../../harness';

describe('the example docker environment (dev) against every docker rule', () => {
  test('has no blocking finding and fails nothing', async () => {
    const findings = evaluate(DOCKER_RULES, await synthContext('dev'));
    console.log(findings.map((f) => `${f.ruleId} ${f.outcome} ${f.severity} ${f.location.address} ${f.location.specPath} | ${f.message}`).join('\n'));
    expect(findings.filter((f) => f.blocking)).toEqual([]);
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
  });
});
