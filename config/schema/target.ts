import { z } from 'zod';
import { keyedUnion } from './keyed-union';
import { dnsLabel } from './names';

export const dockerTargetSchema = z.strictObject({
  kind: z.literal('docker'),
  /** Docker daemon address. @default "unix:///var/run/docker.sock" */
  host: z.string().regex(/^(unix|tcp|ssh|npipe):\/\/\S+$/, 'expected a Docker host URL such as unix:///var/run/docker.sock or ssh://user@host').default('unix:///var/run/docker.sock'),
  /** Host address public services are published on. Datastores are never published. @default "127.0.0.1" */
  publishAddress: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
});

export const kubernetesTargetSchema = z.strictObject({
  kind: z.literal('kubernetes'),
  namespace: dnsLabel,
  /** kubeconfig file. @default "~/.kube/config" */
  configPath: z.string().min(1).default('~/.kube/config'),
  /** kubeconfig context. @default the current context */
  configContext: z.string().min(1).optional(),
  /** @default "nginx" */
  ingressClassName: z.string().min(1).default('nginx'),
  /** Storage class of datastore volumes. @default the cluster default */
  storageClassName: z.string().min(1).optional(),
  /** The platform team asserts that `storageClassName` encrypts volumes at rest. @default false */
  storageEncrypted: z.boolean().default(false),
  /** A `kubernetes.io/tls` secret in the namespace (e.g. from cert-manager) that Postgres and Redis serve TLS with. */
  datastoreTlsSecret: z.string().min(1).optional(),
  /** A `kubernetes.io/tls` secret for the public ingress hosts. */
  ingressTlsSecret: z.string().min(1).optional(),
});

const createdNetworkSchema = z.strictObject({
  /** @default "10.0.0.0/16" */
  cidr: z.cidrv4().default('10.0.0.0/16'),
  /** At least two zones of the region; given here so plans need no AWS call. */
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$/, 'expected an availability zone such as eu-west-1a')).min(2).max(6),
  /** One NAT gateway for all zones (cheaper) or one per zone (survives a zone outage). @default "single" */
  natGateways: z.enum(['single', 'per-zone']).default('single'),
});

const existingNetworkSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'expected a VPC id such as vpc-0abc12345def67890'),
  /** Subnets for the load balancer (at least two zones). */
  publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'expected a subnet id')).min(2),
  /** Subnets for tasks, the database and Redis (at least two zones). */
  privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'expected a subnet id')).min(2),
});

const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const awsTargetSchema = z.strictObject({
  kind: z.literal('aws'),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, 'expected an AWS region such as eu-west-1'),
  /** Created (cidr + zones) or given (vpcId + subnets). */
  network: keyedUnion('vpcId', existingNetworkSchema, createdNetworkSchema),
  /** ACM certificate for the HTTPS listener; without it the load balancer serves HTTP only. */
  certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[0-9a-f-]+$/, 'expected an ACM certificate ARN').optional(),
  /** CloudWatch log retention of the services. @default 30 */
  logRetentionDays: z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `expected one of ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(30),
});

export const targetSchema = z.discriminatedUnion('kind', [dockerTargetSchema, kubernetesTargetSchema, awsTargetSchema]);

export type DockerTarget = z.output<typeof dockerTargetSchema>;
export type KubernetesTarget = z.output<typeof kubernetesTargetSchema>;
export type AwsTarget = z.output<typeof awsTargetSchema>;
export type AwsNetwork = AwsTarget['network'];
export type CreatedAwsNetwork = z.output<typeof createdNetworkSchema>;
export type ExistingAwsNetwork = z.output<typeof existingNetworkSchema>;
export type TargetSpec = z.output<typeof targetSchema>;
export type TargetKind = TargetSpec['kind'];

export function isExistingNetwork(n: AwsNetwork): n is ExistingAwsNetwork {
  return 'vpcId' in n;
}
