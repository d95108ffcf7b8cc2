import type { LbTargetGroupHealthCheck } from '@cdktf/provider-aws/lib/lb-target-group';
import type { ServiceModel } from '../../model';

/**
 * The one translation of pinstack health checks to AWS (pure functions, no resources):
 *
 * - the ECS container check comes from liveness ?? readiness ?? startup and runs `toShellCommand()`;
 *   the startup check becomes its start period (ECS has no startup probe);
 * - the ALB target group check comes from readiness ?? liveness (an http check: feasibility requires it
 *   for public services);
 * - the ECS service grace period keeps the load balancer from killing tasks that are still starting.
 */

type Checks = ServiceModel['healthChecks'];

/** ECS caps a container check's start period at 300 s. */
export const ECS_MAX_START_PERIOD_SECONDS = 300;

/** The `healthCheck` of an ECS container definition (field names of the ECS API). */
export interface EcsContainerHealthCheck {
  readonly command: readonly ['CMD-SHELL', string];
  readonly interval: number;
  readonly timeout: number;
  readonly retries: number;
  readonly startPeriod: number;
}

/** Seconds the startup check allows for booting: its start period plus interval x retries (0 without one). */
function startupWindowSeconds(checks: Checks): number {
  const startup = checks.startup;
  return startup ? startup.startPeriodSeconds + startup.failureWindowSeconds : 0;
}

/** The ECS container check, or undefined when the service has no check at all. */
export function ecsContainerHealthCheck(checks: Checks): EcsContainerHealthCheck | undefined {
  const check = checks.liveness ?? checks.readiness ?? checks.startup;
  if (!check) return undefined;
  return {
    command: ['CMD-SHELL', check.toShellCommand()],
    interval: check.intervalSeconds,
    timeout: check.timeoutSeconds,
    retries: check.retries,
    startPeriod: Math.min(Math.max(check.startPeriodSeconds, startupWindowSeconds(checks)), ECS_MAX_START_PERIOD_SECONDS),
  };
}

/** Timing of the target group check of a service without an http check (which then gets GET /). */
const DEFAULT_TARGET_TIMING = { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 } as const;

/**
 * The ALB target group check from readiness ?? liveness. `traffic-port` when the check probes the service
 * port, else the check's port. A service without an http check gets GET / on the traffic port.
 */
export function albTargetGroupHealthCheck(checks: Checks, servicePort: number): LbTargetGroupHealthCheck {
  const check = checks.readiness ?? checks.liveness;
  const probe = check?.probe.type === 'http' ? check.probe : undefined;
  const timing = probe && check ? check : DEFAULT_TARGET_TIMING;
  return {
    enabled: true,
    protocol: 'HTTP',
    path: probe?.path ?? '/',
    port: probe === undefined || probe.port === servicePort ? 'traffic-port' : String(probe.port),
    interval: timing.intervalSeconds,
    timeout: timing.timeoutSeconds,
    healthyThreshold: 2,
    unhealthyThreshold: timing.retries,
    matcher: '200-399',
  };
}

/** The port the target group checks, when it is not the service port (the security groups must allow it). */
export function albHealthCheckPort(checks: Checks, servicePort: number): number | undefined {
  const port = albTargetGroupHealthCheck(checks, servicePort).port;
  return port === 'traffic-port' || port === undefined ? undefined : Number(port);
}

/**
 * The ECS service's `health_check_grace_period_seconds` behind a load balancer: the longer of the startup
 * window and the container check's own start period (not capped at 300 like the container start period).
 */
export function healthCheckGracePeriodSeconds(checks: Checks): number {
  const check = checks.liveness ?? checks.readiness;
  return Math.max(check?.startPeriodSeconds ?? 0, startupWindowSeconds(checks));
}
