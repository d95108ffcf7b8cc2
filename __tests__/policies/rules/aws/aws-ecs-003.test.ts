import { awsEcs003 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const web = PROD.webService.constructPath;

describe('AWS-ECS-003 ECS services run in private subnets, reachable only from the load balancer', () => {
  test('passes on the example prod: private subnets, no public IP, web only from the load balancer', async () => {
    const findings = run(awsEcs003, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location.address)).toEqual([PROD.webService.address, PROD.workerService.address]);
    expect(only(findings, PROD.webService, 'pass').message).toBe(
      `service web in prod: ${PROD.webService.address} runs in private subnets with assign_public_ip false and admits traffic only from the load balancer (${PROD.lbSecurityGroup.address})`,
    );
    expect(only(findings, PROD.workerService, 'pass').message).toContain('admits no inbound traffic');
  });

  test('fails when the service assigns public IPs in a public subnet', async () => {
    const mutate = override(
      [web, 'network_configuration.assign_public_ip', true],
      [web, 'network_configuration.subnets', [`\${${PROD.publicSubnetA.address}.id}`]],
    );
    const f = only(run(awsEcs003, await synthContext('prod', { mutate })), PROD.webService);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-003', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.webService)) });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webService.address} assigns public IPs to its tasks (assign_public_ip true); runs in a public subnet: ${PROD.publicSubnetA.address} routes through aws_route_table.Network_PublicRouteTable_80927F7B to an internet gateway`,
    );
  });

  test('fails when the service security group admits a CIDR instead of the load balancer', async () => {
    const mutate = override(
      [PROD.webIngress.constructPath, 'cidr_ipv4', '10.0.0.0/8'],
      [PROD.webIngress.constructPath, 'referenced_security_group_id', undefined],
    );
    const f = only(run(awsEcs003, await synthContext('prod', { mutate })), PROD.webService);
    expect(f.message).toContain(`has the security group ${PROD.webSecurityGroup.address}, which admits traffic through ${PROD.webIngress.address} from CIDR 10.0.0.0/8, not only from the load balancer`);
  });

  test('fails when a staging service gets a public IP (error); development only warns', async () => {
    const mutate = override([web, 'network_configuration.assign_public_ip', true]);
    expect(only(run(awsEcs003, await synthContext('prod', { spec: prodSpec('staging'), mutate })), PROD.webService)).toMatchObject({ severity: 'error', blocking: true });
    expect(only(run(awsEcs003, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.webService)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('is unknown when assign_public_ip or the security groups are expressions', async () => {
    const mutate = override([web, 'network_configuration.assign_public_ip', '${var.public_ip}'], [web, 'network_configuration.security_groups', ['${var.service_sg}']]);
    const u = only(run(awsEcs003, await synthContext('prod', { mutate })), PROD.webService, 'unknown');
    expect(u.message).toBe(
      `service web in prod: ${PROD.webService.address}: assign_public_ip is the expression \${var.public_ip}; the ingress of security group \${var.service_sg}, which is not in this stack (known only at plan)`,
    );
  });
});
