import { evaluate } from '../../../../policies/engine';
import { KUBERNETES_RULES } from '../../../../policies/rules/kubernetes';
import { synthContext } from '../../harness';

describe('the example kubernetes environment (staging) against every kubernetes rule', () => {
  test('has no blocking finding, fails nothing, and every rule reports', async () => {
    const findings = evaluate(KUBERNETES_RULES, await synthContext('staging'));
    expect(findings.filter((f) => f.blocking)).toEqual([]);
    expect(findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(KUBERNETES_RULES.map((r) => r.meta.id)));
    // Every finding points at a rendered resource and the part of the spec it came from.
    for (const f of findings) expect(f.location).toMatchObject({ address: expect.stringMatching(/^kubernetes_/), constructPath: expect.stringMatching(/^staging\//), specPath: expect.any(String) });
  });
});

describe('kubernetes rule metadata', () => {
  test('ids are unique, every rule is a synth rule of the kubernetes target with complete metadata', () => {
    const ids = KUBERNETES_RULES.map((r) => r.meta.id);
    expect(ids).toEqual(['K8S-001', 'K8S-002', 'K8S-003', 'K8S-004', 'K8S-005', 'K8S-006', 'K8S-007', 'K8S-008']);
    for (const { meta } of KUBERNETES_RULES) {
      expect(meta).toMatchObject({ stage: 'synth', targets: ['kubernetes'] });
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(20);
      if (meta.enforcement === 'hard') expect(Object.values(meta.severity)).toEqual(['error', 'error', 'error']);
    }
  });
});
