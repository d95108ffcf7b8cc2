import { defineRule, fail, pass, sev } from '../helpers';

/** Fewest replicas a service may run (the minimum, when it autoscales). */
export const MIN_REPLICAS = 2;

/** SPEC-REP-001: every service runs at least two replicas. */
export const specRep001 = defineRule(
  {
    id: 'SPEC-REP-001',
    title: 'Services run at least two replicas',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'With a single replica every deploy, node drain, zone failure or crash is an outage; a second replica lets the platform replace one instance while the other serves.',
    remediation: `Set replicas: ${MIN_REPLICAS} (or { min: ${MIN_REPLICAS}, max: <n> } to autoscale) for the service in this environment.`,
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['polaris:deploymentMissingReplicas', 'kube-score:deployment-replicas', 'kyverno:require-deployments-have-multiple-replicas'],
  },
  (ctx) => {
    const env = ctx.config.name;
    return ctx.model.services.map((s) => {
      const location = { specPath: `services.${s.name}.replicas` };
      const { min, max } = s.replicas;
      const runs = min === max ? `${min} replica${min === 1 ? '' : 's'}` : `${min} to ${max} replicas`;
      return min >= MIN_REPLICAS
        ? pass(`service ${s.name} in ${env} runs ${runs}`, location)
        : fail(`service ${s.name} in ${env} runs ${runs}, fewer than ${MIN_REPLICAS} at its minimum: a deploy, a drain or a crash takes it down`, location);
    });
  },
);
