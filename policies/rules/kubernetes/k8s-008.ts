import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { block, blocks, defineRule, fail, isExpression, pass, sev, specPathOf, unknown } from '../helpers';
import { byName, type DatastoreKind, datastoreKindOf, INGRESS_TYPES, locate, NETWORK_POLICY_TYPES, ofTypes, SERVICE_TYPES, sameNamespace, selects, who, type Workload, workloads } from './common';

/** Service types that make a Service reachable from outside the cluster. */
const EXPOSED_TYPES = ['LoadBalancer', 'NodePort'];

interface Store {
  readonly workload: Workload;
  readonly kind: DatastoreKind;
}

/** The datastore whose pods a Service selects (its own construct's, or any whose pod labels its selector matches). */
function storeOfService(ctx: SynthContext, service: TfResource, stores: readonly Store[]): Store | undefined {
  const specPath = specPathOf(service.constructPath, ctx.model.services);
  const own = stores.find((s) => specPathOf(s.workload.resource.constructPath, ctx.model.services) === specPath && (specPath === 'postgres' || specPath === 'redis'));
  if (own) return own;
  const selector = block(block(service.values.spec)?.selector);
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return stores.find((s) => sameNamespace(ctx, service, s.workload.resource) !== false && selects({ match_labels: selector }, s.workload.podLabels) === true);
}

/** The Service names an Ingress routes to (v1: backend.service.name; the legacy type: backend.service_name). */
function ingressBackends(ingress: TfResource): unknown[] {
  const spec = block(ingress.values.spec) ?? {};
  const names: unknown[] = [];
  const add = (backend: Record<string, unknown> | undefined) => {
    if (!backend) return;
    const v1 = block(backend.service)?.name;
    if (v1 !== undefined) names.push(v1);
    if (backend.service_name !== undefined) names.push(backend.service_name);
  };
  add(block(spec.default_backend));
  add(block(spec.backend));
  for (const rule of blocks(spec.rule)) for (const path of blocks(block(rule.http)?.path)) add(block(path.backend));
  return names;
}

/** Why an ingress rule of a NetworkPolicy admits every source; undefined when it does not. */
function admitsAll(rule: Record<string, unknown>): string | undefined {
  const from = blocks(rule.from);
  if (rule.from === undefined || from.length === 0) return 'an ingress rule without `from` admits every source';
  for (const peer of from) {
    const ip = block(peer.ip_block);
    if (ip && (ip.cidr === '0.0.0.0/0' || ip.cidr === '::/0')) return `an ingress rule admits ip_block ${String(ip.cidr)}`;
    if (!ip && !block(peer.pod_selector) && !block(peer.namespace_selector)) return 'an ingress rule has an empty `from` peer, which admits every source';
  }
  return undefined;
}

/** The verdict on the NetworkPolicies that isolate one datastore's pods. */
function networkPolicyCheck(ctx: SynthContext, store: Store): Check {
  const r = store.workload.resource;
  const location = locate(ctx, r);
  const name = who(ctx, r);
  const policies = ofTypes(ctx, NETWORK_POLICY_TYPES).map((np) => {
    const spec = block(np.values.spec) ?? {};
    const ns = sameNamespace(ctx, np, r);
    const sel = ns === false ? false : selects(block(spec.pod_selector), store.workload.podLabels);
    const types = Array.isArray(spec.policy_types) ? spec.policy_types.map(String) : undefined;
    // Without policy_types Kubernetes always includes Ingress.
    const ingress = types === undefined || types.includes('Ingress');
    return { np, spec, selects: ns === undefined && sel === true ? undefined : sel, ingress };
  });
  const isolating = policies.filter((p) => p.selects === true && p.ingress);
  if (isolating.length === 0) {
    const maybe = policies.filter((p) => p.selects === undefined && p.ingress);
    if (maybe.length > 0) return unknown(`${name}: whether ${maybe.map((p) => p.np.address).join(', ')} selects the ${store.kind} pods is known only at plan`, location);
    return fail(`${name}: no NetworkPolicy isolates the ${store.kind} pods (none with an Ingress policy selects them), so every pod in the cluster can connect to it`, location);
  }
  for (const p of isolating) {
    for (const rule of blocks(p.spec.ingress)) {
      const why = admitsAll(rule);
      if (why) return fail(`${name}: ${p.np.address} selects the ${store.kind} pods but ${why}`, location);
    }
  }
  return pass(`${name}: ${isolating.map((p) => p.np.address).join(', ')} isolate${isolating.length === 1 ? 's' : ''} the ${store.kind} pods`, location);
}

