import { describePinProblem, ImageRefError, parseImageRef, pinProblem } from '../../../lib/oci/image-ref';
import { defineRule, fail, pass, sev, unknown } from '../helpers';
import { hasInterpolation, locate, taskContainers, unescapeTerraform, unparsedCheck, who } from './common';

/** AWS-ECS-008: every container image of every task definition is pinned (OCI grammar). */
export const awsEcs008 = defineRule(
  {
    id: 'AWS-ECS-008',
    title: 'ECS container images are pinned to a tag or digest (not :latest, not untagged)',
    stage: 'synth',
    targets: ['aws'],
    category: 'security',
    rationale:
      'ECS pulls the image named in the task definition every time it starts a task (scale-out, replacement, rollback). An untagged or :latest reference resolves to whatever was pushed last, so the reviewed spec no longer says what runs and a rollback to the previous revision runs new bytes. The rendered JSON is checked because an escape hatch can change the image after the spec was judged.',
    remediation:
      'Pin the image with `pinstack pin <env> <service> <repo>:<immutable tag>` (or a digest), and remove any addOverride of container_definitions that sets image to a floating reference.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_14', 'AVD-KSV-0013', 'DS-0001', 'kyverno:disallow-latest-tag'],
  },
  (ctx) => {
    const { checks, tasks } = taskContainers(ctx, (td, defs) => unparsedCheck(ctx, td, defs));
    for (const { taskDefinition, containers } of tasks) {
      const location = locate(ctx, taskDefinition);
      for (const c of containers) {
        const what = `${who(ctx, taskDefinition)} container ${c.name}`;
        const image = c.values.image;
        if (typeof image !== 'string' || image.trim() === '') {
          checks.push(fail(`${what} has no image`, location));
          continue;
        }
        if (hasInterpolation(image)) {
          checks.push(unknown(`${what} takes its image from the expression ${image}, which is known only at plan (PLAN-004 checks it there)`, location));
          continue;
        }
        const reference = unescapeTerraform(image);
        let parsed;
        try {
          parsed = parseImageRef(reference);
        } catch (err) {
          if (!(err instanceof ImageRefError)) throw err;
          checks.push(fail(`${what} runs ${reference}, which is not a valid image reference: it ${err.message}`, location));
          continue;
        }
        const problem = pinProblem(parsed);
        if (problem) checks.push(fail(`${what} runs ${reference}, which ${describePinProblem(problem)}`, location));
        else checks.push(pass(`${what} runs ${reference}, pinned by ${parsed.digest ? 'digest' : `tag ${parsed.tag}`}`, location));
      }
    }
    return checks;
  },
);
