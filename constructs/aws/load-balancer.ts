import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/**
 * The internet-facing Application Load Balancer of the public services (only created when one has ingress).
 * Services add their target groups, listener rules and the ALB's egress to them (see service.ts).
 *
 * Child IDs:
 * - `SecurityGroup`: no egress of its own (each service opens ALB -> its port);
 *   `IngressHttpIpv4`, `IngressHttpIpv6`, and with a certificate `IngressHttpsIpv4`, `IngressHttpsIpv6`
 * - `Resource` (aws_lb)
 * - with `certificateArn`: `HttpsListener` (TLS 1.3/1.2 policy, default fixed 404) and `HttpListener`
 *   (redirects to HTTPS); without: `HttpListener` (default fixed 404)
 */
export interface LoadBalancerProps {
  /** At most 32 characters, e.g. `acme-prod`. */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets, at least two zones. */
  readonly subnetIds: readonly string[];
  /** ACM certificate; without it the load balancer serves HTTP only. @default undefined */
  readonly certificateArn?: string;
  /** Refuse deletion (production). @default false */
  readonly deletionProtection?: boolean;
}

export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const NOT_FOUND = { contentType: 'text/plain', messageBody: 'Not Found', statusCode: '404' } as const;

export class LoadBalancer extends Construct {
  readonly resource: Lb;
  readonly securityGroupId: string;
  /** The listener the services' rules attach to: HTTPS with a certificate, else HTTP. */
  readonly listenerArn: string;
  readonly https: boolean;
  readonly dnsName: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    this.https = props.certificateArn !== undefined;
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-alb`,
      description: `Load balancer of ${props.name}: HTTP${this.https ? '/HTTPS' : ''} from the internet`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;
    const ports: Array<[string, number]> = this.https ? [['Http', 80], ['Https', 443]] : [['Http', 80]];
    for (const [proto, port] of ports) {
      new VpcSecurityGroupIngressRule(this, `Ingress${proto}Ipv4`, {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
        description: `${proto.toUpperCase()} from the internet (IPv4)`,
      });
      new VpcSecurityGroupIngressRule(this, `Ingress${proto}Ipv6`, {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv6: '::/0',
        description: `${proto.toUpperCase()} from the internet (IPv6)`,
      });
    }

    this.resource = new Lb(this, 'Resource', {
      name: props.name,
      internal: false,
      loadBalancerType: 'application',
      securityGroups: [sg.id],
      subnets: [...props.subnetIds],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
    });
    this.dnsName = this.resource.dnsName;

    if (props.certificateArn !== undefined) {
      const https = new LbListener(this, 'HttpsListener', {
        loadBalancerArn: this.resource.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: ALB_SSL_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [{ type: 'fixed-response', fixedResponse: NOT_FOUND }],
      });
      new LbListener(this, 'HttpListener', {
        loadBalancerArn: this.resource.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      });
      this.listenerArn = https.arn;
    } else {
      const http = new LbListener(this, 'HttpListener', {
        loadBalancerArn: this.resource.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'fixed-response', fixedResponse: NOT_FOUND }],
      });
      this.listenerArn = http.arn;
    }
  }
}
