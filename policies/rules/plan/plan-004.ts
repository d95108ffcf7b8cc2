import { describePinProblem, ImageRefError, parseImageRef, pinProblem } from '../../../lib/oci/image-ref';
import { type AttributePath, marked, type ResourceChange, valueAt } from '../../../lib/tfjson/plan';
import { configuredExpression, formatPath } from '../../../lib/tfjson/risk';
import type { Check, PlanContext } from '../../types';
import { defineRule, fail, pass, sev, unknown } from '../helpers';
import { locate, plannedResources, who } from './common';

/** An image reference found in planned values. */
export interface PlannedImage {
  readonly change: ResourceChange;
  /** e.g. `name`, `container_definitions[web].image`, `spec[0].template[0].spec[0].container[0].image` */
  readonly where: string;
  /** The reference, when known at plan. */
  readonly image?: string;
  /** Why it cannot be read (unknown until apply, unparseable JSON). */
  readonly unknownBecause?: string;
  /**
   * The planned attribute holding it is unknown until apply, but the configuration writes this image as a
   * literal (ECS container definitions whose other fields refer to resources not created yet).
   */
  readonly fromConfiguration?: boolean;
}

const KUBERNETES_CONTAINER_KEYS = new Set(['container', 'init_container', 'ephemeral_container']);

/** Kubernetes `container` / `init_container` blocks anywhere under `after` (deployments, stateful sets, jobs, pods ...). */
function kubernetesImages(change: ResourceChange): PlannedImage[] {
  const out: PlannedImage[] = [];
  const visit = (node: unknown, unknownNode: unknown, path: AttributePath): void => {
    if (unknownNode === true) return; // a whole block unknown: reported by the caller only if it held containers
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, Array.isArray(unknownNode) ? unknownNode[i] : undefined, [...path, i]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const childUnknown = unknownNode !== null && typeof unknownNode === 'object' ? (unknownNode as Record<string, unknown>)[key] : undefined;
      if (KUBERNETES_CONTAINER_KEYS.has(key) && Array.isArray(value)) {
        value.forEach((container, i) => {
          const imagePath = [...path, key, i, 'image'];
          const name = (container as Record<string, unknown> | null)?.name;
          const where = `${formatPath(imagePath)}${typeof name === 'string' ? ` (container ${name})` : ''}`;
          if (marked(change.afterUnknown, imagePath)) out.push({ change, where, unknownBecause: 'it is known only after apply' });
          else out.push({ change, where, image: valueAt(change.after, imagePath) as string });
        });
        continue;
      }
      visit(value, childUnknown, [...path, key]);
    }
  };
  visit(change.after, change.afterUnknown, []);
  return out;
}

const PLACEHOLDER = '__pinstack_known_after_apply_';

/**
 * The container definitions the configuration writes, with every `${...}` interpolation replaced by a
 * placeholder: what can be read before apply. Undefined when the configuration is not a JSON template of a list
 * (an interpolation outside a JSON string, a function building the whole value, no configuration in the plan).
 */
