import { awsAlb001 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const https = PROD.httpsListener.constructPath;
const noCertificate = (tier: 'production' | 'development') => prodSpec(tier, (s) => delete s.environments.prod.target.certificateArn);

describe('AWS-ALB-001 HTTPS with an ACM certificate and a modern TLS policy; HTTP only redirects', () => {
  test('passes on the example prod: HTTPS with TLS 1.3/1.2 and an ACM certificate, port 80 redirects', async () => {
    const findings = run(awsAlb001, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location.address)).toEqual([PROD.loadBalancer.address, PROD.httpsListener.address, PROD.httpListener.address]);
    expect(only(findings, PROD.httpsListener, 'pass').message).toBe(
      `${PROD.httpsListener.address} in prod (port 443, HTTPS) serves the ACM certificate arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8f9e-a0b1c2d3e4f5 and the TLS policy ELBSecurityPolicy-TLS13-1-2-2021-06`,
    );
    expect(only(findings, PROD.httpListener, 'pass').message).toBe(`${PROD.httpListener.address} in prod (port 80, HTTP) only redirects to HTTPS`);
  });

  test('fails when the stack has no certificate: an error in production, a warning in development', async () => {
    const findings = run(awsAlb001, await synthContext('prod', { spec: noCertificate('production') }));
    const lb = only(findings, PROD.loadBalancer);
    expect(lb).toMatchObject({ ruleId: 'AWS-ALB-001', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.loadBalancer)) });
    expect(lb.location.specPath).toBeUndefined();
    expect(lb.message).toBe(`${PROD.loadBalancer.address} in prod has no HTTPS listener: it serves plain HTTP only (set target.certificateArn to an ACM certificate)`);
    expect(only(findings, PROD.httpListener).message).toBe(
      `${PROD.httpListener.address} in prod (port 80, HTTP) answers plain HTTP with a fixed-response default_action instead of redirecting to HTTPS; serves plain HTTP through aws_lb_listener_rule.ServiceWeb_ListenerRule_CA3B7F4B (a forward action)`,
    );
    const dev = run(awsAlb001, await synthContext('prod', { spec: noCertificate('development') }));
    expect(only(dev, PROD.loadBalancer)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('fails when the HTTPS listener uses the legacy ELBSecurityPolicy-2016-08, or no policy at all', async () => {
    const legacy = only(run(awsAlb001, await synthContext('prod', { mutate: override([https, 'ssl_policy', 'ELBSecurityPolicy-2016-08']) })), PROD.httpsListener);
    expect(legacy).toMatchObject({ severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.httpsListener)) });
    expect(legacy.message).toBe(
      `${PROD.httpsListener.address} in prod (port 443, HTTPS) uses the legacy TLS policy ELBSecurityPolicy-2016-08, which accepts TLS 1.0 or 1.1 (use e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)`,
    );
    const unset = only(run(awsAlb001, await synthContext('prod', { mutate: override([https, 'ssl_policy', undefined]) })), PROD.httpsListener);
    expect(unset.message).toContain('has no ssl_policy, so it gets the provider default ELBSecurityPolicy-2016-08');
  });

  test.each(['ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-TLS13-1-1-2021-06', 'ELBSecurityPolicy-FS-2018-06'])('fails when the TLS policy is %s', async (policy) => {
    expect(only(run(awsAlb001, await synthContext('prod', { mutate: override([https, 'ssl_policy', policy]) })), PROD.httpsListener).message).toContain(`uses the legacy TLS policy ${policy}`);
  });

  test('fails when the certificate is an IAM server certificate', async () => {
    const mutate = override([https, 'certificate_arn', 'arn:aws:iam::123456789012:server-certificate/acme']);
    expect(only(run(awsAlb001, await synthContext('prod', { mutate })), PROD.httpsListener).message).toContain('serves the IAM server certificate arn:aws:iam::123456789012:server-certificate/acme, not an ACM certificate');
  });

  test('fails when port 80 forwards instead of redirecting', async () => {
    const mutate = override([PROD.httpListener.constructPath, 'default_action', [{ type: 'forward', target_group_arn: `\${${PROD.webTargetGroup.address}.arn}` }]]);
    expect(only(run(awsAlb001, await synthContext('prod', { mutate })), PROD.httpListener).message).toBe(
      `${PROD.httpListener.address} in prod (port 80, HTTP) answers plain HTTP with a forward default_action instead of redirecting to HTTPS`,
    );
  });

  test('is unknown when the certificate is an expression', async () => {
    const u = only(run(awsAlb001, await synthContext('prod', { mutate: override([https, 'certificate_arn', '${var.certificate_arn}']) })), PROD.httpsListener, 'unknown');
    expect(u.message).toBe(`${PROD.httpsListener.address} in prod (port 443, HTTPS): certificate_arn is the expression \${var.certificate_arn} (known only at plan)`);
  });
});
