import { awsAlb002 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const lb = PROD.loadBalancer.constructPath;

describe('AWS-ALB-002 load balancers drop invalid headers and have deletion protection in production', () => {
  test('passes on the example prod', async () => {
    const findings = run(awsAlb002, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `${PROD.loadBalancer.address} in prod drops invalid header fields, mitigates desync (defensive) and has deletion protection`,
    ]);
  });

  test('fails when drop_invalid_header_fields is false: error in production, info in development', async () => {
    const mutate = override([lb, 'drop_invalid_header_fields', false]);
    const f = only(run(awsAlb002, await synthContext('prod', { mutate })), PROD.loadBalancer);
    expect(f).toMatchObject({ ruleId: 'AWS-ALB-002', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.loadBalancer)) });
    expect(f.message).toBe(`${PROD.loadBalancer.address} in prod has drop_invalid_header_fields false: malformed headers reach the services`);
    expect(only(run(awsAlb002, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.loadBalancer)).toMatchObject({ severity: 'info', blocking: false });
  });

  test('fails when production has no deletion protection, even with a misspelt deletion_protection (the CKV_AWS_334 lesson)', async () => {
    const mutate = override([lb, 'enable_deletion_protection', false], [lb, 'deletion_protection', true]);
    const f = only(run(awsAlb002, await synthContext('prod', { mutate })), PROD.loadBalancer);
    expect(f.message).toBe(`${PROD.loadBalancer.address} in prod has enable_deletion_protection false in production`);
  });

  test('fails when desync mitigation is only monitored', async () => {
    const f = only(run(awsAlb002, await synthContext('prod', { mutate: override([lb, 'desync_mitigation_mode', 'monitor']) })), PROD.loadBalancer);
    expect(f.message).toContain('has desync_mitigation_mode "monitor"');
  });

  test('passes staging without deletion protection (the renderer only sets it in production)', async () => {
    const findings = run(awsAlb002, await synthContext('prod', { spec: prodSpec('staging') }));
    expect(failures(findings)).toEqual([]);
    expect(only(findings, PROD.loadBalancer, 'pass').severity).toBe('warning');
  });

  test('is unknown when drop_invalid_header_fields is an expression', async () => {
    const u = only(run(awsAlb002, await synthContext('prod', { mutate: override([lb, 'drop_invalid_header_fields', '${var.drop}']) })), PROD.loadBalancer, 'unknown');
    expect(u.message).toContain('drop_invalid_header_fields is the expression ${var.drop}');
  });
});
