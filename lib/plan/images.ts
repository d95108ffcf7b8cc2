import { anyMarked, type ResourceChange } from '../tfjson/plan';

/** An image a resource runs, by container (or resource) name. */
export interface ImageUse {
  readonly name: string;
  readonly image: string;
}

export interface ImageChange {
  readonly address: string;
  readonly container: string;
  readonly before?: string;
  readonly after?: string;
  /**
   * Where the new pin stands against the environment's pin history; `unknown` when Terraform computes the
   * new value during apply (e.g. ECS `container_definitions` that embed an endpoint being replaced).
   */
  readonly direction: 'roll-forward' | 'roll-back' | 'new' | 'removed' | 'change' | 'unknown';
}

/** Images in a resource's values: docker_image.name, Kubernetes containers, ECS container definitions. */
export function imagesOf(type: string, values: unknown): ImageUse[] {
  if (values === null || typeof values !== 'object') return [];
  const v = values as Record<string, unknown>;
  if (type === 'docker_image' && typeof v.name === 'string') return [{ name: 'image', image: v.name }];
  if (type === 'aws_ecs_task_definition' && typeof v.container_definitions === 'string') {
    try {
      const defs = JSON.parse(v.container_definitions) as Array<{ name?: string; image?: string }>;
      return defs.filter((d) => typeof d.image === 'string').map((d) => ({ name: d.name ?? 'container', image: d.image! }));
    } catch {
      return [];
    }
  }
  if (type.startsWith('kubernetes_deployment') || type.startsWith('kubernetes_stateful_set') || type.startsWith('kubernetes_daemon')) {
    const out: ImageUse[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        for (const key of ['container', 'init_container']) {
          for (const c of (Array.isArray(o[key]) ? o[key] : []) as Array<Record<string, unknown>>) {
            if (typeof c.image === 'string') out.push({ name: String(c.name ?? 'container'), image: c.image });
          }
        }
        for (const [k, child] of Object.entries(o)) if (k !== 'container' && k !== 'init_container') walk(child);
      }
    };
    walk(v.spec);
    return out;
  }
  return [];
}

/**
 * Image pins that change in a plan, old -> new, labelled against the environment's pin history (per service,
 * most recent first; a container is matched to the service of its name): going to an image in the history
 * is a roll back.
 */
export function imageChanges(changes: readonly ResourceChange[], history: Readonly<Record<string, readonly string[]>> = {}): ImageChange[] {
  const out: ImageChange[] = [];
  const everyPast = new Set(Object.values(history).flat());
  for (const c of changes) {
    if (c.kind === 'no-op' || c.kind === 'read') continue;
    const before = new Map(imagesOf(c.type, c.before).map((u) => [u.name, u.image]));
    const after = new Map(imagesOf(c.type, c.after).map((u) => [u.name, u.image]));
    const computed = c.kind !== 'delete' && after.size === 0 && anyMarked(c.afterUnknown);
    for (const name of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(name);
      const a = after.get(name);
      if (a === b) continue;
      const past = history[name] ? new Set(history[name]) : everyPast;
      const direction =
        a === undefined ? (computed ? 'unknown' : 'removed') : b === undefined ? 'new' : past.has(a) ? 'roll-back' : past.size > 0 ? 'roll-forward' : 'change';
      out.push({ address: c.address, container: name, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}), direction });
    }
  }
  return out;
}

