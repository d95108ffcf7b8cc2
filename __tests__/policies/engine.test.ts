import { evaluate, ENGINE_FINDINGS } from '../../policies/engine';
import { defineRule, fail, pass, sev } from '../../policies/rules/helpers';
import type { RuleMeta } from '../../policies/types';
import { exampleSpec } from '../helpers/example';
import { specContext } from './harness';

const NOW = new Date('2026-11-26T12:00:00Z');

function meta(overrides: Partial<RuleMeta> = {}): RuleMeta & { stage: 'spec' } {
  return {
    id: 'TEST-001',
    title: 'Test rule',
    stage: 'spec',
    category: 'reliability',
    rationale: 'test',
    remediation: 'fix it',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'soft',
    anchors: [],
    ...overrides,
  } as RuleMeta & { stage: 'spec' };
}

/** Fails for every service (location = its spec path), passes nothing. */
const failEveryService = (m = meta()) => defineRule(m, (ctx) => ctx.model.services.map((s) => fail(`${s.name} is bad`, { specPath: `services.${s.name}` })));

describe('evaluate', () => {
  test('resolves severity per tier and blocks only on errors', async () => {
    const rule = failEveryService();
    const prod = evaluate([rule], await specContext('prod'), { now: NOW });
    expect(prod.map((f) => [f.severity, f.blocking])).toEqual([['error', true], ['error', true]]);
    const staging = evaluate([rule], await specContext('staging'), { now: NOW });
    expect(staging.map((f) => [f.severity, f.blocking])).toEqual([['warning', false], ['warning', false]]);
  });

  test('skips rules whose severity is off, and rules of other stages or targets', async () => {
    const ctx = await specContext('prod');
    expect(evaluate([failEveryService(meta({ severity: sev('off', 'off', 'off') }))], ctx, { now: NOW })).toEqual([]);
    expect(evaluate([failEveryService(meta({ targets: ['docker'] }))], ctx, { now: NOW })).toEqual([]);
  });

  test('records not-applicable when a rule has nothing to look at', async () => {
    const rule = defineRule(meta(), () => []);
    const [f] = evaluate([rule], await specContext('prod'), { now: NOW });
    expect(f).toMatchObject({ ruleId: 'TEST-001', outcome: 'not-applicable', blocking: false });
  });

  test('reports a crashing rule as unknown, never as a pass', async () => {
    const rule = defineRule(meta({ unknownBlocks: true }), () => {
      throw new Error('boom');
    });
    const [f] = evaluate([rule], await specContext('prod'), { now: NOW });
    expect(f).toMatchObject({ outcome: 'unknown', blocking: true, message: 'the rule failed to run: boom' });
  });

  test('applies policy.severities, but never lowers a hard rule', async () => {
    const spec = exampleSpec();
    spec.policy = { severities: { 'TEST-001': { production: 'warning' }, 'TEST-002': { production: 'off' } } };
    const ctx = await specContext('prod', { spec });
    const soft = evaluate([failEveryService()], ctx, { now: NOW });
    expect(soft.every((f) => f.severity === 'warning' && !f.blocking)).toBe(true);
    const hard = evaluate([failEveryService(meta({ id: 'TEST-002', enforcement: 'hard' }))], ctx, { now: NOW });
    expect(hard.filter((f) => f.ruleId === 'TEST-002').every((f) => f.severity === 'error' && f.blocking)).toBe(true);
    expect(hard.find((f) => f.ruleId === ENGINE_FINDINGS.severity)?.message).toBe('policy.severities lowers hard rule TEST-002 to off in production; ignored, it stays error');
  });
});

