import type { HealthCheckRole } from '../../../model';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';

/** Ports below this need root (or CAP_NET_BIND_SERVICE), which pinstack containers never have. */
export const FIRST_UNPRIVILEGED_PORT = 1024;
export const SSH_PORT = 22;

function portProblem(port: number): string | undefined {
  if (port === SSH_PORT) return `port ${port} is SSH: a service must not expose a remote shell`;
  if (port < FIRST_UNPRIVILEGED_PORT) return `port ${port} is privileged (below ${FIRST_UNPRIVILEGED_PORT}): containers run as a non-root user and cannot bind it`;
  return undefined;
}

/** SPEC-PORT-001: services listen on an unprivileged port that is not SSH. */
export const specPort001 = defineRule(
  {
    id: 'SPEC-PORT-001',
    title: 'Services listen on an unprivileged port, never SSH',
    stage: 'spec',
    category: 'security',
    rationale:
      'pinstack containers run as a non-root user (runAsUser), so a port below 1024 fails at bind time, after the deploy; port 22 means a remote shell in a container, which widens the attack surface and bypasses the deploy pipeline.',
    remediation: 'Listen on a port of 1024 or above (e.g. 8080) and set port to it; the load balancer or ingress still serves 80/443 to clients.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['DS-0008', 'CKV_DOCKER_1', 'DS-0004', 'KSV-0117'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const checks: Check[] = [];
    const judge = (service: string, what: string, port: number, specPath: string) => {
      const problem = portProblem(port);
      checks.push(problem ? fail(`service ${service} in ${env}: ${what}${problem}`, { specPath }) : pass(`service ${service} in ${env}: ${what}port ${port} is unprivileged`, { specPath }));
    };
    for (const s of ctx.model.services) {
      if (s.port !== undefined) judge(s.name, '', s.port, `services.${s.name}.port`);
      // A check on its own port (a separate health/metrics listener) is a port the container binds too.
      for (const role of ['liveness', 'readiness', 'startup'] as readonly HealthCheckRole[]) {
        const probe = s.healthChecks[role]?.probe;
        if (probe && probe.type !== 'command' && probe.port !== s.port) judge(s.name, `${role} check `, probe.port, `services.${s.name}.healthChecks.${role}.port`);
      }
    }
    return checks;
  },
);
