import { awsEcs002 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const retention = (value: unknown) => override([PROD.webLogGroup.constructPath, 'retention_in_days', value]);

describe('AWS-ECS-002 ECS containers log to CloudWatch with a retention', () => {
  test('passes on the example prod: awslogs to the service log groups, kept 90 days', async () => {
    const findings = run(awsEcs002, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings)).toHaveLength(2);
    expect(only(findings, PROD.webTask, 'pass').message).toBe(
      `service web in prod: ${PROD.webTask.address} container web logs to ${PROD.webLogGroup.address} (awslogs), kept 90 days`,
    );
  });

  test('fails when a container has no logConfiguration', async () => {
    const mutate = editContainers(PROD.webTask.constructPath, ([web]) => {
      delete web!.logConfiguration;
    });
    const f = only(run(awsEcs002, await synthContext('prod', { mutate })), PROD.webTask);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-002', severity: 'error', blocking: true, enforcement: 'soft', location: expect.objectContaining(locationOf(PROD.webTask)) });
    expect(f.message).toBe(`service web in prod: ${PROD.webTask.address} container web has no logConfiguration: its output is lost`);
  });

  test('fails when a container logs with another driver', async () => {
    const mutate = editContainers(PROD.webTask.constructPath, ([web]) => {
      web!.logConfiguration = { logDriver: 'json-file' };
    });
    expect(only(run(awsEcs002, await synthContext('prod', { mutate })), PROD.webTask).message).toContain('logs with the driver "json-file", expected awslogs');
  });

  test('fails when the production log group keeps logs less than 90 days', async () => {
    const f = only(run(awsEcs002, await synthContext('prod', { mutate: retention(30) })), PROD.webTask);
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web logs to ${PROD.webLogGroup.address}, which keeps logs 30 days; production needs at least 90`,
    );
    expect(f.blocking).toBe(true);
  });

  test('fails when the log group has no retention: a warning in staging, which accepts 30 days', async () => {
    const spec = prodSpec('staging');
    const unset = only(run(awsEcs002, await synthContext('prod', { spec, mutate: retention(undefined) })), PROD.webTask);
    expect(unset).toMatchObject({ severity: 'warning', blocking: false });
    expect(unset.message).toContain(`logs to ${PROD.webLogGroup.address}, which has no retention_in_days: logs are kept forever`);
    expect(failures(run(awsEcs002, await synthContext('prod', { spec, mutate: retention(30) })))).toEqual([]);
  });

  test('fails when ECS is left to create a log group the stack does not manage', async () => {
    const mutate = editContainers(PROD.webTask.constructPath, ([web]) => {
      web!.logConfiguration.options = { 'awslogs-group': '/ecs/elsewhere', 'awslogs-region': 'eu-west-1', 'awslogs-create-group': 'true' };
    });
    expect(only(run(awsEcs002, await synthContext('prod', { mutate })), PROD.webTask).message).toContain('lets ECS create the log group /ecs/elsewhere (awslogs-create-group), which then has no retention');
  });

  test('is unknown when the retention is an expression', async () => {
    const u = only(run(awsEcs002, await synthContext('prod', { mutate: retention('${var.log_retention_days}') })), PROD.webTask, 'unknown');
    expect(u.message).toContain('whose retention_in_days is the expression ${var.log_retention_days} (known only at plan)');
    expect(u.blocking).toBe(false);
  });
});
