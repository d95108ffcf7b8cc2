import type { Tier } from '../../../../config';
import { stackView } from '../../../../lib/tfjson/stack';
import type { PlanContext } from '../../../../policies/types';
import { exampleSpec } from '../../../helpers/example';
import { type PlanScenario, planScenarios, type ScenarioName } from '../../../helpers/plans';
import { planContext } from '../../harness';

/** Cold, the scenarios are real terraform plans (a minute or more); warm, they come from the shared cache. */
export const SCENARIO_TIMEOUT_MS = 600_000;

/** Fixed clock for the override tests. */
export const NOW = new Date('2026-06-01T12:00:00Z');

export const DB = 'aws_db_instance.Postgres_9DC8BB04';
export const REDIS = 'aws_elasticache_replication_group.Redis_FF642DF2';
export const ALB = 'aws_lb.LoadBalancer_BE9EEC3A';

/** Loads scenarios once per test file (`beforeAll(load)`), read with `get(name)`. */
export function scenarios<N extends ScenarioName>(names: readonly N[]) {
  let loaded: Record<N, PlanScenario> | undefined;
  return {
    load: async () => {
      loaded = await planScenarios(names);
    },
    get: (name: N): PlanScenario => {
      if (!loaded) throw new Error('scenarios not loaded: call load() in beforeAll');
      return loaded[name];
    },
  };
}

/** A copy of the spec the scenario planned (the example, or its variant) to change policy or tier in. */
export function specOf(s: PlanScenario): any {
  return structuredClone(s.load.spec ?? exampleSpec());
}

/** The spec with prod's tier changed. */
export function withTier(s: PlanScenario, tier: Tier): any {
  const spec = specOf(s);
  spec.environments.prod.tier = tier;
  return spec;
}

/**
 * A plan context on the scenario's real plan JSON, with the synthesized stack (so findings carry construct
 * paths), loaded from the scenario's spec (or `spec`).
 */
export async function scenarioContext(s: PlanScenario, spec?: unknown): Promise<PlanContext> {
  const ctx = await planContext(s.env, s.plan, { ...s.load, ...(spec !== undefined ? { spec } : {}) });
  return { ...ctx, stack: stackView(s.env, s.stack) };
}