function configuredDefinitions(ctx: PlanContext, change: ResourceChange): Array<Record<string, unknown>> | undefined {
  const expr = configuredExpression(ctx.plan, change.address, 'container_definitions') as { constant_value?: unknown } | undefined;
  const template = expr?.constant_value;
  if (typeof template !== 'string') return undefined;
  let n = 0;
  const text = template.replace(/\$\{[^{}]*\}/g, () => `${PLACEHOLDER}${n++}__`);
  if (text.includes('${') || text.includes('%{')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.map((d) => (d ?? {}) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function definitionWhere(def: Record<string, unknown>, i: number): string {
  return `container_definitions[${typeof def.name === 'string' ? JSON.stringify(def.name) : i}].image`;
}

/**
 * The images of an ECS task definition: `container_definitions` is one JSON string, so Terraform marks it unknown
 * as a whole as soon as any part of it is (a secret ARN of a resource not created yet). An image the
 * configuration writes as a literal is still known then; one that interpolates a computed value is not.
 */
function ecsImages(ctx: PlanContext, change: ResourceChange): PlannedImage[] {
  const path = ['container_definitions'];
  if (marked(change.afterUnknown, path)) {
    const definitions = configuredDefinitions(ctx, change);
    if (!definitions) {
      return [{ change, where: 'container_definitions', unknownBecause: 'container_definitions is known only after apply and its configuration is not a readable JSON template' }];
    }
    return definitions.map((def, i): PlannedImage => {
      const where = definitionWhere(def, i);
      const image = def.image;
      if (typeof image === 'string' && image.includes(PLACEHOLDER)) {
        return { change, where, unknownBecause: 'the configuration builds it from values known only after apply' };
      }
      return { change, where, ...(typeof image === 'string' ? { image } : {}), fromConfiguration: true };
    });
  }
  const text = valueAt(change.after, path);
  if (typeof text !== 'string') return [];
  let definitions: unknown;
  try {
    definitions = JSON.parse(text);
  } catch {
    return [{ change, where: 'container_definitions', unknownBecause: 'container_definitions is not valid JSON' }];
  }
  if (!Array.isArray(definitions)) return [{ change, where: 'container_definitions', unknownBecause: 'container_definitions is not a JSON list' }];
  return definitions.map((d, i) => {
    const def = (d ?? {}) as Record<string, unknown>;
    return { change, where: definitionWhere(def, i), ...(typeof def.image === 'string' ? { image: def.image } : {}) };
  });
}

/** Every image reference in the plan's planned values (docker_image, Kubernetes containers, ECS task definitions). */
export function plannedImages(ctx: PlanContext): PlannedImage[] {
  const out: PlannedImage[] = [];
  for (const change of plannedResources(ctx)) {
    if (change.type === 'docker_image') {
      if (marked(change.afterUnknown, ['name'])) out.push({ change, where: 'name', unknownBecause: 'the image name is known only after apply' });
      else out.push({ change, where: 'name', image: valueAt(change.after, ['name']) as string });
    } else if (change.type === 'aws_ecs_task_definition') out.push(...ecsImages(ctx, change));
    else if (change.type.startsWith('kubernetes_')) out.push(...kubernetesImages(change));
  }
  return out;
}

/** PLAN-004: every image in the planned values is pinned (tag that is not latest, or digest); an unknown one is reported as such. */
export const plan004 = defineRule(
  {
    id: 'PLAN-004',
    title: 'Images in the planned values are pinned (and known at plan)',
    stage: 'plan',
    category: 'security',
    rationale:
      'The spec and the synthesized JSON can only check images they can see; an escape hatch, a data source or a computed value can still put an untagged or :latest image into the plan. The plan is the last point where the deployed reference can be read, so an image it cannot show is not verified.',
    remediation:
      'Pin the image (`pinstack pin <env> <service> <repo>:<immutable tag>` or a digest) and remove overrides that replace it. If the image is unknown at plan, make it a literal in the configuration rather than a value computed at apply.',
    severity: sev('error', 'warning', 'warning'),
    enforcement: 'hard',
    unknownBlocks: true,
    anchors: ['CKV_K8S_14', 'AVD-KSV-0013', 'AVD-DS-0001', 'kyverno:disallow-latest-tag'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const found of plannedImages(ctx)) {
      const what = `${who(ctx, found.change)} ${found.where}`;
      const location = locate(found.change);
      if (found.unknownBecause) {
        checks.push(unknown(`${what}: the image cannot be verified at plan, ${found.unknownBecause}`, location));
        continue;
      }
      const image = found.image;
      if (typeof image !== 'string' || image.trim() === '') {
        checks.push(fail(`${what} has no image`, location));
        continue;
      }
      try {
        const ref = parseImageRef(image);
        const problem = pinProblem(ref);
        const source = found.fromConfiguration ? ' (a literal in the configuration; the rest of container_definitions is known only after apply)' : '';
        checks.push(problem ? fail(`${what} is ${image}${source}, which ${describePinProblem(problem)}`, location) : pass(`${what} is ${image}${source}, pinned by ${ref.digest ? 'digest' : `tag ${ref.tag}`}`, location));
      } catch (err) {
        if (!(err instanceof ImageRefError)) throw err;
        checks.push(fail(`${what} is ${image}, which is not a valid image reference: it ${err.message}`, location));
      }
    }
    return checks;
  },
);
