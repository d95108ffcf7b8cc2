import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { block, defineRule, fail, isExpression, pass, perStack, sev, unknown } from '../helpers';
import { byName, DEPLOYMENT_TYPES, HPA_TYPES, locate, ofTypes, PDB_TYPES, sameNamespace, selects, who, type Workload, workloads } from './common';

const intOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined);

/** The autoscalers whose scale_target_ref is this deployment (by reference, or by name in its namespace). */
/** The autoscalers targeting a deployment (indexed once per stack: rules stay linear). */
function autoscalersOf(ctx: SynthContext, deployment: TfResource): TfResource[] {
  const byTarget = perStack(ctx.stack, 'k8s:autoscalers-by-target', () => {
    const m = new Map<TfResource, TfResource[]>();
    for (const hpa of ofTypes(ctx, HPA_TYPES)) {
      const ref = block(block(hpa.values.spec)?.scale_target_ref);
      if (!ref || String(ref.kind ?? 'Deployment') !== 'Deployment') continue;
      const target = byName(ctx, ref.name, DEPLOYMENT_TYPES, hpa);
      if (typeof target === 'object') m.set(target, [...(m.get(target) ?? []), hpa]);
    }
    return m;
  });
  return byTarget.get(deployment) ?? [];
}

/**
 * The disruption budgets that may select these pod labels. A budget selects pods carrying all its
 * `match_labels` pairs, so budgets are indexed by their whole selector and looked up by every subset of the
 * pod's labels (a handful of labels: at most 2^10 lookups); budgets without literal pairs are always candidates.
 */
function candidateBudgets(ctx: SynthContext, podLabels: Record<string, unknown>): TfResource[] {
  const index = perStack(ctx.stack, 'k8s:budgets-by-selector', () => {
    const bySelector = new Map<string, TfResource[]>();
    const always: TfResource[] = [];
    for (const pdb of ofTypes(ctx, PDB_TYPES)) {
      const pairs = Object.entries(block(block(block(pdb.values.spec)?.selector)?.match_labels) ?? {});
      if (pairs.length === 0 || pairs.some(([, v]) => isExpression(v))) always.push(pdb);
      else bySelector.set(selectorKey(pairs), [...(bySelector.get(selectorKey(pairs)) ?? []), pdb]);
    }
    return { bySelector, always };
  });
  const labels = Object.entries(podLabels);
  // A label Terraform computes could match anything, and very many labels would make too many subsets.
  if (labels.some(([, v]) => isExpression(v)) || labels.length > 10) return ofTypes(ctx, PDB_TYPES);
  const out = new Set(index.always);
  for (let mask = 1; mask < 1 << labels.length; mask++) {
    const subset = labels.filter((_, i) => mask & (1 << i));
    for (const pdb of index.bySelector.get(selectorKey(subset)) ?? []) out.add(pdb);
  }
  return [...out];
}

function selectorKey(pairs: ReadonlyArray<[string, unknown]>): string {
  return pairs
    .map(([k, v]) => `${k}=${String(v)}`)
    .sort()
    .join(',');
}

function allowedDisruptions(spec: Record<string, unknown>, pods: number): number | string {
  const count = (v: unknown, roundUp: boolean): number | string => {
    if (isExpression(v)) return `it is the expression ${String(v)}`;
    const s = String(v).trim();
    const percent = /^(\d+)%$/.exec(s);
    if (percent) return roundUp ? Math.ceil((Number(percent[1]) * pods) / 100) : Math.floor((Number(percent[1]) * pods) / 100);
    const n = intOf(s);
    return n === undefined ? `${JSON.stringify(v)} is not a count or a percentage` : n;
  };
  if (spec.max_unavailable !== undefined && spec.max_unavailable !== null) return count(spec.max_unavailable, true);
  if (spec.min_available !== undefined && spec.min_available !== null) {
    const min = count(spec.min_available, true);
    return typeof min === 'number' ? Math.max(0, pods - min) : min;
  }
  return 'it sets neither max_unavailable nor min_available';
}

