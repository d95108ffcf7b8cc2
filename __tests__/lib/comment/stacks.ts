/**
 * CommentStack inputs built the way `pinstack plan` builds them: a REAL scenario plan (`planScenario`), its
 * findings from the real policy engine (plan stage, with the synthesized stack), and the plan JSON passed
 * through `redactPlanJson` before the renderer sees it, or the raw plan (to prove the renderer alone never
 * prints a sensitive value).
 */
import type { CommentStack } from '../../../lib/comment';
import { redactPlanJson } from '../../../lib/plan/redact';
import { planView } from '../../../lib/tfjson/plan';
import { stackView } from '../../../lib/tfjson/stack';
import { evaluate } from '../../../policies/engine';
import { notable } from '../../../policies/report/summary';
import { RULES } from '../../../policies/rules';
import { exampleSpec } from '../../helpers/example';
import { type PlanJson, type PlanScenario, planScenario, type ScenarioName } from '../../helpers/plans';
import { planContext, specContext } from '../../policies/harness';

/** prod's pin history in the example's encrypted file (most recent first). */
export const PROD_HISTORY: Readonly<Record<string, readonly string[]>> = {
  web: ['ghcr.io/acme/web:v41-8d2e0f1'],
  worker: ['ghcr.io/acme/worker:v41-8d2e0f1'],
};

export interface ScenarioStackOptions {
  /** Render from the raw `terraform show -json` instead of the redacted one. */
  readonly raw?: boolean;
  readonly history?: Readonly<Record<string, readonly string[]>>;
  /** Edits the raw plan before anything reads it. */
  readonly mutate?: (plan: PlanJson) => void;
  readonly environment?: string;
}

export async function scenarioStack(name: ScenarioName, opts: ScenarioStackOptions = {}): Promise<{ scenario: PlanScenario; stack: CommentStack; planJson: PlanJson }> {
  const scenario = await planScenario(name);
  const raw = scenario.plan;
  opts.mutate?.(raw);
  const stack = stackView(scenario.env, scenario.stack);
  const ctx = await planContext(scenario.env, raw, scenario.load);
  const findings = notable(evaluate(RULES, { ...ctx, stack }));
  const planJson = opts.raw ? raw : redactPlanJson(raw);
  return {
    scenario,
    planJson,
    stack: {
      environment: opts.environment ?? scenario.env,
      tier: 'production',
      target: 'aws',
      status: 'planned',
      plan: planView(planJson),
      stack,
      findings,
      history: opts.history ?? PROD_HISTORY,
    },
  };
}

/** A stack the spec stage blocked before terraform ran (prod keeps 1 day of backups): no plan, real findings. */
export async function blockedStack(environment = 'staging'): Promise<CommentStack> {
  const spec = exampleSpec();
  const overrides = spec.environments.prod.overrides;
  overrides.postgres = { ...overrides.postgres, backups: { retentionDays: 1 } };
  const ctx = await specContext('prod', { spec });
  const findings = notable(evaluate(RULES, ctx)).map((f) => ({ ...f, environment }));
  if (!findings.some((f) => f.blocking)) throw new Error('expected the spec stage to block prod with 1 day of backups');
  return { environment, tier: 'production', target: 'aws', status: 'blocked', findings };
}

/** Every form a secret value could take in a comment: as is, URL-encoded, JSON-escaped. */
export function secretForms(secrets: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.values(secrets).flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))];
}
