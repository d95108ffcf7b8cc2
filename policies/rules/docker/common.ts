import type { TfResource } from '../../../lib/tfjson/stack';
import { type ImageRef, ImageRefError, parseImageRef, repositoryOf } from '../../../lib/oci/image-ref';
import type { SynthContext } from '../../types';
import { isExpression, locate, serviceOf, specPathOf, subject, who } from '../helpers';


export { locate, subject, who, serviceOf };
/** Shared by the docker rules of this folder (not a rule). */

export type DatastoreKind = 'postgres' | 'redis';




export function containers(ctx: SynthContext): readonly TfResource[] {
  return ctx.stack.ofType('docker_container');
}


/** Where a container's image comes from. */
export type ContainerImage =
  | { readonly kind: 'image'; readonly image: TfResource; readonly attribute: string }
  | { readonly kind: 'literal'; readonly reference: string }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'missing' };

/** `docker_container.image`: usually `${docker_image.X.image_id}`, sometimes a literal reference. */
export function containerImage(ctx: SynthContext, container: TfResource): ContainerImage {
  const value = container.values.image;
  if (typeof value !== 'string' || value.trim() === '') return { kind: 'missing' };
  const ref = ctx.stack.referenced(value);
  if (ref && ref.resource.type === 'docker_image') return { kind: 'image', image: ref.resource, attribute: ref.attribute };
  if (isExpression(value)) return { kind: 'expression', expression: value };
  return { kind: 'literal', reference: value };
}

/** The reference a container runs, as text, when it is known at synth (a literal, or a docker_image's literal name). */
export function imageReferenceOf(ctx: SynthContext, container: TfResource): string | undefined {
  const image = containerImage(ctx, container);
  if (image.kind === 'literal') return image.reference;
  if (image.kind === 'image') {
    const name = image.image.values.name;
    return typeof name === 'string' && !isExpression(name) ? name : undefined;
  }
  return undefined;
}

export function tryParse(reference: string): ImageRef | ImageRefError {
  try {
    return parseImageRef(reference);
  } catch (err) {
    if (err instanceof ImageRefError) return err;
    throw err;
  }
}

/**
 * Postgres or Redis: a container of the `Postgres` / `Redis` construct, or one that runs the official image
 * (a datastore added through an escape hatch or another construct is a datastore too).
 */
export function datastoreKindOf(ctx: SynthContext, container: TfResource): DatastoreKind | undefined {
  const specPath = specPathOf(container.constructPath, ctx.model.services);
  if (specPath === 'postgres' || specPath === 'redis') return specPath;
  const reference = imageReferenceOf(ctx, container);
  if (reference === undefined) return undefined;
  const parsed = tryParse(reference);
  if (parsed instanceof ImageRefError) return undefined;
  const last = repositoryOf(parsed).split('/').pop();
  return last === 'postgres' || last === 'redis' ? last : undefined;
}

/** Ports datastores listen on: the model's (managed datastores) and the well-known defaults. */
export function datastorePorts(ctx: SynthContext): ReadonlyMap<number, DatastoreKind> {
  const ports = new Map<number, DatastoreKind>([
    [5432, 'postgres'],
    [6379, 'redis'],
  ]);
  if (ctx.model.postgres?.kind === 'managed') ports.set(ctx.model.postgres.port, 'postgres');
  if (ctx.model.redis?.kind === 'managed') ports.set(ctx.model.redis.port, 'redis');
  return ports;
}

/** A number written as a number or a numeric string; undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A path without trailing slashes or `.` segments, for comparisons (`/var/run/` -> `/var/run`). */
export function normalPath(p: string): string {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  return `/${parts.join('/')}`;
}

/** True when `dir` is `target` or one of its ancestors (`/var/run` covers `/var/run/docker.sock`). */
export function covers(dir: string, target: string): boolean {
  const d = normalPath(dir);
  const t = normalPath(target);
  return d === t || d === '/' || t.startsWith(`${d}/`);
}
