import type { Check } from '../../types';
import { defineRule, verdict, sev } from '../helpers';

/** SPEC-ROLL-001: a failed rollout rolls back by itself, and a rollout never takes every replica away. */
export const specRoll001 = defineRule(
  {
    id: 'SPEC-ROLL-001',
    title: 'Rollouts roll back on failed health checks and keep capacity',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'Without automatic rollback a version that fails its health checks stays half-deployed until someone notices; with maxUnavailablePercent at 100 the platform may stop every old replica before a new one is healthy.',
    remediation: 'Set rollout: { autoRollback: true, maxUnavailablePercent: 0 } (with maxSurgePercent > 0) on the service, or leave rollout at its defaults.',
    severity: sev('error', 'warning', 'info'),
    enforcement: 'soft',
    anchors: ['kube-score:deployment-strategy'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const checks: Check[] = [];
    for (const s of ctx.model.services) {
      const { autoRollback, maxUnavailablePercent } = s.rollout;
      checks.push(
        verdict(
          autoRollback,
          { specPath: `services.${s.name}.rollout.autoRollback` },
          `service ${s.name} in ${env} rolls back automatically when a new version fails its health checks`,
          `service ${s.name} in ${env} has automatic rollback disabled (rollout.autoRollback: false): a version that fails its health checks stays deployed`,
        ),
        verdict(
          maxUnavailablePercent < 100,
          { specPath: `services.${s.name}.rollout.maxUnavailablePercent` },
          `service ${s.name} in ${env} keeps capacity during a rollout (maxUnavailablePercent ${maxUnavailablePercent})`,
          `service ${s.name} in ${env} allows every replica to be unavailable during a rollout (maxUnavailablePercent ${maxUnavailablePercent}): a deploy is an outage`,
        ),
      );
    }
    return checks;
  },
);
