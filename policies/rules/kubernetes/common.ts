import { ImageRefError, parseImageRef, repositoryOf } from '../../../lib/oci/image-ref';
import type { TfResource } from '../../../lib/tfjson/stack';
import type { SynthContext } from '../../types';
import { block, blocks, isExpression, locate, ofTypes, perStack, serviceOf, specPathOf, subject, who } from '../helpers';


export { locate, subject, who, serviceOf, ofTypes };
/** Shared by the kubernetes rules of this folder (not a rule). */

export type DatastoreKind = 'postgres' | 'redis';





export const DEPLOYMENT_TYPES = ['kubernetes_deployment_v1', 'kubernetes_deployment'] as const;
export const STATEFUL_SET_TYPES = ['kubernetes_stateful_set_v1', 'kubernetes_stateful_set'] as const;
export const SERVICE_TYPES = ['kubernetes_service_v1', 'kubernetes_service'] as const;
export const INGRESS_TYPES = ['kubernetes_ingress_v1', 'kubernetes_ingress'] as const;
export const NETWORK_POLICY_TYPES = ['kubernetes_network_policy_v1', 'kubernetes_network_policy'] as const;
export const PDB_TYPES = ['kubernetes_pod_disruption_budget_v1', 'kubernetes_pod_disruption_budget'] as const;
export const HPA_TYPES = ['kubernetes_horizontal_pod_autoscaler_v2', 'kubernetes_horizontal_pod_autoscaler_v2beta2', 'kubernetes_horizontal_pod_autoscaler_v1', 'kubernetes_horizontal_pod_autoscaler'] as const;


export interface PodContainer {
  readonly name: string;
  readonly init: boolean;
  readonly values: Record<string, unknown>;
}

export interface Workload {
  readonly resource: TfResource;
  readonly kind: 'deployment' | 'stateful set';
  readonly spec: Record<string, unknown>;
  /** spec.template.spec */
  readonly pod: Record<string, unknown>;
  /** spec.template.metadata.labels */
  readonly podLabels: Record<string, unknown>;
  readonly containers: readonly PodContainer[];
}

/** Deployments and stateful sets, with their pod template. */
export function workloads(ctx: SynthContext): Workload[] {
  const kinds: Array<[readonly string[], Workload['kind']]> = [
    [DEPLOYMENT_TYPES, 'deployment'],
    [STATEFUL_SET_TYPES, 'stateful set'],
  ];
  return kinds.flatMap(([types, kind]) =>
    ofTypes(ctx, types).map((resource) => {
      const spec = block(resource.values.spec) ?? {};
      const template = block(spec.template) ?? {};
      const pod = block(template.spec) ?? {};
      const podLabels = block(block(template.metadata)?.labels) ?? {};
      const containers = [
        ...blocks(pod.init_container).map((values, i) => ({ name: typeof values.name === 'string' ? values.name : `init_container[${i}]`, init: true, values })),
        ...blocks(pod.container).map((values, i) => ({ name: typeof values.name === 'string' ? values.name : `container[${i}]`, init: false, values })),
      ];
      return { resource, kind, spec, pod, podLabels, containers };
    }),
  );
}

/** `container web` / `init container migrate`, for messages. */
export function containerLabel(c: PodContainer): string {
  return `${c.init ? 'init container' : 'container'} ${c.name}`;
}

/** The image reference a workload runs, when it is a literal. */
function literalImage(w: Workload): string | undefined {
  const image = w.containers.find((c) => !c.init)?.values.image;
  return typeof image === 'string' && !isExpression(image) ? image : undefined;
}

/**
 * Postgres or Redis: a workload of the `Postgres` / `Redis` construct, or one that runs the official image
 * (a datastore added through an escape hatch or another construct is a datastore too).
 */
export function datastoreKindOf(ctx: SynthContext, w: Workload): DatastoreKind | undefined {
  const specPath = specPathOf(w.resource.constructPath, ctx.model.services);
  if (specPath === 'postgres' || specPath === 'redis') return specPath;
  const image = literalImage(w);
  if (image === undefined) return undefined;
  try {
    const last = repositoryOf(parseImageRef(image)).split('/').pop();
    return last === 'postgres' || last === 'redis' ? last : undefined;
  } catch (err) {
    if (err instanceof ImageRefError) return undefined;
    throw err;
  }
}

