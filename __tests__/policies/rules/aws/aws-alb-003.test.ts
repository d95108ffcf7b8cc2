import { awsAlb003 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, override, PROD, prodSpec } from './aws-test-utils';

const tg = PROD.webTargetGroup.constructPath;

describe('AWS-ALB-003 health checks are equal across the target\'s layers', () => {
  test('passes on the example prod: target group = readiness, container check = liveness + startup window', async () => {
    const findings = run(awsAlb003, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.location.address)).toEqual([PROD.webTargetGroup.address, PROD.webTask.address, PROD.workerTask.address]);
    expect(only(findings, PROD.webTargetGroup, 'pass').message).toBe(
      `service web in prod: ${PROD.webTargetGroup.address} checks /ready on traffic-port every 10s (timeout 5s, unhealthy after 3, matcher 200-399), as the spec's check renders`,
    );
  });

  test('fails when the target group probes another path and matcher than the spec', async () => {
    const mutate = override([tg, 'health_check.path', '/health'], [tg, 'health_check.matcher', undefined]);
    const f = only(run(awsAlb003, await synthContext('prod', { mutate })), PROD.webTargetGroup);
    expect(f).toMatchObject({ ruleId: 'AWS-ALB-003', severity: 'error', blocking: true, location: expect.objectContaining(locationOf(PROD.webTargetGroup)) });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTargetGroup.address} health_check.path is "/health", the spec's readiness check renders "/ready"; health_check.matcher is "200", the spec's readiness check renders "200-399"`,
    );
  });

  test('fails when the target group timing differs: an error in staging, a warning in development', async () => {
    const mutate = override([tg, 'health_check.interval', 30], [tg, 'health_check.unhealthy_threshold', 5]);
    const staging = only(run(awsAlb003, await synthContext('prod', { spec: prodSpec('staging'), mutate })), PROD.webTargetGroup);
    expect(staging).toMatchObject({ severity: 'error', blocking: true });
    expect(staging.message).toContain('health_check.interval is 30, the spec\'s readiness check renders 10; health_check.unhealthy_threshold is 5, the spec\'s readiness check renders 3');
    expect(only(run(awsAlb003, await synthContext('prod', { spec: prodSpec('development'), mutate })), PROD.webTargetGroup)).toMatchObject({ severity: 'warning', blocking: false });
  });

  test('fails when the container check differs from the spec', async () => {
    const mutate = editContainers(PROD.webTask.constructPath, ([web]) => {
      web!.healthCheck.command = ['CMD-SHELL', 'true'];
      web!.healthCheck.retries = 10;
    });
    const f = only(run(awsAlb003, await synthContext('prod', { mutate })), PROD.webTask);
    expect(f.location).toMatchObject(locationOf(PROD.webTask));
    expect(f.message).toContain(`service web in prod: ${PROD.webTask.address} container web healthCheck.command is ["CMD-SHELL","true"], the spec's check renders ["CMD-SHELL","curl -fsS`);
    expect(f.message).toContain('healthCheck.retries is 10, the spec\'s check renders 3');
  });

  test('fails when the container check is removed', async () => {
    const mutate = editContainers(PROD.workerTask.constructPath, ([worker]) => {
      delete worker!.healthCheck;
    });
    expect(only(run(awsAlb003, await synthContext('prod', { mutate })), PROD.workerTask).message).toBe(
      `service worker in prod: ${PROD.workerTask.address} container worker has no healthCheck, but the spec's check renders one`,
    );
  });

  test('is unknown when the target group port is an expression', async () => {
    const u = only(run(awsAlb003, await synthContext('prod', { mutate: override([tg, 'health_check.port', '${var.check_port}']) })), PROD.webTargetGroup, 'unknown');
    expect(u.message).toBe(`service web in prod: ${PROD.webTargetGroup.address}: health_check.port is the expression \${var.check_port} (known only at plan)`);
  });
});
