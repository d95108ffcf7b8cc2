import type { HealthCheckRole } from '../../../model';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';

/** Longest time (interval x retries) a liveness or readiness check may take to notice a failure. */
export const MAX_FAILURE_WINDOW_SECONDS = 300;

const ROLES: readonly HealthCheckRole[] = ['liveness', 'readiness', 'startup'];

/**
 * SPEC-HC-003: liveness and readiness notice a failure within 300 s. (A timeout at or above the interval is
 * refused by the spec schema already.)
 */
export const specHc003 = defineRule(
  {
    id: 'SPEC-HC-003',
    title: 'Liveness and readiness notice a failure within five minutes',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'A liveness or readiness check that needs more than five minutes (interval x retries) to notice a failure keeps a dead instance in rotation for that long. A long startup window is fine: it is the boot allowance.',
    remediation:
      `Keep intervalSeconds x retries at most ${MAX_FAILURE_WINDOW_SECONDS} s for liveness and readiness; give a slow boot a startup check instead of a long liveness window.`,
    severity: sev('warning', 'warning', 'info'),
    enforcement: 'advisory',
    anchors: ['kube-score:README_PROBES'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const checks: Check[] = [];
    for (const s of ctx.model.services) {
      for (const role of ROLES) {
        const hc = s.healthChecks[role];
        if (!hc) continue;
        const location = { specPath: `services.${s.name}.healthChecks.${role}` };
        checks.push(
          role === 'startup' || hc.failureWindowSeconds <= MAX_FAILURE_WINDOW_SECONDS
            ? pass(`service ${s.name} in ${env}: ${role} check timing is sane (${hc.describe()})`, location)
            : fail(
                `service ${s.name} in ${env}: ${role} check notices a failure only after ${hc.failureWindowSeconds} s (interval ${hc.intervalSeconds} s x ${hc.retries} retries), more than ${MAX_FAILURE_WINDOW_SECONDS} s`,
                location,
              ),
        );
      }
    }
    return checks;
  },
);
