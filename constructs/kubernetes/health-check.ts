import type { HealthCheck, HealthCheckRole } from '../../model';
import { terraformLiteral } from '../shared/terraform-literal';

/**
 * A Kubernetes probe block (readiness_probe, liveness_probe, startup_probe of a container), structurally
 * assignable to the provider's probe types of Deployments and StatefulSets.
 */
export interface KubernetesProbe {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds: number;
  readonly httpGet?: { path: string; port: string };
  readonly tcpSocket?: Array<{ port: string }>;
  readonly exec?: { command: string[] };
}

/**
 * The one translation of a HealthCheck to Kubernetes: http -> http_get, tcp -> tcp_socket, command -> exec
 * (run directly, without a shell); interval -> period_seconds, retries -> failure_threshold, start period ->
 * initial_delay_seconds.
 */
export function kubernetesProbe(check: HealthCheck): KubernetesProbe {
  const timing = {
    periodSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    failureThreshold: check.retries,
    initialDelaySeconds: check.startPeriodSeconds,
  };
  const p = check.probe;
  switch (p.type) {
    case 'http':
      return { ...timing, httpGet: { path: p.path, port: String(p.port) } };
    case 'tcp':
      return { ...timing, tcpSocket: [{ port: String(p.port) }] };
    case 'command':
      return { ...timing, exec: { command: p.command.map(terraformLiteral) } };
  }
}

/** The container's probe blocks: only those the spec has. */
export function containerProbes(checks: Readonly<Partial<Record<HealthCheckRole, HealthCheck>>>): {
  readinessProbe?: KubernetesProbe;
  livenessProbe?: KubernetesProbe;
  startupProbe?: KubernetesProbe;
} {
  return {
    ...(checks.readiness ? { readinessProbe: kubernetesProbe(checks.readiness) } : {}),
    ...(checks.liveness ? { livenessProbe: kubernetesProbe(checks.liveness) } : {}),
    ...(checks.startup ? { startupProbe: kubernetesProbe(checks.startup) } : {}),
  };
}
