import type { ManagedPostgresModel, ManagedRedisModel } from '../../../model';
import type { SpecContext } from '../../types';

/** Shared by the spec rules of this folder (not a rule). */

export type ManagedStore =
  | { readonly kind: 'postgres'; readonly model: ManagedPostgresModel }
  | { readonly kind: 'redis'; readonly model: ManagedRedisModel };

/** The environment's managed (pinstack-run) datastores; external ones are someone else's to configure. */
export function managedStores(ctx: SpecContext): ManagedStore[] {
  const stores: ManagedStore[] = [];
  if (ctx.model.postgres?.kind === 'managed') stores.push({ kind: 'postgres', model: ctx.model.postgres });
  if (ctx.model.redis?.kind === 'managed') stores.push({ kind: 'redis', model: ctx.model.redis });
  return stores;
}

export const STORE_LABEL: Readonly<Record<ManagedStore['kind'], string>> = { postgres: 'Postgres', redis: 'Redis' };
