import { IMAGE_PIN_RULE } from '../../../config/pins';
import { describePinProblem, type ImageRef, parseImageRef, pinProblem } from '../../../lib/oci/image-ref';
import type { Check } from '../../types';
import { defineRule, fail, pass, sev } from '../helpers';
import { managedStores } from './common';

/**
 * SPEC-IMG-001: every image is pinned, with the OCI grammar (`registry:5000/app` has no tag). The loader
 * already refuses such pins in an environment's file and reports them under this id (so `pinstack check`
 * names the rule); this rule checks the model again, datastore images included. The synth rules (DKR-001,
 * K8S-001, AWS-ECS-008) and PLAN-004 check the rendered resources and the plan.
 */
export const specImg001 = defineRule(
  {
    id: IMAGE_PIN_RULE,
    title: 'Images are pinned: an explicit tag or digest, never :latest',
    stage: 'spec',
    category: 'security',
    rationale:
      'A floating or missing tag makes the deployed image whatever the registry serves at pull time: the reviewed PR no longer says what runs, two replicas can run different code, and a rollback has nothing to go back to.',
    remediation: 'Pin an immutable tag or a digest: `pinstack pin <env> <service> ghcr.io/acme/web:v42-3f9c2ab` (for datastores, set postgres.image / redis.image).',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_14', 'AVD-KSV-0013', 'kyverno:disallow-latest-tag', 'polaris:tagNotSpecified', 'CKV_DOCKER_7', 'DS-0001'],
  },
  (ctx) => {
    const env = ctx.config.name;
    const judge = (what: string, ref: ImageRef, specPath: string): Check => {
      const problem = pinProblem(ref);
      return problem ? fail(`${what} in ${env} ${describePinProblem(problem)}, got "${ref.raw}"`, { specPath }) : pass(`${what} in ${env} is pinned (${ref.raw})`, { specPath });
    };
    const checks = ctx.model.services.map((s) => judge(`service ${s.name} image`, s.image, `services.${s.name}.image`));
    if (ctx.config.target.kind !== 'aws') {
      for (const store of managedStores(ctx)) checks.push(judge(`${store.kind} image`, parseImageRef(store.model.image), `${store.kind}.image`));
    }
    return checks;
  },
);