describe('suppressions', () => {
  const suppression = { rule: 'TEST-001', target: 'services.web', reason: 'accepted until the migration lands', owner: 'team-web', expires: '2026-12-31' };

  test('suppress a soft finding for the matching target only, recording who and until when', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [suppression] };
    const findings = evaluate([failEveryService()], await specContext('prod', { spec }), { now: NOW });
    const web = findings.find((f) => f.location.specPath === 'services.web')!;
    const worker = findings.find((f) => f.location.specPath === 'services.worker')!;
    expect(web).toMatchObject({ outcome: 'suppressed', blocking: false, waiver: { kind: 'suppression', owner: 'team-web', expires: '2026-12-31' } });
    expect(worker).toMatchObject({ outcome: 'fail', blocking: true });
  });

  test('a trailing * matches a prefix, and environments limit where it applies', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [{ ...suppression, target: 'services.*', environments: ['staging'] }] };
    expect(evaluate([failEveryService()], await specContext('staging', { spec }), { now: NOW }).every((f) => f.outcome === 'suppressed')).toBe(true);
    expect(evaluate([failEveryService()], await specContext('prod', { spec }), { now: NOW }).every((f) => f.outcome === 'fail')).toBe(true);
  });

  test('fails when a suppression expired: the finding is active again, with a warning', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [{ ...suppression, expires: '2026-11-01' }] };
    const findings = evaluate([failEveryService()], await specContext('prod', { spec }), { now: NOW });
    expect(findings.find((f) => f.location.specPath === 'services.web')).toMatchObject({ outcome: 'fail', blocking: true });
    const warning = findings.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)!;
    expect(warning).toMatchObject({ severity: 'warning', blocking: false });
    expect(warning.message).toContain('expired on 2026-11-01 (owner team-web); the finding is active again');
  });

  test('fails when a hard rule is suppressed: the suppression is refused as an error', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [suppression] };
    const findings = evaluate([failEveryService(meta({ enforcement: 'hard' }))], await specContext('prod', { spec }), { now: NOW });
    expect(findings.find((f) => f.location.specPath === 'services.web' && f.ruleId === 'TEST-001')).toMatchObject({ outcome: 'fail', blocking: true });
    expect(findings.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)).toMatchObject({ severity: 'error', blocking: true, message: expect.stringContaining('is a hard rule and cannot be suppressed') });
  });

  test('warns about a suppression that matched nothing', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [{ ...suppression, target: 'services.gone' }] };
    const findings = evaluate([failEveryService()], await specContext('prod', { spec }), { now: NOW });
    expect(findings.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)?.message).toContain('unused suppression of TEST-001 for services.gone');
  });

  test('fails when a suppression has a short reason (spec validation)', async () => {
    const spec = exampleSpec();
    spec.policy = { suppressions: [{ ...suppression, reason: 'because' }] };
    await expect(specContext('prod', { spec })).rejects.toThrow('policy.suppressions[0].reason: expected a reason of at least 10 characters');
  });
});

describe('plan overrides', () => {
  const overridable = meta({ id: 'TEST-PLAN', enforcement: 'hard', overridable: true });
  const byAddress = defineRule(overridable, () => [fail('db replaced', { address: 'aws_db_instance.db' }), pass('cache kept', { address: 'aws_elasticache_replication_group.r' })]);
  const override = { rule: 'TEST-PLAN', environment: 'prod', address: 'aws_db_instance.db', reason: 'planned engine upgrade, snapshot snap-123', owner: 'dba', expires: '2026-12-01' };

  test('let exactly one address through in one environment until it expires', async () => {
    const spec = exampleSpec();
    spec.policy = { overrides: [override] };
    const ok = evaluate([byAddress], await specContext('prod', { spec }), { now: NOW });
    expect(ok.find((f) => f.location.address === 'aws_db_instance.db')).toMatchObject({ outcome: 'suppressed', blocking: false, waiver: { kind: 'override', owner: 'dba' } });
    const later = evaluate([byAddress], await specContext('prod', { spec }), { now: new Date('2026-12-02T00:00:00Z') });
    expect(later.find((f) => f.ruleId === 'TEST-PLAN' && f.location.address === 'aws_db_instance.db')).toMatchObject({ outcome: 'fail', blocking: true });
    expect(later.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)?.message).toContain('expired on 2026-12-01');
  });

  test('fails when an override is valid for more than 14 days', async () => {
    const spec = exampleSpec();
    spec.policy = { overrides: [{ ...override, expires: '2027-01-30' }] };
    const findings = evaluate([byAddress], await specContext('prod', { spec }), { now: NOW });
    expect(findings.find((f) => f.ruleId === 'TEST-PLAN' && f.location.address === 'aws_db_instance.db')).toMatchObject({ outcome: 'fail', blocking: true });
    expect(findings.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)?.message).toContain('more than 14 days ahead');
  });

  test('fails when a rule does not accept overrides', async () => {
    const spec = exampleSpec();
    spec.policy = { overrides: [{ ...override, rule: 'TEST-001' }] };
    const rule = defineRule(meta({ enforcement: 'hard' }), () => [fail('x', { address: 'aws_db_instance.db' })]);
    const findings = evaluate([rule], await specContext('prod', { spec }), { now: NOW });
    expect(findings.find((f) => f.ruleId === 'TEST-001')).toMatchObject({ outcome: 'fail', blocking: true });
    expect(findings.find((f) => f.ruleId === ENGINE_FINDINGS.waiver)?.message).toContain('does not accept plan overrides');
  });
});
