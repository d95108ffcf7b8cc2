import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { blocks, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containers, covers, type DatastoreKind, datastoreKindOf, imageReferenceOf, locate, normalPath, tryParse, who } from './common';

/** Where the official images keep their data: PGDATA (a versioned directory from Postgres 18 on), Redis /data. */
function dataDirOf(ctx: SynthContext, container: TfResource, kind: DatastoreKind): string {
  if (kind === 'redis') return '/data';
  const env = Array.isArray(container.values.env) ? container.values.env : [];
  const pgdata = env.find((e): e is string => typeof e === 'string' && e.startsWith('PGDATA='));
  if (pgdata && !isExpression(pgdata)) return pgdata.slice('PGDATA='.length);
  let major = ctx.model.postgres?.kind === 'managed' ? Number(ctx.model.postgres.major) : NaN;
  const reference = imageReferenceOf(ctx, container);
  const parsed = reference === undefined ? undefined : tryParse(reference);
  if (parsed && !(parsed instanceof Error) && parsed.tag && /^\d+/.test(parsed.tag)) major = Number(/^\d+/.exec(parsed.tag)![0]);
  return major >= 18 ? `/var/lib/postgresql/${major}/docker` : '/var/lib/postgresql/data';
}

/** A container is stateful when it is Postgres, or Redis with persistence. */
function isStateful(ctx: SynthContext, kind: DatastoreKind): boolean {
  return kind === 'postgres' || (ctx.model.redis?.kind === 'managed' && ctx.model.redis.persistence);
}

interface DataMount {
  readonly path: string;
  /** `volume` (named), `bind` (host path), `tmpfs`, `anonymous`. */
  readonly kind: 'volume' | 'bind' | 'tmpfs' | 'anonymous';
  readonly source?: unknown;
}

function mountsOf(container: TfResource): DataMount[] {
  const out: DataMount[] = [];
  for (const v of blocks(container.values.volumes)) {
    if (typeof v.container_path !== 'string') continue;
    if (v.volume_name !== undefined && v.volume_name !== '') out.push({ path: v.container_path, kind: 'volume', source: v.volume_name });
    else if (v.host_path !== undefined && v.host_path !== '') out.push({ path: v.container_path, kind: 'bind', source: v.host_path });
    else out.push({ path: v.container_path, kind: 'anonymous' });
  }
  for (const m of blocks(container.values.mounts)) {
    if (typeof m.target !== 'string') continue;
    const type = String(m.type ?? 'volume').toLowerCase();
    if (type === 'bind') out.push({ path: m.target, kind: 'bind', source: m.source });
    else if (type === 'tmpfs') out.push({ path: m.target, kind: 'tmpfs' });
    else out.push({ path: m.target, kind: m.source === undefined || m.source === '' ? 'anonymous' : 'volume', source: m.source });
  }
  return out;
}

/** DKR-006: stateful containers keep their data in a named docker_volume of the stack. */
export const dkr006 = defineRule(
  {
    id: 'DKR-006',
    title: 'Stateful docker containers keep their data in a named docker_volume',
    stage: 'synth',
    targets: ['docker'],
    category: 'reliability',
    rationale:
      'A container is replaced on every image pin or password change; data in its writable layer or in an anonymous volume (removed with it, since remove_volumes defaults to true) is lost, and a bind mount ties the data to a host path Terraform does not manage.',
    remediation:
      'Mount the data directory (Postgres PGDATA, Redis /data) from a docker_volume of the stack, as the Postgres and Redis constructs do; remove an addOverride that replaces or drops that mount.',
    severity: sev('warning', 'warning', 'warning'),
    enforcement: 'advisory',
    // No anchor covers it ("beyond" in the inventory).
    anchors: [],
  },
  (ctx) => {
    const volumes = ctx.stack.ofType('docker_volume');
    const checks: Check[] = [];
    for (const container of containers(ctx)) {
      const kind = datastoreKindOf(ctx, container);
      if (!kind || !isStateful(ctx, kind)) continue;
      const location = locate(ctx, container);
      const name = who(ctx, container);
      const dataDir = dataDirOf(ctx, container, kind);
      const mount = mountsOf(container)
        .filter((m) => normalPath(m.path) !== '/' && covers(m.path, dataDir))
        .sort((a, b) => normalPath(b.path).length - normalPath(a.path).length)[0];
      if (!mount) {
        checks.push(fail(`${name} is a stateful ${kind} container with no volume at its data directory ${dataDir}: the data lives in the container and is lost when it is replaced`, location));
        continue;
      }
      const at = `its data directory ${dataDir} (mounted at ${mount.path})`;
      if (mount.kind !== 'volume') {
        const what = { bind: `a bind mount of the host path ${String(mount.source)}`, tmpfs: 'a tmpfs (memory, lost on restart)', anonymous: 'an anonymous volume (removed with the container)' }[mount.kind];
        checks.push(fail(`${name} keeps ${at} in ${what}, not a named docker_volume`, location));
        continue;
      }
      const source = mount.source;
      const ref = ctx.stack.referenced(source);
      if (ref?.resource.type === 'docker_volume') {
        checks.push(pass(`${name} keeps ${at} in the named volume ${ref.resource.address}`, location));
      } else if (isExpression(source)) {
        checks.push(unknown(`${name} keeps ${at} in the volume ${String(source)}, an expression that is not a docker_volume of the stack; known only at plan`, location));
      } else {
        const volume = volumes.find((v) => v.values.name === source);
        checks.push(
          volume
            ? pass(`${name} keeps ${at} in the named volume ${String(source)} (${volume.address})`, location)
            : fail(`${name} keeps ${at} in the volume "${String(source)}", which is not a docker_volume of this stack (docker creates it on the fly, outside Terraform)`, location),
        );
      }
    }
    return checks;
  },
);
