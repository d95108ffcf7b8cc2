import { plan005 } from '../../../../policies/rules/plan';
import { failures, passes, run } from '../../harness';
import { ALB, DB, REDIS, SCENARIO_TIMEOUT_MS, scenarioContext, scenarios } from './plan-test-utils';

const s = scenarios(['create', 'unknown-security'] as const);
beforeAll(s.load, SCENARIO_TIMEOUT_MS);

const HTTPS_IPV4 = 'aws_vpc_security_group_ingress_rule.LoadBalancer_IngressHttpsIpv4_15609C8D';

describe('PLAN-005 security-relevant attributes are known at plan', () => {
  test('passes when encryption, public access, deletion protection and ingress CIDRs are known (the example create plan)', async () => {
    const findings = run(plan005, await scenarioContext(s.get('create')));
    expect(findings.filter((f) => f.outcome === 'unknown')).toEqual([]);
    const byAddress = new Map(passes(findings).map((f) => [f.location.address, f.message]));
    expect(byAddress.get(DB)).toBe(`prod: ${DB} (create): storage_encrypted = true, publicly_accessible = false, deletion_protection = true known at plan`);
    expect(byAddress.get(REDIS)).toContain('transit_encryption_enabled = true, at_rest_encryption_enabled = "true"');
    expect(byAddress.get(ALB)).toContain('enable_deletion_protection = true');
    expect(byAddress.get(HTTPS_IPV4)).toContain('cidr_ipv4 = "0.0.0.0/0"');
    // Security groups whose inline ingress the config does not set: computed from the separate rules, not reported.
    expect(findings.some((f) => f.location.address?.startsWith('aws_security_group.'))).toBe(false);
  });

  test('reports unknown (not pass) for storage_encrypted and an ingress CIDR computed at apply, as an advisory warning', async () => {
    const findings = run(plan005, await scenarioContext(s.get('unknown-security')));
    const unknowns = findings.filter((f) => f.outcome === 'unknown');
    expect(unknowns.map((f) => f.location.address).sort()).toEqual([DB, HTTPS_IPV4].sort());
    expect(unknowns.every((f) => f.severity === 'warning' && !f.blocking && f.enforcement === 'advisory')).toBe(true);
    expect(unknowns.find((f) => f.location.address === DB)!.message).toBe(`prod: ${DB} (create): storage_encrypted is known only after apply, so the plan cannot show it is safe`);
    expect(unknowns.find((f) => f.location.address === HTTPS_IPV4)).toMatchObject({ location: { constructPath: 'prod/LoadBalancer/IngressHttpsIpv4' } });
    expect(failures(findings)).toEqual([]);
  });
});
