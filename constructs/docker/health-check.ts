import type { ContainerHealthcheck } from '@cdktf/provider-docker/lib/container';
import type { HealthCheck, HealthCheckRole, HealthCheckTiming } from '../../model';
import { literal } from './terraform-values';

/**
 * The docker target's one health-check translation. A docker container has ONE health check, so of the
 * model's checks it runs liveness ?? readiness ?? startup. A separate startup check (one that is not the
 * check docker runs) becomes start period: the container may take as long as the startup check would
 * have allowed before failures count.
 */

export type HealthChecks = Readonly<Partial<Record<HealthCheckRole, HealthCheck>>>;

/** The provider's default `wait_timeout`; a container is never given less. */
export const MIN_WAIT_TIMEOUT_SECONDS = 60;

/** The check docker runs: liveness ?? readiness ?? startup; undefined when the service has none. */
export function primaryCheck(checks: HealthChecks): HealthCheck | undefined {
  return checks.liveness ?? checks.readiness ?? checks.startup;
}

/**
 * Timing of the docker health check: the primary check's, with `startPeriodSeconds` = max(its own start
 * period, the window a separate startup check allows: its start period + interval * retries).
 */
export function dockerHealthTiming(checks: HealthChecks): HealthCheckTiming | undefined {
  const primary = primaryCheck(checks);
  if (!primary) return undefined;
  const startup = checks.startup !== undefined && checks.startup !== primary ? checks.startup : undefined;
  const startupWindow = startup ? startup.startPeriodSeconds + startup.failureWindowSeconds : 0;
  return {
    intervalSeconds: primary.intervalSeconds,
    timeoutSeconds: primary.timeoutSeconds,
    retries: primary.retries,
    startPeriodSeconds: Math.max(primary.startPeriodSeconds, startupWindow),
  };
}

/** The `healthcheck` block of a container, or undefined when the service has no check. */
export function dockerHealthcheck(checks: HealthChecks): ContainerHealthcheck | undefined {
  const primary = primaryCheck(checks);
  const timing = dockerHealthTiming(checks);
  if (!primary || !timing) return undefined;
  return shellHealthcheck(primary.toShellCommand(), timing);
}

/** A `CMD-SHELL` health check block (also used directly by the datastores, whose checks need a pipe). */
export function shellHealthcheck(command: string, timing: HealthCheckTiming): ContainerHealthcheck {
  return {
    test: ['CMD-SHELL', literal(command)],
    interval: seconds(timing.intervalSeconds),
    timeout: seconds(timing.timeoutSeconds),
    retries: timing.retries,
    startPeriod: seconds(timing.startPeriodSeconds),
  };
}

/**
 * `wait_timeout` for `wait: true`: the latest a container can turn healthy is the end of its start period
 * plus `retries` failed checks; one more interval and a check's timeout of slack, and never below the
 * provider default (60 s).
 */
export function waitTimeoutSeconds(timing: HealthCheckTiming): number {
  const latest = timing.startPeriodSeconds + timing.intervalSeconds * (timing.retries + 1) + timing.timeoutSeconds;
  return Math.max(MIN_WAIT_TIMEOUT_SECONDS, latest);
}

function seconds(value: number): string {
  return `${value}s`;
}
