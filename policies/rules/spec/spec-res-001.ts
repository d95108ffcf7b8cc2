import { defineRule, fail, pass, sev } from '../helpers';

/** SPEC-RES-001: every service declares its cpu and memory requests. */
export const specRes001 = defineRule(
  {
    id: 'SPEC-RES-001',
    title: 'CPU and memory requests are declared',
    stage: 'spec',
    category: 'reliability',
    rationale:
      'Without requests the scheduler packs containers blindly (Kubernetes), the Fargate task size is a guess (aws) and one noisy service starves its neighbours (docker); requests also size the autoscaler\'s CPU target.',
    remediation: 'Set resources: { cpu: <vCPU, e.g. 0.25>, memoryMiB: <MiB, e.g. 512> } on the service (override per environment if they differ).',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_10', 'CKV_K8S_13', 'KSV-0015', 'KSV-0016', 'polaris:cpuRequestsMissing', 'polaris:memoryRequestsMissing', 'kyverno:require-requests-limits', 'kube-score:container-resources'],
  },
  (ctx) => {
    const env = ctx.config.name;
    return ctx.model.services.map((s) => {
      const location = { specPath: `services.${s.name}.resources` };
      return s.resources
        ? pass(`service ${s.name} in ${env} requests ${s.resources.cpu} vCPU and ${s.resources.memoryMiB} MiB`, location)
        : fail(`service ${s.name} in ${env} declares no cpu and memory requests`, location);
    });
  },
);