/** A `metadata.namespace`, resolved through a reference to a kubernetes_namespace of the stack. */
export type NamespaceOf =
  | { readonly kind: 'name'; readonly name: string; readonly via?: TfResource }
  | { readonly kind: 'unset' }
  | { readonly kind: 'expression'; readonly expression: string };

export function namespaceOf(ctx: SynthContext, r: TfResource): NamespaceOf {
  const metadata = block(r.type === 'kubernetes_manifest' ? block(r.values.manifest)?.metadata : r.values.metadata);
  const ns = metadata?.namespace;
  if (ns === undefined || ns === null || ns === '') return { kind: 'unset' };
  if (typeof ns !== 'string') return { kind: 'expression', expression: JSON.stringify(ns) };
  const ref = ctx.stack.referenced(ns);
  if (ref && (ref.resource.type === 'kubernetes_namespace_v1' || ref.resource.type === 'kubernetes_namespace') && /^metadata(\[0\]|\.0)?\.name$/.test(ref.attribute)) {
    const name = block(ref.resource.values.metadata)?.name;
    if (typeof name === 'string' && !isExpression(name)) return { kind: 'name', name, via: ref.resource };
  }
  if (isExpression(ns)) return { kind: 'expression', expression: ns };
  return { kind: 'name', name: ns };
}

/** The same namespace (by resolved name, or by the very same expression). */
export function sameNamespace(ctx: SynthContext, a: TfResource, b: TfResource): boolean | undefined {
  const x = namespaceOf(ctx, a);
  const y = namespaceOf(ctx, b);
  const nameOf = (n: NamespaceOf) => (n.kind === 'name' ? n.name : n.kind === 'unset' ? 'default' : undefined);
  if (x.kind === 'expression' || y.kind === 'expression') {
    if (x.kind === 'expression' && y.kind === 'expression' && x.expression === y.expression) return true;
    return undefined;
  }
  return nameOf(x) === nameOf(y);
}

/**
 * Whether a label selector's `match_labels` select pods with these labels. undefined when it cannot be told
 * at synth (an expression, or `match_expressions`, which this does not evaluate).
 */
export function selects(selector: Record<string, unknown> | undefined, labels: Record<string, unknown>): boolean | undefined {
  if (!selector) return undefined;
  if (blocks(selector.match_expressions).length > 0) return undefined;
  const match = block(selector.match_labels) ?? {};
  const entries = Object.entries(match);
  let unresolved = false;
  for (const [key, value] of entries) {
    if (isExpression(value) || isExpression(labels[key])) {
      unresolved = true;
      continue;
    }
    if (labels[key] === undefined || String(labels[key]) !== String(value)) return false;
  }
  return unresolved ? undefined : true;
}

/** A resource's `metadata.name`, when literal. */
export function nameOf(r: TfResource): string | undefined {
  const name = block(r.values.metadata)?.name;
  return typeof name === 'string' && !isExpression(name) ? name : undefined;
}

/**
 * The resource a name field points to: a `${type.name.metadata[0].name}` reference to one of `types`, or a
 * literal equal to the `metadata.name` of one of them (in the same namespace as `from`).
 */
export function byName(ctx: SynthContext, value: unknown, types: readonly string[], from: TfResource): TfResource | 'expression' | undefined {
  const ref = ctx.stack.referenced(value);
  if (ref && types.includes(ref.resource.type)) return ref.resource;
  if (isExpression(value)) return 'expression';
  if (typeof value !== 'string') return undefined;
  const named = perStack(ctx.stack, 'k8s:by-name', () => {
    const m = new Map<string, TfResource[]>();
    for (const r of ctx.stack.resources) {
      const name = nameOf(r);
      if (name !== undefined) m.set(name, [...(m.get(name) ?? []), r]);
    }
    return m;
  });
  return (named.get(value) ?? []).find((r) => types.includes(r.type) && sameNamespace(ctx, r, from) !== false);
}
