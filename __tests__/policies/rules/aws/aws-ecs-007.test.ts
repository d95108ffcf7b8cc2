import { awsEcs007 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const rollbackOff = override([PROD.webService.constructPath, 'deployment_circuit_breaker.rollback', false]);

describe('AWS-ECS-007 ECS deployments roll back, and every container has a health check', () => {
  test('passes on the example prod: circuit breaker with rollback, a health check per container', async () => {
    const findings = run(awsEcs007, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location.address)).toEqual([PROD.webService.address, PROD.workerService.address, PROD.webTask.address, PROD.workerTask.address]);
    expect(only(findings, PROD.webService, 'pass').message).toBe(
      `service web in prod: ${PROD.webService.address} stops a failing deployment and rolls back (deployment_circuit_breaker enable + rollback)`,
    );
  });

  test('fails when the circuit breaker does not roll back: error in production, warning in staging, off in development', async () => {
    const f = only(run(awsEcs007, await synthContext('prod', { mutate: rollbackOff })), PROD.webService);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-007', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.webService)) });
    expect(f.message).toBe(`service web in prod: ${PROD.webService.address} has deployment_circuit_breaker.rollback false, expected true`);
    expect(only(run(awsEcs007, await synthContext('prod', { spec: prodSpec('staging'), mutate: rollbackOff })), PROD.webService)).toMatchObject({ severity: 'warning', blocking: false });
    expect(run(awsEcs007, await synthContext('prod', { spec: prodSpec('development'), mutate: rollbackOff }))).toEqual([]);
  });

  test('fails when a container has no healthCheck', async () => {
    const mutate = editContainers(PROD.workerTask.constructPath, ([worker]) => {
      delete worker!.healthCheck;
    });
    const f = only(run(awsEcs007, await synthContext('prod', { mutate })), PROD.workerTask);
    expect(f.location).toMatchObject(locationOf(PROD.workerTask));
    expect(f.message).toBe(`service worker in prod: ${PROD.workerTask.address} container worker has no healthCheck: ECS cannot tell a hung task from a healthy one`);
  });

  test('fails when the grace period is shorter than the container start period', async () => {
    const mutate = override([PROD.webService.constructPath, 'health_check_grace_period_seconds', 10]);
    expect(only(run(awsEcs007, await synthContext('prod', { mutate })), PROD.webService).message).toContain(
      "has health_check_grace_period_seconds 10, shorter than its container's health check start period of 60s",
    );
  });

  test('is unknown when the circuit breaker is an expression', async () => {
    const mutate = override([PROD.webService.constructPath, 'deployment_circuit_breaker.enable', '${var.breaker}']);
    const u = only(run(awsEcs007, await synthContext('prod', { mutate })), PROD.webService, 'unknown');
    expect(u.message).toContain('deployment_circuit_breaker.enable is the expression ${var.breaker}');
  });
});
