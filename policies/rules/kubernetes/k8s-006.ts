import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check } from '../../types';
import { block, defineRule, fail, pass, sev, unknown } from '../helpers';
import { locate, namespaceOf, who } from './common';

/** Resource types of cluster-scoped objects (no namespace to check). */
const CLUSTER_SCOPED = new Set(
  [
    'namespace',
    'cluster_role',
    'cluster_role_binding',
    'persistent_volume',
    'storage_class',
    'priority_class',
    'mutating_webhook_configuration',
    'validating_webhook_configuration',
    'csi_driver',
    'runtime_class',
    'certificate_signing_request',
    'api_service',
    'node_taint',
  ].flatMap((t) => [`kubernetes_${t}`, `kubernetes_${t}_v1`]),
);
const CLUSTER_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'CSIDriver', 'RuntimeClass', 'APIService', 'Node']);

function namespaced(r: TfResource): boolean {
  if (r.mode !== 'managed' || !r.type.startsWith('kubernetes_') || CLUSTER_SCOPED.has(r.type)) return false;
  if (r.type === 'kubernetes_manifest') {
    const manifest = block(r.values.manifest);
    return manifest !== undefined && !CLUSTER_KINDS.has(String(manifest.kind));
  }
  return block(r.values.metadata) !== undefined;
}

/** K8S-006: namespaced resources live in the environment's namespace, never in `default`. */
export const k8s006 = defineRule(
  {
    id: 'K8S-006',
    title: 'Kubernetes resources live in the environment\'s namespace, not in default',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'security',
    rationale:
      'The default namespace has no Pod Security level, quota or NetworkPolicy of the environment and is shared with whatever else runs there; one namespace per environment is what isolates staging from production and what the environment\'s policies and RBAC are bound to.',
    remediation:
      'Keep metadata.namespace the environment namespace (target.namespace, referenced from the Namespace resource as the renderer does); remove an addOverride that clears it or sets another one.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_K8S_21', 'AVD-KSV-0110', 'kyverno:disallow-default-namespace'],
  },
  (ctx) => {
    const target = ctx.config.target.kind === 'kubernetes' ? ctx.config.target.namespace : undefined;
    return ctx.stack.resources.filter(namespaced).map((r): Check => {
      const location = locate(ctx, r);
      const name = who(ctx, r);
      const ns = namespaceOf(ctx, r);
      if (ns.kind === 'unset') return fail(`${name} sets no metadata.namespace, so it is created in the default namespace`, location);
      if (ns.kind === 'expression') return unknown(`${name} is in the namespace ${ns.expression}, an expression known only at plan`, location);
      const via = ns.via ? ` (from ${ns.via.address})` : '';
      if (ns.name === 'default') return fail(`${name} is in the default namespace${via}`, location);
      if (target !== undefined && ns.name !== target) return fail(`${name} is in the namespace ${ns.name}${via}, not the environment's namespace ${target}`, location);
      return pass(`${name} is in the environment's namespace ${ns.name}${via}`, location);
    });
  },
);
