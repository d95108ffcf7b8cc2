import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { fargateTaskSize } from '../../config';
import { type EnvValue, resourceName, type ServiceModel } from '../../model';
import type { Cluster } from './cluster';
import { albHealthCheckPort, albTargetGroupHealthCheck, ecsContainerHealthCheck, healthCheckGracePeriodSeconds } from './health-check';
import type { LoadBalancer } from './load-balancer';
import type { Postgres } from './postgres';
import type { Redis } from './redis';
import type { SecretsManagerSecrets } from './secrets';
import { terraformLiteral } from '../shared/terraform-literal';

/**
 * One app service on ECS Fargate: logs, roles, task definition, security group, ECS service, and for public
 * services a target group + listener rule on the shared load balancer; autoscaling on CPU when min < max.
 *
 * Child IDs:
 * - `LogGroup` (`/pinstack/<app>/<env>/<service>`)
 * - `TaskAssumeRolePolicy` (data, ecs-tasks trust), `ExecutionRole`, `ExecutionPolicy` (data),
 *   `ExecutionRolePolicy` (logs on the group; GetSecretValue on exactly the secrets the service reads; ECR pull
 *   for ECR images), `TaskRole` (no policies)
 * - `TaskDefinition`
 * - `SecurityGroup`, `EgressAll`; behind the load balancer: `IngressFromLoadBalancer` + `LoadBalancerEgress`
 *   (and `IngressFromLoadBalancerHealthCheck` + `LoadBalancerEgressHealthCheck` when the check has its own port)
 * - public services: `TargetGroup`, `ListenerRule`
 * - `Resource` (aws_ecs_service)
 * - min < max: `ScalingTarget`, `CpuScalingPolicy`
 */
export interface ServiceProps {
  readonly model: ServiceModel;
  /** e.g. `acme`, `prod` (log group and role names). */
  readonly app: string;
  readonly env: string;
  readonly region: string;
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  readonly cluster: Cluster;
  readonly logRetentionDays: number;
  /** The Secrets Manager secrets of the `secret` environment variables. */
  readonly secrets: SecretsManagerSecrets;
  /** Managed Postgres, when the spec has one. @default undefined */
  readonly postgres?: Postgres;
  /** Managed Redis, when the spec has one. @default undefined */
  readonly redis?: Redis;
  /** Required for a service with ingress. @default undefined */
  readonly loadBalancer?: LoadBalancer;
  /** Listener rule priority (unique per listener; lower wins). Required for a service with ingress. @default undefined */
  readonly listenerPriority?: number;
  /** Fargate CPU architecture (the model has no field for it yet). @default "X86_64" */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
}

/** Task size of a service that sets no resources. */
const DEFAULT_RESOURCES = { cpu: 0.25, memoryLimitMiB: 512 } as const;
const ECR_DOMAIN = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

interface ContainerEnv {
  readonly environment: Array<{ name: string; value: string }>;
  readonly secrets: Array<{ name: string; valueFrom: string }>;
  /** Secret ARNs the execution role may read. */
  readonly secretArns: string[];
}

