import { evaluate } from '../../../../policies/engine';
import { DOCKER_RULES } from '../../../../policies/rules/docker';
import { synthContext } from '../../harness';

describe('the example docker environment (dev) against every docker rule', () => {
  test('has no blocking finding, fails nothing, and every rule reports', async () => {
    const findings = evaluate(DOCKER_RULES, await synthContext('dev'));
    expect(findings.filter((f) => f.blocking)).toEqual([]);
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(DOCKER_RULES.map((r) => r.meta.id)));
    // Every finding points at a rendered resource and the part of the spec it came from.
    for (const f of findings) expect(f.location).toMatchObject({ address: expect.stringMatching(/^docker_/), constructPath: expect.stringMatching(/^dev\//), specPath: expect.any(String) });
  });
});

describe('docker rule metadata', () => {
  test('ids are unique, every rule is a synth rule of the docker target with complete metadata', () => {
    const ids = DOCKER_RULES.map((r) => r.meta.id);
    expect(ids).toEqual(['DKR-001', 'DKR-002', 'DKR-003', 'DKR-004', 'DKR-005', 'DKR-006']);
    for (const { meta } of DOCKER_RULES) {
      expect(meta).toMatchObject({ stage: 'synth', targets: ['docker'] });
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(20);
      if (meta.enforcement === 'hard') expect(Object.values(meta.severity)).toEqual(['error', 'error', 'error']);
    }
  });
});
