import { isStateful } from '../tfjson/risk';
import type { StackView, TfResource } from '../tfjson/stack';

/** `${aws_x.y.attr}` / `aws_x.y` references inside a resource's arguments and depends_on. */
const REFERENCE = /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g;

/** Managed resources a resource refers to (its direct dependencies). */
export function dependenciesOf(resource: TfResource, stack: StackView): TfResource[] {
  const text = JSON.stringify(resource.values);
  const out = new Map<string, TfResource>();
  for (const expr of text.match(/\$\{[^}]*\}/g) ?? []) {
    for (const m of expr.matchAll(REFERENCE)) {
      const dep = stack.byAddress(m[1]!);
      if (dep && dep.address !== resource.address) out.set(dep.address, dep);
    }
  }
  const dependsOn = resource.values.depends_on;
  if (Array.isArray(dependsOn)) {
    for (const d of dependsOn) {
      const dep = typeof d === 'string' ? stack.byAddress(d.replace(/^\$\{|\}$/g, '')) : undefined;
      if (dep) out.set(dep.address, dep);
    }
  }
  return [...out.values()];
}

/**
 * What `recreate` destroys. Keeping data: every managed resource except the stateful ones and everything
 * they depend on (destroying a dependency would take the database with it). With a fresh database: all.
 */
export function recreateTargets(stack: StackView, options: { freshDatabase: boolean }): { destroy: string[]; keep: string[] } {
  const managed = stack.resources.filter((r) => r.mode === 'managed');
  if (options.freshDatabase) return { destroy: managed.map((r) => r.address).sort(), keep: [] };
  const keep = new Set<string>();
  const visit = (r: TfResource) => {
    if (keep.has(r.address)) return;
    keep.add(r.address);
    for (const dep of dependenciesOf(r, stack)) if (dep.mode === 'managed') visit(dep);
  };
  for (const r of managed) if (isStateful(r.type)) visit(r);
  return { destroy: managed.filter((r) => !keep.has(r.address)).map((r) => r.address).sort(), keep: [...keep].sort() };
}

/** The typed confirmations `recreate` needs, exactly. */
export function recreateConfirmations(env: string): { environment: string; database: string } {
  return { environment: `RECREATE ${env}`, database: `DELETE DATABASE ${env}` };
}
