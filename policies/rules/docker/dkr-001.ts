import { describePinProblem, ImageRefError, pinProblem } from '../../../lib/oci/image-ref';
import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, Location } from '../../types';
import { defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containerImage, containers, locate, tryParse, who } from './common';

/** The verdict on one image reference (a literal), worded for `what`. */
function judge(reference: string, what: string, location: Location): Check {
  const parsed = tryParse(reference);
  if (parsed instanceof ImageRefError) return fail(`${what} ${reference}, which is not a valid image reference: it ${parsed.message}`, location);
  const problem = pinProblem(parsed);
  if (problem) return fail(`${what} ${reference}, which ${describePinProblem(problem)}`, location);
  return pass(`${what} ${reference}, pinned by ${parsed.digest ? 'digest' : `tag ${parsed.tag}`}`, location);
}

/** DKR-001: every image a container runs is pinned (docker_image.name, followed from docker_container.image). */
export const dkr001 = defineRule(
  {
    id: 'DKR-001',
    title: 'Docker images are pinned to a tag or digest (not :latest, not untagged)',
    stage: 'synth',
    targets: ['docker'],
    category: 'security',
    rationale:
      'A container runs the image of its docker_image; an untagged or :latest name is re-resolved on every pull, so the reviewed spec no longer says what runs and a rollback cannot return to the previous bytes. The rendered JSON is checked because an escape hatch can change the name after the spec was judged.',
    remediation:
      'Pin the image with `pinstack pin <env> <service> <repo>:<immutable tag>` (or a digest), and remove any addOverride that sets docker_image.name or docker_container.image to a floating reference.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['CKV_K8S_14', 'AVD-KSV-0013', 'DS-0001', 'kyverno:disallow-latest-tag'],
  },
  (ctx) => {
    const checks: Check[] = [];
    const runners = new Map<string, TfResource[]>();
    for (const container of containers(ctx)) {
      const image = containerImage(ctx, container);
      const location = locate(ctx, container);
      switch (image.kind) {
        case 'image':
          runners.set(image.image.address, [...(runners.get(image.image.address) ?? []), container]);
          break;
        case 'literal':
          checks.push(judge(image.reference, `${who(ctx, container)} runs the literal image`, location));
          break;
        case 'expression':
          checks.push(unknown(`${who(ctx, container)} takes its image from the expression ${image.expression}, which is known only at plan (PLAN-004 checks it there)`, location));
          break;
        case 'missing':
          checks.push(fail(`${who(ctx, container)} has no image`, location));
          break;
      }
    }
    for (const image of ctx.stack.ofType('docker_image')) {
      const location = locate(ctx, image);
      const users = runners.get(image.address) ?? [];
      const runBy = users.length > 0 ? ` (run by ${users.map((c) => c.address).join(', ')})` : '';
      const what = `${who(ctx, image)}${runBy} pulls`;
      const name = image.values.name;
      if (typeof name !== 'string' || name.trim() === '') checks.push(fail(`${who(ctx, image)}${runBy} has no name`, location));
      else if (isExpression(name)) checks.push(unknown(`${what} the expression ${name}, which is known only at plan (PLAN-004 checks it there)`, location));
      else checks.push(judge(name, what, location));
    }
    return checks;
  },
);
