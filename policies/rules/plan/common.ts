import type { ResourceChange } from '../../../lib/tfjson/plan';
import type { Location, PlanContext } from '../../types';

/** Shared by the plan rules of this folder (not a rule). */

/** A change's location: its Terraform address (the engine adds the construct path from `ctx.stack`). */
export function locate(change: ResourceChange): Location {
  return { address: change.address };
}

/** `prod: aws_db_instance.Postgres_9DC8BB04` - the start of most messages. */
export function who(ctx: PlanContext, change: ResourceChange): string {
  return `${ctx.config.name}: ${change.address}`;
}

/** Managed resources the plan creates, updates, replaces or keeps (not deletes, not data reads). */
export function plannedResources(ctx: PlanContext): ResourceChange[] {
  return ctx.plan.changes.filter((c) => c.mode === 'managed' && c.kind !== 'delete' && c.kind !== 'read');
}
