import { Testing } from 'cdktf';
import type { LoadedEnvironment } from '../../config';
import { planView } from '../../lib/tfjson/plan';
import { stackView } from '../../lib/tfjson/stack';
import { buildModel } from '../../model';
import { evaluate, type EvaluateOptions } from '../../policies/engine';
import type { Finding, PlanContext, Rule, SpecContext, SynthContext } from '../../policies/types';
import { buildStack, type PinstackStack } from '../../stacks';
import { loadExample } from '../helpers/example';

type LoadOpts = Parameters<typeof loadExample>[0];

async function loadOne(env: string, opts: LoadOpts = {}): Promise<LoadedEnvironment> {
  const [loaded] = await loadExample({ ...opts, only: [env] });
  return loaded!;
}

/** A spec-stage context for one environment of the example (or of a mutated copy of it). */
export async function specContext(env: string, opts: LoadOpts = {}): Promise<SpecContext> {
  const { config } = await loadOne(env, opts);
  return { stage: 'spec', config, model: buildModel(config) };
}

/**
 * A synth-stage context: the environment rendered by the real stack, then `mutate` (an escape hatch such as
 * `addOverride`, the way unsafe config really sneaks past a renderer), then read back as resolved JSON.
 */
export async function synthContext(env: string, opts: LoadOpts & { mutate?: (stack: PinstackStack) => void } = {}): Promise<SynthContext> {
  const { config } = await loadOne(env, opts);
  const model = buildModel(config, { localBackend: true });
  const stack = buildStack(Testing.app(), model, { offline: true });
  opts.mutate?.(stack);
  return { stage: 'synth', config, model, stack: stackView(stack.node.id, stack.toTerraform() as Record<string, unknown>) };
}

/** A plan-stage context on real `terraform show -json` output. */
export async function planContext(env: string, planJson: unknown, opts: LoadOpts = {}): Promise<PlanContext> {
  const { config } = await loadOne(env, opts);
  return { stage: 'plan', config, model: buildModel(config), plan: planView(planJson) };
}

/** Runs one rule through the engine (severities, waivers) and returns its findings. */
export function run(rule: Rule, ctx: SpecContext | SynthContext | PlanContext, options: EvaluateOptions = {}): Finding[] {
  return evaluate([rule], ctx, options).filter((f) => f.ruleId === rule.meta.id);
}

export const failures = (findings: Finding[]) => findings.filter((f) => f.outcome === 'fail');
export const passes = (findings: Finding[]) => findings.filter((f) => f.outcome === 'pass');
