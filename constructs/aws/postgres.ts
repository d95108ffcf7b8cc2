import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup, type DbParameterGroupParameter } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { ManagedPostgresModel } from '../../model';

/**
 * Managed Postgres on RDS (an external database has no resources). RDS creates and rotates the master
 * password in Secrets Manager (`manage_master_user_password`); services read it from there (PGPASSWORD).
 *
 * Child IDs (**`Resource` is the database: never rename it**):
 * - `SubnetGroup` (private subnets), `SecurityGroup` (no egress; 5432 from the services that use it, added with
 *   `allowFrom`: `IngressFrom<Service>`), `ParameterGroup` (family `postgres<major>`, create-before-destroy so a
 *   major upgrade can swap it), `Resource` (aws_db_instance)
 */
export interface PostgresProps {
  readonly model: ManagedPostgresModel;
  readonly vpcId: string;
  /** Private subnets, at least two zones. */
  readonly subnetIds: readonly string[];
  /** Production: changes wait for the maintenance window. @default false */
  readonly production?: boolean;
}

/** Instance classes without Performance Insights. */
const NO_PERFORMANCE_INSIGHTS = /^db\.(t2|t3|t4g)\.micro$/;

export class Postgres extends Construct {
  readonly resource: DbInstance;
  readonly securityGroupId: string;
  readonly address: string;
  readonly port: number;
  /** ARN of the RDS-managed secret holding `{"username","password"}`. */
  readonly masterUserSecretArn: string;
  /** `postgresql://<user>@<address>:5432/<db>?sslmode=require`: no password (it is PGPASSWORD, from the managed secret). */
  readonly databaseUrl: string;

  constructor(scope: Construct, id: string, private readonly props: PostgresProps) {
    super(scope, id);
    const m = props.model;
    const production = props.production ?? false;
    const subnetGroup = new DbSubnetGroup(this, 'SubnetGroup', {
      name: m.name,
      description: `Private subnets of ${m.name}`,
      subnetIds: [...props.subnetIds],
    });
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: `${m.name}-db`,
      description: `Postgres ${m.name}: 5432 from the services that use it`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;

    const parameters: DbParameterGroupParameter[] = [{ name: 'rds.force_ssl', value: m.tls ? '1' : '0' }];
    if (m.preloadLibraries.length > 0) {
      // RDS preloads pg_stat_statements by default; setting the parameter replaces that default, so keep it.
      const libraries = [...new Set(['pg_stat_statements', ...m.preloadLibraries])].sort();
      parameters.push({ name: 'shared_preload_libraries', value: libraries.join(','), applyMethod: 'pending-reboot' });
    }
    const parameterGroup = new DbParameterGroup(this, 'ParameterGroup', {
      name: `${m.name}-pg${m.major}`,
      family: `postgres${m.major}`,
      description: `Parameters of ${m.name}`,
      parameter: parameters,
      lifecycle: { createBeforeDestroy: true },
    });

    this.resource = new DbInstance(this, 'Resource', {
      identifier: m.name,
      engine: 'postgres',
      engineVersion: m.version,
      instanceClass: m.instanceClass,
      allocatedStorage: m.storageGiB,
      storageType: 'gp3',
      storageEncrypted: true,
      manageMasterUserPassword: true,
      username: m.username,
      dbName: m.database,
      port: m.port,
      multiAz: m.highAvailability,
      backupRetentionPeriod: m.backupRetentionDays,
      deletionProtection: m.deletionProtection,
      skipFinalSnapshot: !m.deletionProtection,
      ...(m.deletionProtection ? { finalSnapshotIdentifier: `${m.name}-final` } : {}),
      publiclyAccessible: false,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      performanceInsightsEnabled: !NO_PERFORMANCE_INSIGHTS.test(m.instanceClass),
      applyImmediately: !production,
      dbSubnetGroupName: subnetGroup.name,
      parameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [sg.id],
    });
    this.address = this.resource.address;
    this.port = m.port;
    this.masterUserSecretArn = this.resource.masterUserSecret.get(0).secretArn;
    this.databaseUrl = `postgresql://${m.username}@${this.address}:${m.port}/${m.database}?sslmode=require`;
  }

  /** Opens 5432 to a service's security group (`IngressFrom<service>`). */
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
