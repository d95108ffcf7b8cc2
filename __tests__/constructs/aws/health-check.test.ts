import { albHealthCheckPort, albTargetGroupHealthCheck, ecsContainerHealthCheck, healthCheckGracePeriodSeconds } from '../../../constructs/aws/health-check';
import { HealthCheck } from '../../../model';
import { exampleSpec } from '../../helpers/example';
import { containerDefinitions, resource, synthAws } from './synth';

const liveness = HealthCheck.http('/health', 8080, { intervalSeconds: 15, timeoutSeconds: 5, retries: 3 });
const readiness = HealthCheck.http('/ready', 8080, { intervalSeconds: 10, timeoutSeconds: 4, retries: 4 });
const startup = HealthCheck.http('/health', 8080, { intervalSeconds: 5, timeoutSeconds: 3, retries: 12 });

describe('ecsContainerHealthCheck', () => {
  test('runs the liveness check as a shell command', () => {
    expect(ecsContainerHealthCheck({ liveness, readiness })).toEqual({
      command: ['CMD-SHELL', liveness.toShellCommand()],
      interval: 15,
      timeout: 5,
      retries: 3,
      startPeriod: 0,
    });
  });

  test('falls back to readiness, then startup', () => {
    expect(ecsContainerHealthCheck({ readiness })!.command[1]).toBe(readiness.toShellCommand());
    expect(ecsContainerHealthCheck({ startup })).toMatchObject({ interval: 5, retries: 12, startPeriod: 60 });
  });

  test('is undefined without any check', () => {
    expect(ecsContainerHealthCheck({})).toBeUndefined();
  });

  test('the startup window (start period + interval x retries) becomes the start period', () => {
    expect(ecsContainerHealthCheck({ liveness, startup })!.startPeriod).toBe(60);
    const slowLiveness = HealthCheck.command(['true'], { startPeriodSeconds: 90 });
    expect(ecsContainerHealthCheck({ liveness: slowLiveness, startup })!.startPeriod).toBe(90);
    const delayedStartup = HealthCheck.tcp(80, { intervalSeconds: 5, retries: 12, startPeriodSeconds: 30 });
    expect(ecsContainerHealthCheck({ liveness, startup: delayedStartup })!.startPeriod).toBe(90);
  });

  test('caps the start period at the ECS maximum of 300 s', () => {
    const long = HealthCheck.http('/health', 8080, { intervalSeconds: 60, timeoutSeconds: 5, retries: 10 });
    expect(ecsContainerHealthCheck({ liveness, startup: long })!.startPeriod).toBe(300);
  });

  test('command checks are quoted for the shell', () => {
    const check = HealthCheck.command(['node', '-e', "process.exit(0)"]);
    expect(ecsContainerHealthCheck({ liveness: check })!.command).toEqual(['CMD-SHELL', "node -e 'process.exit(0)'"]);
  });
});

describe('albTargetGroupHealthCheck', () => {
  test('checks the readiness path on the traffic port', () => {
    expect(albTargetGroupHealthCheck({ liveness, readiness }, 8080)).toEqual({
      enabled: true,
      protocol: 'HTTP',
      path: '/ready',
      port: 'traffic-port',
      interval: 10,
      timeout: 4,
      healthyThreshold: 2,
      unhealthyThreshold: 4,
      matcher: '200-399',
    });
  });

  test('falls back to liveness', () => {
    expect(albTargetGroupHealthCheck({ liveness }, 8080)).toMatchObject({ path: '/health', interval: 15, unhealthyThreshold: 3 });
  });

  test("uses the check's own port when it is not the service port", () => {
    const admin = HealthCheck.http('/ready', 9090);
    expect(albTargetGroupHealthCheck({ readiness: admin }, 8080).port).toBe('9090');
    expect(albHealthCheckPort({ readiness: admin }, 8080)).toBe(9090);
    expect(albHealthCheckPort({ readiness }, 8080)).toBeUndefined();
  });

  test('checks GET / on the traffic port without an http check', () => {
    expect(albTargetGroupHealthCheck({}, 8080)).toMatchObject({ path: '/', port: 'traffic-port', interval: 10, timeout: 5, unhealthyThreshold: 3 });
    expect(albTargetGroupHealthCheck({ liveness: HealthCheck.tcp(8080) }, 8080)).toMatchObject({ path: '/', port: 'traffic-port' });
  });
});

describe('healthCheckGracePeriodSeconds', () => {
  test('is the startup window, or the check start period when longer, uncapped', () => {
    expect(healthCheckGracePeriodSeconds({ liveness, startup })).toBe(60);
    expect(healthCheckGracePeriodSeconds({ liveness: HealthCheck.command(['true'], { startPeriodSeconds: 120 }), startup })).toBe(120);
    const long = HealthCheck.http('/health', 8080, { intervalSeconds: 60, retries: 10 });
    expect(healthCheckGracePeriodSeconds({ liveness, startup: long })).toBe(600);
    expect(healthCheckGracePeriodSeconds({ liveness })).toBe(0);
  });
});

describe('health checks of the example prod stack', () => {
  test("the target group check equals the spec's readiness check", async () => {
    const { json } = await synthAws();
    const readinessSpec = exampleSpec().services.web.healthChecks.readiness;
    expect(readinessSpec).toMatchObject({ type: 'http', path: '/ready' });
    expect(resource(json, 'aws_lb_target_group', 'ServiceWeb_').health_check).toEqual({
      enabled: true,
      protocol: 'HTTP',
      path: readinessSpec.path,
      port: 'traffic-port',
      interval: readinessSpec.intervalSeconds,
      timeout: readinessSpec.timeoutSeconds,
      healthy_threshold: 2,
      unhealthy_threshold: readinessSpec.retries,
      matcher: '200-399',
    });
  });

  test('each container check equals the translation of its service', async () => {
    const { json, model } = await synthAws();
    for (const s of model.services) {
      const [container] = containerDefinitions(json, s.name === 'web' ? 'Web' : 'Worker');
      expect(container.healthCheck).toEqual(ecsContainerHealthCheck(s.healthChecks));
    }
    const [web] = containerDefinitions(json, 'Web');
    expect(web.healthCheck).toEqual({
      command: ['CMD-SHELL', 'curl -fsS -o /dev/null http://127.0.0.1:8080/health || wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1'],
      interval: 15,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    });
  });

  test('the ECS service waits out the startup window before the load balancer counts', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_ecs_service', 'ServiceWeb_').health_check_grace_period_seconds).toBe(60);
    expect(resource(json, 'aws_ecs_service', 'ServiceWorker_').health_check_grace_period_seconds).toBeUndefined();
  });
});
