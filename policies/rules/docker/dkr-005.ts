import type { Check } from '../../types';
import { defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containers, locate, numberOf, who } from './common';

/** Restart policies that bring a container back after a crash or a daemon restart ('no' is the provider default). */
const RESTART_POLICIES = ['unless-stopped', 'always', 'on-failure'];

/** DKR-005: a memory limit and a restart policy on every container. */
export const dkr005 = defineRule(
  {
    id: 'DKR-005',
    title: 'Docker containers have a memory limit and a restart policy',
    stage: 'synth',
    targets: ['docker'],
    category: 'reliability',
    rationale:
      'Without a memory limit one leaking container makes the host kernel kill whatever it picks, a datastore included; without a restart policy (the provider defaults to "no") a crashed container or a rebooted daemon leaves the service down until the next apply.',
    remediation:
      'Give the service resources (memoryMiB, memoryLimitMiB) in app.ts so the renderer sets `memory`, and keep restart "unless-stopped"; remove an addOverride that clears either.',
    severity: sev('warning', 'warning', 'warning'),
    enforcement: 'advisory',
    anchors: ['CKV_K8S_12', 'AVD-KSV-0018', 'polaris:memoryLimitsMissing'],
  },
  (ctx) =>
    containers(ctx).map((container): Check => {
      const v = container.values;
      const location = locate(ctx, container);
      const name = who(ctx, container);
      const problems: string[] = [];
      const unresolved: string[] = [];

      if (isExpression(v.memory)) unresolved.push(`memory is the expression ${String(v.memory)}`);
      else {
        const memory = numberOf(v.memory);
        if (memory === undefined || memory <= 0) problems.push(`has no memory limit (memory is ${v.memory === undefined ? 'unset' : JSON.stringify(v.memory)})`);
      }

      if (isExpression(v.restart)) unresolved.push(`restart is the expression ${String(v.restart)}`);
      else {
        const restart = typeof v.restart === 'string' ? v.restart.trim().toLowerCase() : undefined;
        if (!restart || !RESTART_POLICIES.includes(restart)) {
          problems.push(`has restart ${v.restart === undefined ? 'unset (the provider default "no")' : JSON.stringify(v.restart)}, expected one of ${RESTART_POLICIES.join(', ')}`);
        }
      }

      if (problems.length > 0) return fail(`${name} ${problems.join(' and ')}`, location);
      if (unresolved.length > 0) return unknown(`${name}: cannot tell at synth whether it is limited and restarted (${unresolved.join('; ')})`, location);
      return pass(`${name} has a memory limit of ${String(v.memory)} MB and restart ${String(v.restart)}`, location);
    }),
);
