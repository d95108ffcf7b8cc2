import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { type ManagedRedisModel, resourceName } from '../../model';

/**
 * Managed Redis on ElastiCache: encrypted at rest and in transit, AUTH with the REDIS_PASSWORD secret. The
 * services' REDIS_URL (`rediss://:<password>@<primary endpoint>:6379`) is composed by Terraform into a
 * Secrets Manager secret, so the task definition holds only its ARN.
 *
 * Child IDs (**`Resource` holds the data: never rename it**):
 * - `SubnetGroup` (private subnets), `SecurityGroup` (no egress; 6379 from the services that use it, added with
 *   `allowFrom`: `IngressFrom<Service>`), `Resource` (aws_elasticache_replication_group),
 *   `UrlSecret` + `UrlSecretVersion` (REDIS_URL)
 */
export interface RedisProps {
  readonly model: ManagedRedisModel;
  readonly vpcId: string;
  /** Private subnets, at least two zones. */
  readonly subnetIds: readonly string[];
  /** The `${var…}` token of the REDIS_PASSWORD secret (the AUTH token). */
  readonly authToken: string;
  /** Secrets Manager name of the composed URL, e.g. `acme/prod/redis/url`. */
  readonly urlSecretName: string;
  /** Days a deleted URL secret can be restored; 0 deletes at once. @default 30 */
  readonly recoveryWindowInDays?: number;
  /** Production: changes wait for the maintenance window. @default false */
  readonly production?: boolean;
}

/** ElastiCache caps replication group ids at 40 characters. */
const REPLICATION_GROUP_ID_MAX = 40;

export class Redis extends Construct {
  readonly resource: ElasticacheReplicationGroup;
  readonly securityGroupId: string;
  readonly port: number;
  /** ARN of the Secrets Manager secret holding REDIS_URL. */
  readonly urlSecretArn: string;

  constructor(scope: Construct, id: string, private readonly props: RedisProps) {
    super(scope, id);
    const m = props.model;
    const subnetGroup = new ElasticacheSubnetGroup(this, 'SubnetGroup', {
      name: m.name,
      description: `Private subnets of ${m.name}`,
      subnetIds: [...props.subnetIds],
    });
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: `${m.name}-cache`,
      description: `Redis ${m.name}: 6379 from the services that use it`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;
    this.port = m.port;

    this.resource = new ElasticacheReplicationGroup(this, 'Resource', {
      replicationGroupId: resourceName([m.name], REPLICATION_GROUP_ID_MAX),
      description: `Redis of ${m.name} (managed by pinstack)`,
      engine: 'redis',
      engineVersion: m.version,
      nodeType: m.nodeType,
      port: m.port,
      numCacheClusters: m.highAvailability ? 2 : 1,
      automaticFailoverEnabled: m.highAvailability,
      multiAzEnabled: m.highAvailability,
      atRestEncryptionEnabled: 'true',
      transitEncryptionEnabled: true,
      authToken: props.authToken,
      snapshotRetentionLimit: m.persistence ? 7 : 0,
      autoMinorVersionUpgrade: 'true',
      applyImmediately: !(props.production ?? false),
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [sg.id],
    });

    const urlSecret = new SecretsmanagerSecret(this, 'UrlSecret', {
      name: props.urlSecretName,
      description: `REDIS_URL of ${m.name} (composed by pinstack)`,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    });
    const scheme = m.tls ? 'rediss' : 'redis';
    new SecretsmanagerSecretVersion(this, 'UrlSecretVersion', {
      secretId: urlSecret.id,
      secretString: `${scheme}://:${Fn.urlencode(props.authToken)}@${this.resource.primaryEndpointAddress}:${m.port}`,
    });
    this.urlSecretArn = urlSecret.arn;
  }

  /** Opens 6379 to a service's security group (`IngressFrom<service>`). */
  allowFrom(id: string, securityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, `IngressFrom${id}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: securityGroupId,
      ipProtocol: 'tcp',
      fromPort: this.props.model.port,
      toPort: this.props.model.port,
      description,
    });
  }
}
