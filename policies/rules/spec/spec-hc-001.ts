import type { TargetKind } from '../../../config';
import { defineRule, fail, pass, sev } from '../helpers';

/**
 * Targets that gate traffic on the liveness check when a service has no readiness check: docker runs one
 * container check (liveness ?? readiness ?? startup) and the aws load balancer checks readiness ?? liveness.
 * Kubernetes only routes on a readiness probe.
 */
const LIVENESS_GATES_TRAFFIC: Readonly<Record<TargetKind, boolean>> = { docker: true, aws: true, kubernetes: false };

/** SPEC-HC-001: every service has a health check; one that listens on a port has a readiness check (or a target fallback). */
export const specHc001 = defineRule(
  {
    id: 'SPEC-HC-001',
    title: 'Every service declares a health check, and a readiness check when it serves a port',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'Without a liveness or readiness check a hung container is never restarted and a rollout cannot tell a broken version from a good one; without a readiness check a service receives traffic before it can answer it.',
    remediation:
      'Add healthChecks to the service: a readiness check (e.g. { type: "http", path: "/ready" }) for a service with a port, a liveness check (a command for a worker) otherwise.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_9', 'polaris:readinessProbeMissing', 'kyverno:require-probes', 'kube-score:pod-probes', 'CKV_AWS_261', 'CKV_DOCKER_2', 'DS-0026'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const kind = ctx.config.target.kind;
    return ctx.model.services.map((s) => {
      const { liveness, readiness, startup } = s.healthChecks;
      const base = `services.${s.name}.healthChecks`;
      const location = { specPath: s.port === undefined ? base : `${base}.readiness` };
      if (!liveness && !readiness) {
        const only = startup ? 'only a startup check, which stops probing once the service has booted' : 'none';
        const effect = s.port === undefined ? 'a hung process is never restarted' : 'a hung process is never restarted and it receives traffic before it is ready';
        return fail(`service ${s.name} in ${env} declares no liveness or readiness check (${only}): ${effect}`, location);
      }
      if (s.port === undefined) {
        return pass(`service ${s.name} in ${env} declares a ${liveness ? 'liveness' : 'readiness'} check (${(liveness ?? readiness)!.describe()})`, location);
      }
      if (readiness) return pass(`service ${s.name} in ${env} declares a readiness check (${readiness.describe()})`, location);
      if (LIVENESS_GATES_TRAFFIC[kind]) {
        return pass(`service ${s.name} in ${env} has no readiness check; the ${kind} target gates traffic on its liveness check (${liveness!.describe()})`, location);
      }
      return fail(
        `service ${s.name} in ${env} listens on port ${s.port} but declares no readiness check: the ${kind} target does not use the liveness check for readiness, so it receives traffic before it is ready`,
        location,
      );
    });
  },
);
