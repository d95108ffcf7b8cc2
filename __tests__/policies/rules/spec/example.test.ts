import { SPEC_RULES } from '../../../../policies/rules/spec';
import { evaluate } from '../../../../policies/engine';
import { specContext } from '../../harness';
import { ENVS, NOW } from './spec-test-utils';

describe('the example app against every spec rule', () => {
  test.each(ENVS)('%s has no blocking finding, and fails nothing above info', async (env) => {
    const ctx = await specContext(env);
    const findings = evaluate(SPEC_RULES, ctx, { now: NOW });
    expect(findings.filter((f) => f.blocking)).toEqual([]);
    expect(findings.filter((f) => f.outcome === 'fail' && f.severity !== 'info')).toEqual([]);
    // Only rules of this folder report, and every rule that is on in the tier reports something.
    const on = SPEC_RULES.filter((r) => r.meta.severity[ctx.config.tier] !== 'off');
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(on.map((r) => r.meta.id)));
  });

  test('the only failures are the informational ones dev accepts on purpose (plain-text datastores on docker)', async () => {
    const findings = evaluate(SPEC_RULES, await specContext('dev'), { now: NOW });
    expect(findings.filter((f) => f.outcome === 'fail').map((f) => [f.ruleId, f.location.specPath, f.severity])).toEqual([
      ['SPEC-DATA-004', 'postgres.tls', 'info'],
      ['SPEC-DATA-004', 'redis.tls', 'info'],
    ]);
  });
});

describe('spec rule metadata', () => {
  test('ids are unique, every rule is a spec rule with complete metadata and none is target-specific', () => {
    const ids = SPEC_RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of SPEC_RULES) {
      expect(meta.id).toMatch(/^SPEC-[A-Z]+-\d{3}$/);
      expect(meta.stage).toBe('spec');
      expect(meta.targets).toBeUndefined();
      expect(['security', 'reliability', 'operability', 'cost']).toContain(meta.category);
      expect(['hard', 'soft', 'advisory']).toContain(meta.enforcement);
      expect(meta.title.length).toBeGreaterThan(10);
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(20);
      expect(Object.keys(meta.severity).sort()).toEqual(['development', 'production', 'staging']);
      // A hard rule is an error everywhere: nothing may switch it off.
      if (meta.enforcement === 'hard') expect(Object.values(meta.severity)).toEqual(['error', 'error', 'error']);
    }
  });
});
