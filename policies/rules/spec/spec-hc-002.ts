import type { Probe } from '../../../model';
import { defineRule, fail, notApplicable, pass, sev } from '../helpers';

/** Same kind of probe on the same thing: the same path and port, the same port, or the same command. */
export function sameProbe(a: Probe, b: Probe): boolean {
  if (a.type === 'http' && b.type === 'http') return a.path === b.path && a.port === b.port;
  if (a.type === 'tcp' && b.type === 'tcp') return a.port === b.port;
  if (a.type === 'command' && b.type === 'command') return a.command.length === b.command.length && a.command.every((arg, i) => arg === b.command[i]);
  return false;
}

/** SPEC-HC-002: the liveness check is not the readiness check. */
export const specHc002 = defineRule(
  {
    id: 'SPEC-HC-002',
    title: 'Liveness and readiness checks probe different things',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'Readiness answers "can I take traffic now" and may fail while a dependency is slow; liveness answers "is this process stuck" and restarts it. The same probe for both turns a slow database into restarts of healthy instances, which makes the outage worse.',
    remediation:
      'Point liveness at a cheap endpoint that checks only the process (e.g. /health) and readiness at one that also checks what the service needs to serve (e.g. /ready); never let liveness call downstream services.',
    severity: sev('warning', 'warning', 'info'),
    enforcement: 'advisory',
    anchors: ['kube-score:pod-probes-identical', 'kyverno:ensure-probes-different', 'CKV_K8S_8'],
  },
  (ctx) => {
    const env = ctx.config.name;
    return ctx.model.services.map((s) => {
      const { liveness, readiness } = s.healthChecks;
      const location = { specPath: `services.${s.name}.healthChecks.liveness` };
      if (!liveness || !readiness) {
        return notApplicable(`service ${s.name} in ${env} does not declare both a liveness and a readiness check`, location);
      }
      return sameProbe(liveness.probe, readiness.probe)
        ? fail(
            `service ${s.name} in ${env} uses the same probe for liveness and readiness (${liveness.describe()}): when a slow dependency fails readiness, liveness fails too and restarts healthy instances`,
            location,
          )
        : pass(`service ${s.name} in ${env} probes liveness and readiness differently`, location);
    });
  },
);