/** K8S-008: datastores are reachable only inside the cluster, and only by the pods a NetworkPolicy admits. */
export const k8s008 = defineRule(
  {
    id: 'K8S-008',
    title: 'Kubernetes datastores are not exposed: no LoadBalancer, NodePort or Ingress, and a NetworkPolicy isolates them',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'security',
    rationale:
      'A LoadBalancer or NodePort Service, or an Ingress backend, puts Postgres or Redis on a network outside the cluster, one password away from the internet; without a NetworkPolicy every pod of every namespace can reach them, so one compromised workload reaches the data.',
    remediation:
      'Keep the datastore Service ClusterIP (headless) with no external_ips, route no Ingress to it, and keep the datastore\'s NetworkPolicy, which admits only the services that use it; remove the addOverride that changes any of these. Reach a datastore for maintenance with `kubectl port-forward`.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: ['polaris:missingNetworkPolicy', 'kube-score:pod-networkpolicy', 'kyverno:restrict-nodeport', 'kyverno:restrict-service-external-ips', 'CKV_AWS_17', 'AVD-AWS-0180'],
  },
  (ctx) => {
    const stores: Store[] = workloads(ctx).flatMap((workload) => {
      const kind = datastoreKindOf(ctx, workload);
      return kind ? [{ workload, kind }] : [];
    });
    const checks: Check[] = stores.map((s) => networkPolicyCheck(ctx, s));

    const storeServices = new Map<TfResource, Store>();
    for (const service of ofTypes(ctx, SERVICE_TYPES)) {
      const store = storeOfService(ctx, service, stores);
      if (!store) continue;
      storeServices.set(service, store);
      const location = locate(ctx, service);
      const name = who(ctx, service);
      const spec = block(service.values.spec) ?? {};
      const type = spec.type;
      const externalIps = Array.isArray(spec.external_ips) ? spec.external_ips : [];
      if (typeof type === 'string' && EXPOSED_TYPES.includes(type)) checks.push(fail(`${name} is a ${type} Service for the ${store.kind} pods, reachable from outside the cluster`, location));
      else if (externalIps.length > 0) checks.push(fail(`${name} exposes the ${store.kind} pods on external_ips ${externalIps.map(String).join(', ')}`, location));
      else if (isExpression(type)) checks.push(unknown(`${name} selects the ${store.kind} pods and its type is the expression ${String(type)}, known only at plan`, location));
      else checks.push(pass(`${name} is a ${String(type ?? 'ClusterIP')} Service for the ${store.kind} pods, reachable only inside the cluster`, location));
    }

    for (const ingress of ofTypes(ctx, INGRESS_TYPES)) {
      const location = locate(ctx, ingress);
      const name = who(ctx, ingress);
      const exposed: string[] = [];
      const unresolved: string[] = [];
      for (const backend of ingressBackends(ingress)) {
        const target = byName(ctx, backend, SERVICE_TYPES, ingress);
        if (target === 'expression') unresolved.push(String(backend));
        else if (target && storeServices.has(target)) exposed.push(`${target.address} (${storeServices.get(target)!.kind})`);
      }
      if (exposed.length > 0) checks.push(fail(`${name} routes to the datastore Service ${exposed.join(', ')}, exposing it outside the cluster`, location));
      else if (unresolved.length > 0) checks.push(unknown(`${name} routes to ${unresolved.join(', ')}, expressions known only at plan`, location));
      else checks.push(pass(`${name} routes to no datastore Service`, location));
    }
    return checks;
  },
);