export class Service extends Construct {
  readonly resource: EcsService;
  readonly securityGroupId: string;
  readonly taskDefinition: EcsTaskDefinition;
  readonly targetGroup?: LbTargetGroup;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    const m = props.model;
    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/pinstack/${props.app}/${props.env}/${m.name}`,
      retentionInDays: props.logRetentionDays,
    });

    const env = this.containerEnv(m, props);

    // Roles
    const assume = new DataAwsIamPolicyDocument(this, 'TaskAssumeRolePolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] }],
    });
    const executionRole = new IamRole(this, 'ExecutionRole', {
      name: resourceName([m.resourceName, 'execution'], 64),
      description: `ECS agent of ${m.resourceName}: pulls the image, writes logs, reads its secrets`,
      assumeRolePolicy: assume.json,
    });
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: 'Logs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.arn}:*`] },
    ];
    if (env.secretArns.length > 0) {
      statements.push({ sid: 'Secrets', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: env.secretArns });
    }
    const ecr = ECR_DOMAIN.exec(m.image.domain);
    if (ecr) {
      const partition = ecr[3] ? 'aws-cn' : 'aws';
      statements.push(
        { sid: 'EcrAuth', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          sid: 'EcrPull',
          effect: 'Allow',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          resources: [`arn:${partition}:ecr:${ecr[2]}:${ecr[1]}:repository/${m.image.path}`],
        },
      );
    }
    const executionPolicy = new DataAwsIamPolicyDocument(this, 'ExecutionPolicy', { statement: statements });
    new IamRolePolicy(this, 'ExecutionRolePolicy', { name: 'pinstack-execution', role: executionRole.id, policy: executionPolicy.json });
    const taskRole = new IamRole(this, 'TaskRole', {
      name: resourceName([m.resourceName, 'task'], 64),
      description: `Application role of ${m.resourceName} (no permissions by default)`,
      assumeRolePolicy: assume.json,
    });

    // Task definition
    const requested = m.resources ?? DEFAULT_RESOURCES;
    const size = fargateTaskSize(requested.cpu, requested.memoryLimitMiB);
    if (!size) throw new Error(`services.${m.name}.resources: no Fargate task size holds ${requested.cpu} vCPU and ${requested.memoryLimitMiB} MiB`);
    const healthCheck = ecsContainerHealthCheck(m.healthChecks);
    const container = {
      name: m.name,
      image: m.image.raw,
      essential: true,
      ...(m.command ? { entryPoint: m.command.map(terraformLiteral) } : {}),
      ...(m.args ? { command: m.args.map(terraformLiteral) } : {}),
      portMappings: m.port !== undefined ? [{ containerPort: m.port, hostPort: m.port, protocol: 'tcp' }] : [],
      environment: env.environment,
      secrets: env.secrets,
      ...(healthCheck ? { healthCheck: { ...healthCheck, command: healthCheck.command.map(terraformLiteral) } } : {}),
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': logGroup.name, 'awslogs-region': props.region, 'awslogs-stream-prefix': m.name },
      },
      user: String(m.runAsUser),
      readonlyRootFilesystem: false,
      ...(m.resources ? { memoryReservation: m.resources.memoryMiB, memory: m.resources.memoryLimitMiB } : {}),
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'TaskDefinition', {
      family: m.resourceName,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(size.cpuUnits),
      memory: String(size.memoryMiB),
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      containerDefinitions: JSON.stringify([container]),
    });

    // Network access
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: `${m.resourceName}-service`,
      description: `Tasks of ${m.resourceName}${m.ingress ? ': from the load balancer only' : ': no inbound traffic'}`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = sg.id;
    new VpcSecurityGroupEgressRule(this, 'EgressAll', {
      securityGroupId: sg.id,
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
      description: 'Image pulls, AWS APIs, datastores and outbound calls',
    });

    let listenerRule: LbListenerRule | undefined;
    if (m.ingress) {
      const lb = props.loadBalancer;
      if (!lb || props.listenerPriority === undefined || m.port === undefined) {
        throw new Error(`services.${m.name}.ingress: a public service needs the load balancer, a listener priority and a port`);
      }
      const ports = [m.port];
      const checkPort = albHealthCheckPort(m.healthChecks, m.port);
      const openPort = (suffix: string, port: number, what: string) => {
        new VpcSecurityGroupIngressRule(this, `IngressFromLoadBalancer${suffix}`, {
          securityGroupId: sg.id,
          referencedSecurityGroupId: lb.securityGroupId,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `${what} from the load balancer`,
        });
        new VpcSecurityGroupEgressRule(this, `LoadBalancerEgress${suffix}`, {
          securityGroupId: lb.securityGroupId,
          referencedSecurityGroupId: sg.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `${what} to ${m.resourceName}`,
        });
      };
      openPort('', m.port, 'Traffic');
      if (checkPort !== undefined && !ports.includes(checkPort)) openPort('HealthCheck', checkPort, 'Health checks');

      this.targetGroup = new LbTargetGroup(this, 'TargetGroup', {
        name: resourceName([m.resourceName], 32),
        port: m.port,
        protocol: 'HTTP',
        targetType: 'ip',
        vpcId: props.vpcId,
        deregistrationDelay: '30',
        healthCheck: albTargetGroupHealthCheck(m.healthChecks, m.port),
      });
      listenerRule = new LbListenerRule(this, 'ListenerRule', {
        listenerArn: lb.listenerArn,
        priority: props.listenerPriority,
        action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
        condition: [{ hostHeader: { values: [m.ingress.host] } }, { pathPattern: { values: pathPatterns(m.ingress.path) } }],
      });
    }

    const autoscaled = m.replicas.min < m.replicas.max;
    this.resource = new EcsService(this, 'Resource', {
      name: m.resourceName,
      cluster: props.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      launchType: 'FARGATE',
      desiredCount: m.replicas.min,
      networkConfiguration: { subnets: [...props.privateSubnetIds], securityGroups: [sg.id], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: m.rollout.autoRollback },
      deploymentMinimumHealthyPercent: 100 - m.rollout.maxUnavailablePercent,
      deploymentMaximumPercent: 100 + m.rollout.maxSurgePercent,
      ...(this.targetGroup && m.port !== undefined
        ? {
            loadBalancer: [{ targetGroupArn: this.targetGroup.arn, containerName: m.name, containerPort: m.port }],
            healthCheckGracePeriodSeconds: healthCheckGracePeriodSeconds(m.healthChecks),
          }
        : {}),
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      waitForSteadyState: true,
      ...(autoscaled ? { lifecycle: { ignoreChanges: ['desired_count'] } } : {}),
      ...(listenerRule ? { dependsOn: [listenerRule] } : {}),
    });

    if (autoscaled) {
      const target = new AppautoscalingTarget(this, 'ScalingTarget', {
        serviceNamespace: 'ecs',
        scalableDimension: 'ecs:service:DesiredCount',
        resourceId: `service/${props.cluster.name}/${this.resource.name}`,
        minCapacity: m.replicas.min,
        maxCapacity: m.replicas.max,
      });
      new AppautoscalingPolicy(this, 'CpuScalingPolicy', {
        name: `${m.resourceName}-cpu`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: m.replicas.targetCpuPercent ?? 70,
          predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      });
    }
  }

  /** Environment and secrets of the container, from the model's EnvValue wiring. */
  private containerEnv(m: ServiceModel, props: ServiceProps): ContainerEnv {
    const environment: ContainerEnv['environment'] = [];
    const secrets: ContainerEnv['secrets'] = [];
    const secretArns: string[] = [];
    const fromSecret = (name: string, valueFrom: string, arn: string) => {
      secrets.push({ name, valueFrom });
      if (!secretArns.includes(arn)) secretArns.push(arn);
    };
    const needs = <T>(store: T | undefined, what: string, name: string): T => {
      if (store === undefined) throw new Error(`services.${m.name}: ${name} needs managed ${what}, which this stack does not have`);
      return store;
    };
    for (const { name, value } of m.env) {
      const v: EnvValue = value;
      switch (v.kind) {
        case 'literal':
          environment.push({ name, value: terraformLiteral(v.value) });
          break;
        case 'secret': {
          const arn = props.secrets.arnOf(v.secret);
          fromSecret(name, arn, arn);
          break;
        }
        case 'postgres-url':
          environment.push({ name, value: needs(props.postgres, 'postgres', name).databaseUrl });
          break;
        case 'postgres-password': {
          const arn = needs(props.postgres, 'postgres', name).masterUserSecretArn;
          fromSecret(name, `${arn}:password::`, arn);
          break;
        }
        case 'redis-url': {
          const arn = needs(props.redis, 'redis', name).urlSecretArn;
          fromSecret(name, arn, arn);
          break;
        }
      }
    }
    return { environment, secrets, secretArns };
  }
}

/** ALB path patterns of an ingress path prefix: `/` -> `/*`; `/api` -> `/api`, `/api/*`. */
export function pathPatterns(path: string): string[] {
  const prefix = path.replace(/\/+$/, '');
  return prefix === '' ? ['/*'] : [prefix, `${prefix}/*`];
}
