import type { Check } from '../../types';
import { block, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerLabel, locate, who, workloads } from './common';

/** The quantities every container sets: [section, resource]. */
const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

/** K8S-003: CPU and memory requests and a memory limit on every container. */
export const k8s003 = defineRule(
  {
    id: 'K8S-003',
    title: 'Kubernetes containers request CPU and memory and limit memory',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'reliability',
    rationale:
      'Without requests the scheduler packs pods onto nodes that cannot run them and the autoscaler has no utilisation to measure; without a memory limit one leaking pod makes the kernel kill its neighbours (BestEffort pods are evicted first).',
    remediation:
      'Give every service resources (cpu, memoryMiB, memoryLimitMiB) in app.ts so the renderer sets requests and limits; remove an addOverride that drops them. A CPU limit stays optional (it throttles).',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_10', 'CKV_K8S_12', 'CKV_K8S_13', 'AVD-KSV-0015', 'AVD-KSV-0016', 'AVD-KSV-0018', 'kyverno:require-requests-limits', 'polaris:cpuRequestsMissing', 'polaris:memoryRequestsMissing', 'polaris:memoryLimitsMissing', 'kube-score:container-resources'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      const location = locate(ctx, w.resource);
      for (const c of w.containers) {
        const what = `${who(ctx, w.resource)} ${containerLabel(c)}`;
        const resources = block(c.values.resources);
        const missing: string[] = [];
        const unresolved: string[] = [];
        const found: string[] = [];
        for (const [section, name] of REQUIRED) {
          const value = block(resources?.[section])?.[name];
          const path = `resources.${section}.${name}`;
          if (value === undefined || value === null || String(value).trim() === '') missing.push(path);
          else if (isExpression(value)) unresolved.push(`${path} is the expression ${String(value)}`);
          else found.push(`${section}.${name} ${String(value)}`);
        }
        if (missing.length > 0) checks.push(fail(`${what} sets no ${missing.join(', ')}`, location));
        else if (unresolved.length > 0) checks.push(unknown(`${what}: ${unresolved.join('; ')}, known only at plan`, location));
        else checks.push(pass(`${what} sets ${found.join(', ')}`, location));
      }
    }
    return checks;
  },
);
