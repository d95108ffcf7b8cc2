import { describePinProblem, ImageRefError, parseImageRef, pinProblem } from '../../../lib/oci/image-ref';
import type { Check } from '../../types';
import { defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerLabel, locate, who, workloads } from './common';

/** K8S-001: every container image of every deployment and stateful set is pinned. */
export const k8s001 = defineRule(
  {
    id: 'K8S-001',
    title: 'Kubernetes container images are pinned to a tag or digest (not :latest, not untagged)',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'security',
    rationale:
      'An untagged or :latest image is re-resolved by every node that pulls it, so pods of one Deployment can run different code and a rollback cannot return to the reviewed bytes. The rendered JSON is checked because an escape hatch can change an image after the spec was judged.',
    remediation:
      'Pin the image with `pinstack pin <env> <service> <repo>:<immutable tag>` (or a digest) and remove any addOverride that sets a container image to a floating reference; init containers need a pin too.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_14', 'CKV_K8S_43', 'AVD-KSV-0013', 'kyverno:disallow-latest-tag', 'polaris:tagNotSpecified', 'kube-score:container-image-tag'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      const location = locate(ctx, w.resource);
      for (const c of w.containers) {
        const what = `${who(ctx, w.resource)} ${containerLabel(c)}`;
        const image = c.values.image;
        if (typeof image !== 'string' || image.trim() === '') {
          checks.push(fail(`${what} has no image`, location));
          continue;
        }
        if (isExpression(image)) {
          checks.push(unknown(`${what} takes its image from the expression ${image}, known only at plan (PLAN-004 checks it there)`, location));
          continue;
        }
        try {
          const ref = parseImageRef(image);
          const problem = pinProblem(ref);
          checks.push(problem ? fail(`${what} runs ${image}, which ${describePinProblem(problem)}`, location) : pass(`${what} runs ${image}, pinned by ${ref.digest ? 'digest' : `tag ${ref.tag}`}`, location));
        } catch (err) {
          if (!(err instanceof ImageRefError)) throw err;
          checks.push(fail(`${what} runs ${image}, which is not a valid image reference: it ${err.message}`, location));
        }
      }
    }
    return checks;
  },
);
