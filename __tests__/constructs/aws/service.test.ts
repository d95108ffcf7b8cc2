import { EXAMPLE_PINS, exampleSpec } from '../../helpers/example';
import { containerDefinitions, dataSource, ref, resource, resources, synthAws } from './synth';

describe('Service: task definition', () => {
  test('a Fargate task sized from the resources, in awsvpc mode, on X86_64 Linux', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_ecs_task_definition', 'ServiceWeb_')).toMatchObject({
      family: 'acme-prod-web',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      execution_role_arn: ref(json, 'aws_iam_role', 'ServiceWeb_ExecutionRole', 'arn'),
      task_role_arn: ref(json, 'aws_iam_role', 'ServiceWeb_TaskRole', 'arn'),
    });
    expect(resource(json, 'aws_ecs_task_definition', 'ServiceWorker_')).toMatchObject({ cpu: '256', memory: '512' });
  });

  test('defaults to 0.25 vCPU and 512 MiB without resources', async () => {
    const spec = exampleSpec();
    delete spec.services.worker.resources;
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_ecs_task_definition', 'ServiceWorker_')).toMatchObject({ cpu: '256', memory: '512' });
    expect(containerDefinitions(json, 'Worker')[0].memoryReservation).toBeUndefined();
  });

  test('the container: pinned image, entrypoint, port, user, logs, essential', async () => {
    const { json } = await synthAws();
    const [web] = containerDefinitions(json, 'Web');
    expect(web).toMatchObject({
      name: 'web',
      image: EXAMPLE_PINS.web,
      essential: true,
      entryPoint: ['node', 'dist/server.js'],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      user: '10001',
      readonlyRootFilesystem: false,
      memoryReservation: 2048,
      memory: 2048,
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': ref(json, 'aws_cloudwatch_log_group', 'ServiceWeb_LogGroup', 'name'), 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'web' },
      },
    });
    expect(web.command).toBeUndefined();
    expect(resource(json, 'aws_cloudwatch_log_group', 'ServiceWeb_')).toEqual({ name: '/pinstack/acme/prod/web', retention_in_days: 90 });
  });

  test('the model command is the ECS entryPoint and args the ECS command', async () => {
    const spec = exampleSpec();
    spec.services.worker.args = ['--queue', 'default'];
    const { json } = await synthAws({ spec });
    expect(containerDefinitions(json, 'Worker')[0]).toMatchObject({ entryPoint: ['node', 'dist/worker.js'], command: ['--queue', 'default'] });
  });

  test('literals in environment; DATABASE_URL without a password; PGPASSWORD, REDIS_URL and secrets from Secrets Manager', async () => {
    const { json } = await synthAws();
    const [web] = containerDefinitions(json, 'Web');
    const db = 'aws_db_instance.Postgres_' + Object.keys(json.resource.aws_db_instance!)[0]!.split('_')[1];
    expect(web.environment).toEqual([
      { name: 'DATABASE_URL', value: `postgresql://app@\${${db}.address}:5432/app?sslmode=require` },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'NODE_ENV', value: 'production' },
      { name: 'PORT', value: '8080' },
    ]);
    expect(web.secrets).toEqual([
      { name: 'PGPASSWORD', valueFrom: `\${${db}.master_user_secret[0].secret_arn}:password::` },
      { name: 'REDIS_URL', valueFrom: ref(json, 'aws_secretsmanager_secret', 'Redis_UrlSecret', 'arn') },
      { name: 'SESSION_SECRET', valueFrom: ref(json, 'aws_secretsmanager_secret', 'SecretsManager_SessionSecret', 'arn') },
    ]);
  });

  test('escapes template sequences in literal values so Terraform keeps them as text', async () => {
    const spec = exampleSpec();
    spec.services.worker.env.GREETING = 'hello ${USER} %{if x}';
    const { json } = await synthAws({ spec });
    expect(containerDefinitions(json, 'Worker')[0].environment).toContainEqual({ name: 'GREETING', value: 'hello $${USER} %%{if x}' });
  });
});

