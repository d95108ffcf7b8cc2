import { awsNet001 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const pgRule = PROD.postgresIngressWeb.constructPath;
const worldToPostgres = override([pgRule, 'cidr_ipv4', '0.0.0.0/0'], [pgRule, 'referenced_security_group_id', undefined]);

describe('AWS-NET-001 nothing but the load balancer\'s 80/443 is open to the internet; every rule has a description', () => {
  test('passes on the example prod: only the load balancer is public, on 80 and 443, every group and rule described', async () => {
    const findings = run(awsNet001, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings)).toHaveLength(17);
    expect(only(findings, PROD.lbIngressHttpIpv4, 'pass').message).toBe(`${PROD.lbIngressHttpIpv4.address} in prod is the load balancer's public 80/443 and has a description`);
  });

  test('fails when the database ingress is opened to 0.0.0.0/0', async () => {
    const f = only(run(awsNet001, await synthContext('prod', { mutate: worldToPostgres })), PROD.postgresIngressWeb);
    expect(f).toMatchObject({ ruleId: 'AWS-NET-001', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.postgresIngressWeb)) });
    expect(f.message).toBe(
      `postgres in prod: ${PROD.postgresIngressWeb.address} opens ${PROD.postgresSecurityGroup.address}, which is not a load balancer's security group, to 0.0.0.0/0 (protocol tcp, ports 5432)`,
    );
  });

  test('fails when the load balancer is opened to the internet on SSH: an error in staging, a warning in development', async () => {
    const rule = PROD.lbIngressHttpIpv4.constructPath;
    const mutate = override([rule, 'from_port', 22], [rule, 'to_port', 22]);
    const f = only(run(awsNet001, await synthContext('prod', { spec: prodSpec('staging'), mutate })), PROD.lbIngressHttpIpv4);
    expect(f).toMatchObject({ severity: 'error', blocking: true });
    expect(f.message).toContain(`opens the load balancer's ${PROD.lbSecurityGroup.address} to 0.0.0.0/0 on protocol tcp ports 22; only tcp 80 and 443 may be public`);
    expect(only(run(awsNet001, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.lbIngressHttpIpv4)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('fails when a rule or a security group has no description', async () => {
    const mutate = override([PROD.webEgress.constructPath, 'description', undefined], [PROD.webSecurityGroup.constructPath, 'description', undefined]);
    const findings = run(awsNet001, await synthContext('prod', { mutate }));
    expect(only(findings, PROD.webEgress).message).toBe(`service web in prod: ${PROD.webEgress.address} has no description`);
    expect(only(findings, PROD.webSecurityGroup).message).toBe(`service web in prod: ${PROD.webSecurityGroup.address} has no description (the provider writes "Managed by Terraform")`);
  });

  test('fails when an inline ingress block opens a service group to ::/0 without a description', async () => {
    const mutate = override([PROD.webSecurityGroup.constructPath, 'ingress', [{ from_port: 8080, to_port: 8080, protocol: 'tcp', ipv6_cidr_blocks: ['::/0'] }]]);
    const f = only(run(awsNet001, await synthContext('prod', { mutate })), PROD.webSecurityGroup);
    expect(f.message).toBe(
      `service web in prod: ${PROD.webSecurityGroup.address} its inline ingress[0] has no description; its inline ingress[0] opens ${PROD.webSecurityGroup.address}, which is not a load balancer's security group, to ::/0 (protocol tcp, ports 8080)`,
    );
  });

  test('is unknown when a CIDR is an expression', async () => {
    const mutate = override([pgRule, 'cidr_ipv4', '${var.admin_cidr}'], [pgRule, 'referenced_security_group_id', undefined]);
    const u = only(run(awsNet001, await synthContext('prod', { mutate })), PROD.postgresIngressWeb, 'unknown');
    expect(u.message).toBe(`postgres in prod: ${PROD.postgresIngressWeb.address}: admits the CIDR expression \${var.admin_cidr} (known only at plan)`);
  });
});
