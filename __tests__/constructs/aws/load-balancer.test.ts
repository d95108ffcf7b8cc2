import { exampleSpec } from '../../helpers/example';
import { ref, resource, resources, synthAws } from './synth';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8f9e-a0b1c2d3e4f5';

describe('LoadBalancer', () => {
  test('an internet-facing ALB in the public subnets that drops invalid headers, protected in production', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_lb')).toMatchObject({
      name: 'acme-prod',
      internal: false,
      load_balancer_type: 'application',
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      security_groups: [ref(json, 'aws_security_group', 'LoadBalancer_SecurityGroup', 'id')],
      subnets: [ref(json, 'aws_subnet', 'Network_PublicSubnetEuWest1A', 'id'), ref(json, 'aws_subnet', 'Network_PublicSubnetEuWest1B', 'id')],
    });
  });

  test('is not deletion-protected outside production', async () => {
    const spec = exampleSpec();
    spec.environments.prod.tier = 'staging';
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_lb').enable_deletion_protection).toBe(false);
  });

  test('with a certificate: HTTPS with a TLS 1.3 policy and a 404 default, HTTP redirects to HTTPS', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_lb_listener', 'LoadBalancer_HttpsListener')).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: CERT,
      default_action: [{ type: 'fixed-response', fixed_response: { status_code: '404', content_type: 'text/plain', message_body: 'Not Found' } }],
    });
    expect(resource(json, 'aws_lb_listener', 'LoadBalancer_HttpListener')).toMatchObject({
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
    expect(resource(json, 'aws_lb_listener_rule').listener_arn).toBe(ref(json, 'aws_lb_listener', 'LoadBalancer_HttpsListener', 'arn'));
  });

  test('without a certificate: one HTTP listener with a 404 default, and the rules on it', async () => {
    const spec = exampleSpec();
    delete spec.environments.prod.target.certificateArn;
    const { json } = await synthAws({ spec });
    const listeners = resources(json, 'aws_lb_listener');
    expect(listeners).toHaveLength(1);
    expect(listeners[0]![1]).toMatchObject({ port: 80, protocol: 'HTTP', default_action: [{ type: 'fixed-response', fixed_response: { status_code: '404' } }] });
    expect(resource(json, 'aws_lb_listener_rule').listener_arn).toBe(ref(json, 'aws_lb_listener', 'LoadBalancer_HttpListener', 'arn'));
    const ports = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([id]) => id.startsWith('LoadBalancer_')).map(([, r]) => r.from_port);
    expect(ports).toEqual([80, 80]);
  });

  test('its security group opens 80 and 443 to the internet (IPv4 and IPv6), with descriptions', async () => {
    const { json } = await synthAws();
    const sg = ref(json, 'aws_security_group', 'LoadBalancer_SecurityGroup', 'id');
    const rules = resources(json, 'aws_vpc_security_group_ingress_rule').filter(([, r]) => r.security_group_id === sg);
    expect(rules.map(([, r]) => [r.from_port, r.to_port, r.ip_protocol, r.cidr_ipv4 ?? r.cidr_ipv6])).toEqual([
      [80, 80, 'tcp', '0.0.0.0/0'],
      [80, 80, 'tcp', '::/0'],
      [443, 443, 'tcp', '0.0.0.0/0'],
      [443, 443, 'tcp', '::/0'],
    ]);
    for (const [, r] of rules) expect(r.description).toMatch(/from the internet/);
  });

  test('the load balancer may only reach the public services, on their port', async () => {
    const { json } = await synthAws();
    const sg = ref(json, 'aws_security_group', 'LoadBalancer_SecurityGroup', 'id');
    const egress = resources(json, 'aws_vpc_security_group_egress_rule').filter(([, r]) => r.security_group_id === sg);
    expect(egress.map(([, r]) => [r.referenced_security_group_id, r.from_port, r.to_port])).toEqual([[ref(json, 'aws_security_group', 'ServiceWeb_SecurityGroup', 'id'), 8080, 8080]]);
  });

  test('is not created when no service has ingress', async () => {
    const spec = exampleSpec();
    delete spec.services.web.ingress;
    const { json } = await synthAws({ spec });
    for (const type of ['aws_lb', 'aws_lb_listener', 'aws_lb_listener_rule', 'aws_lb_target_group']) expect(resources(json, type)).toEqual([]);
    expect(json.output?.load_balancer_dns_name).toBeUndefined();
  });
});