describe('Service: IAM', () => {
  test('the execution role reads exactly the secrets of its service and writes to its log group', async () => {
    const { json } = await synthAws();
    const doc = dataSource(json, 'aws_iam_policy_document', 'ServiceWeb_ExecutionPolicy');
    const db = Object.keys(json.resource.aws_db_instance!)[0];
    expect(doc.statement).toEqual([
      { sid: 'Logs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${ref(json, 'aws_cloudwatch_log_group', 'ServiceWeb_LogGroup', 'arn')}:*`] },
      {
        sid: 'Secrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          `\${aws_db_instance.${db}.master_user_secret[0].secret_arn}`,
          ref(json, 'aws_secretsmanager_secret', 'Redis_UrlSecret', 'arn'),
          ref(json, 'aws_secretsmanager_secret', 'SecretsManager_SessionSecret', 'arn'),
        ],
      },
    ]);
    expect(resource(json, 'aws_iam_role_policy', 'ServiceWeb_')).toMatchObject({
      role: ref(json, 'aws_iam_role', 'ServiceWeb_ExecutionRole', 'id'),
      policy: `\${data.aws_iam_policy_document.${Object.keys(json.data!.aws_iam_policy_document!).find((k) => k.startsWith('ServiceWeb_ExecutionPolicy'))}.json}`,
    });
  });

  test('a service that uses nothing reads only its own secrets', async () => {
    const spec = exampleSpec();
    spec.services.worker.uses = [];
    const { json } = await synthAws({ spec });
    const doc = dataSource(json, 'aws_iam_policy_document', 'ServiceWorker_ExecutionPolicy');
    expect(doc.statement[1].resources).toEqual([ref(json, 'aws_secretsmanager_secret', 'SecretsManager_SessionSecret', 'arn')]);
  });

  test('both roles trust ECS tasks only; the task role has no policy', async () => {
    const { json } = await synthAws();
    const trust = dataSource(json, 'aws_iam_policy_document', 'ServiceWeb_TaskAssumeRolePolicy');
    expect(trust.statement).toEqual([{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] }]);
    const taskRoleId = ref(json, 'aws_iam_role', 'ServiceWeb_TaskRole', 'id');
    expect(resources(json, 'aws_iam_role_policy').filter(([, p]) => p.role === taskRoleId)).toEqual([]);
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual([]);
  });

  test('an ECR image gets pull permissions on its repository', async () => {
    const spec = exampleSpec();
    spec.services.worker.image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/worker';
    const pins = { ...EXAMPLE_PINS, worker: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/worker:v42-3f9c2ab' };
    const { json } = await synthAws({ spec, pins });
    const doc = dataSource(json, 'aws_iam_policy_document', 'ServiceWorker_ExecutionPolicy');
    expect(doc.statement.slice(2)).toEqual([
      { sid: 'EcrAuth', effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      {
        sid: 'EcrPull',
        effect: 'Allow',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: ['arn:aws:ecr:eu-west-1:123456789012:repository/acme/worker'],
      },
    ]);
    expect(dataSource(json, 'aws_iam_policy_document', 'ServiceWeb_ExecutionPolicy').statement).toHaveLength(2);
  });
});

describe('Service: ECS service', () => {
  test('Fargate in the private subnets, no public IP, circuit breaker with rollback, rollout percentages', async () => {
    const { json } = await synthAws();
    const web = resource(json, 'aws_ecs_service', 'ServiceWeb_');
    expect(web).toMatchObject({
      name: 'acme-prod-web',
      cluster: ref(json, 'aws_ecs_cluster', 'Cluster', 'arn'),
      task_definition: ref(json, 'aws_ecs_task_definition', 'ServiceWeb_TaskDefinition', 'arn'),
      launch_type: 'FARGATE',
      desired_count: 3,
      network_configuration: {
        subnets: [ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1A', 'id'), ref(json, 'aws_subnet', 'Network_PrivateSubnetEuWest1B', 'id')],
        security_groups: [ref(json, 'aws_security_group', 'ServiceWeb_SecurityGroup', 'id')],
        assign_public_ip: false,
      },
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 150,
      wait_for_steady_state: true,
      load_balancer: [{ target_group_arn: ref(json, 'aws_lb_target_group', 'ServiceWeb_TargetGroup', 'arn'), container_name: 'web', container_port: 8080 }],
      lifecycle: { ignore_changes: ['desired_count'] },
    });
    expect(web.depends_on).toEqual([expect.stringMatching(/^aws_lb_listener_rule\.ServiceWeb_ListenerRule_/)]);

    const worker = resource(json, 'aws_ecs_service', 'ServiceWorker_');
    expect(worker).toMatchObject({ desired_count: 3, deployment_minimum_healthy_percent: 100, deployment_maximum_percent: 125, deployment_circuit_breaker: { enable: true, rollback: true } });
    expect(worker.lifecycle).toBeUndefined();
    expect(worker.load_balancer).toBeUndefined();
  });

  test('rollback follows autoRollback and percentages follow maxSurge / maxUnavailable', async () => {
    const spec = exampleSpec();
    spec.services.worker.rollout = { maxSurgePercent: 0, maxUnavailablePercent: 50, autoRollback: false };
    const { json } = await synthAws({ spec });
    expect(resource(json, 'aws_ecs_service', 'ServiceWorker_')).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: false },
      deployment_minimum_healthy_percent: 50,
      deployment_maximum_percent: 100,
    });
  });

  test('autoscales on average CPU between min and max', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_appautoscaling_target')).toMatchObject({
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: `service/${ref(json, 'aws_ecs_cluster', 'Cluster', 'name')}/${ref(json, 'aws_ecs_service', 'ServiceWeb_', 'name')}`,
      min_capacity: 3,
      max_capacity: 12,
    });
    expect(resource(json, 'aws_appautoscaling_policy')).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      resource_id: ref(json, 'aws_appautoscaling_target', 'ServiceWeb_ScalingTarget', 'resource_id'),
      target_tracking_scaling_policy_configuration: { target_value: 70, predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' } },
    });
  });

  test('a public service gets a target group and a host + path rule', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_lb_target_group')).toMatchObject({ name: 'acme-prod-web', port: 8080, protocol: 'HTTP', target_type: 'ip', deregistration_delay: '30', vpc_id: ref(json, 'aws_vpc', 'Network_Vpc', 'id') });
    expect(resource(json, 'aws_lb_listener_rule')).toMatchObject({
      priority: 100,
      action: [{ type: 'forward', target_group_arn: ref(json, 'aws_lb_target_group', 'ServiceWeb_TargetGroup', 'arn') }],
      condition: [{ host_header: { values: ['app.acme.example'] } }, { path_pattern: { values: ['/*'] } }],
    });
  });

  test('more specific paths get the lower listener priority', async () => {
    const spec = exampleSpec();
    spec.services.api = { ...structuredClone(spec.services.web), image: 'ghcr.io/acme/api', ingress: { host: 'app.acme.example', path: '/api' } };
    const { json } = await synthAws({ spec, pins: { ...EXAMPLE_PINS, api: 'ghcr.io/acme/api:v1' } });
    expect(resource(json, 'aws_lb_listener_rule', 'ServiceApi_')).toMatchObject({ priority: 100, condition: [{ host_header: { values: ['app.acme.example'] } }, { path_pattern: { values: ['/api', '/api/*'] } }] });
    expect(resource(json, 'aws_lb_listener_rule', 'ServiceWeb_').priority).toBe(110);
  });
});