/** The disruption-budget verdict for one deployment. */
function budgetCheck(ctx: SynthContext, w: Workload, autoscalers: readonly TfResource[]): Check {
  const location = locate(ctx, w.resource);
  const name = who(ctx, w.resource);
  const replicas = w.spec.replicas;
  const hpaMins = autoscalers.map((h) => block(h.values.spec)?.min_replicas ?? 1);
  if (hpaMins.some(isExpression) || (autoscalers.length === 0 && isExpression(replicas))) {
    return unknown(`${name}: the replica count is an expression (${[replicas, ...hpaMins].filter(isExpression).join(', ')}), so whether it needs a disruption budget is known only at plan`, location);
  }
  const pods = autoscalers.length > 0 ? Math.max(...hpaMins.map((m) => intOf(m) ?? 1)) : intOf(replicas ?? 1) ?? 1;
  const source = autoscalers.length > 0 ? `its autoscaler keeps at least ${pods}` : `it runs ${pods}`;
  if (pods <= 1) return pass(`${name}: ${source} replica, no disruption budget needed`, location);

  const candidates = candidateBudgets(ctx, w.podLabels).map((pdb) => {
    const spec = block(pdb.values.spec) ?? {};
    const ns = sameNamespace(ctx, pdb, w.resource);
    const sel = ns === false ? false : selects(block(spec.selector), w.podLabels);
    return { pdb, spec, selects: ns === undefined && sel === true ? undefined : sel };
  });
  const selecting = candidates.filter((c) => c.selects === true);
  if (selecting.length === 0) {
    const maybe = candidates.filter((c) => c.selects === undefined);
    if (maybe.length > 0) return unknown(`${name}: ${source} replicas; whether ${maybe.map((c) => c.pdb.address).join(', ')} selects its pods is known only at plan`, location);
    return fail(`${name}: ${source} replicas but no PodDisruptionBudget selects its pods, so a node drain may evict them all at once`, location);
  }
  if (selecting.length > 1) {
    return fail(`${name}: its pods are selected by ${selecting.length} disruption budgets (${selecting.map((c) => c.pdb.address).join(', ')}); the eviction API refuses pods with more than one, which blocks node drains`, location);
  }
  const { pdb, spec } = selecting[0]!;
  const allowed = allowedDisruptions(spec, pods);
  if (typeof allowed === 'string') {
    return allowed.startsWith('it is the expression')
      ? unknown(`${name}: ${pdb.address} selects its ${pods} pods, but ${allowed}, known only at plan`, location)
      : fail(`${name}: ${pdb.address} selects its ${pods} pods, but ${allowed}`, location);
  }
  if (allowed < 1) return fail(`${name}: ${pdb.address} allows no disruption of its ${pods} pods, so no node can be drained without breaking the budget`, location);
  return pass(`${name}: ${pdb.address} selects its ${pods} pods and allows ${allowed} disruption${allowed > 1 ? 's' : ''} at a time`, location);
}

/** `lifecycle.ignore_changes` covers spec[0].replicas (or all). */
function ignoresReplicas(r: TfResource): boolean {
  const ignore = block(r.values.lifecycle)?.ignore_changes;
  if (ignore === 'all') return true;
  if (!Array.isArray(ignore)) return false;
  if (ignore.some((p) => p === 'all')) return true;
  return ignore.some((p) => typeof p === 'string' && /^spec(\[0\]|\.0)?(\.replicas|\["replicas"\])$/.test(p.replace(/\s/g, '')));
}

/** K8S-005: replicated deployments have a disruption budget that allows a disruption; autoscaled ones leave replicas to the autoscaler. */
export const k8s005 = defineRule(
  {
    id: 'K8S-005',
    title: 'Replicated deployments have a disruption budget, and autoscaled ones leave the replica count to the autoscaler',
    stage: 'synth',
    targets: ['kubernetes'],
    category: 'reliability',
    rationale:
      'Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once; a budget that allows no disruption blocks drains forever. A Deployment whose replicas Terraform owns while an autoscaler targets it is scaled back to the static count on every apply, in the middle of a load peak.',
    remediation:
      'Run more than one replica with the renderer\'s budget (max_unavailable 1) and keep lifecycle.ignore_changes ["spec[0].replicas"] on autoscaled Deployments; remove an addOverride that drops either, or that sets max_unavailable 0 / min_available equal to the replicas.',
    severity: sev('error', 'warning', 'off'),
    enforcement: 'soft',
    anchors: ['kube-score:deployment-has-poddisruptionbudget', 'kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured', 'polaris:missingPodDisruptionBudget', 'polaris:pdbDisruptionsIsZero', 'kyverno:require-pdb', 'kyverno:deployment-replicas-higher-than-pdb'],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const w of workloads(ctx)) {
      if (w.kind !== 'deployment') continue;
      const autoscalers = autoscalersOf(ctx, w.resource);
      checks.push(budgetCheck(ctx, w, autoscalers));
      if (autoscalers.length === 0) continue;
      const location = locate(ctx, w.resource);
      const name = who(ctx, w.resource);
      const by = autoscalers.map((h) => h.address).join(', ');
      const replicas = w.spec.replicas;
      if (replicas === undefined || replicas === null) checks.push(pass(`${name} is autoscaled by ${by} and sets no replicas`, location));
      else if (ignoresReplicas(w.resource)) checks.push(pass(`${name} is autoscaled by ${by}; its replicas (${String(replicas)}) are only the count at creation (lifecycle.ignore_changes)`, location));
      else checks.push(fail(`${name} is autoscaled by ${by} but sets replicas ${String(replicas)} without lifecycle.ignore_changes ["spec[0].replicas"], so every apply scales it back to ${String(replicas)}`, location));
    }
    return checks;
  },
);
