import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformVariablesEnv } from '../../model';
import { evaluate } from '../../policies/engine';
import { RULES } from '../../policies/rules';
import type { Finding } from '../../policies/types';
import { planDigest, riskyChanges } from '../plan/fingerprint';
import { redactPlanJson } from '../plan/redact';
import { knownSecrets } from '../project';
import { init, plan as terraformPlan, showJson } from '../terraform';
import { tfcHostTokenVariable } from '../tfc';
import { planView, type PlanView } from '../tfjson/plan';
import type { SynthesizedStack } from './synthesize';

export interface StackPlan {
  readonly stack: SynthesizedStack;
  /** The saved binary plan (holds secret values: never upload it). */
  readonly planFile: string;
  /** The plan, in memory only (it holds secret values in clear). */
  readonly plan: PlanView;
  /** Redacted plan JSON written to `<outDir>/<stack>/plan.json`. */
  readonly planJsonPath: string;
  readonly findings: readonly Finding[];
  readonly digest: string;
  readonly risky: readonly string[];
}

export interface PlanOptions {
  readonly outDir: string;
  /** Refresh against real infrastructure; off in offline mode (no cloud to ask). */
  readonly refresh: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * terraform init, plan -out, show -json for one synthesized stack, then the plan-stage policies.
 * Secret values reach terraform only as TF_VAR_* in its environment; the JSON written to disk is redacted.
 */
export async function planStack(stack: SynthesizedStack, opts: PlanOptions): Promise<StackPlan> {
  const e = stack.environment;
  const extraEnv: Record<string, string> = { ...terraformVariablesEnv(e.model.secrets, e.secrets) };
  if (e.model.backend.kind === 'cloud') {
    // terraform authenticates to Terraform Cloud with TF_TOKEN_<host>; CI usually provides TF_API_TOKEN.
    const tokenVar = tfcHostTokenVariable(e.model.backend.hostname);
    if (!opts.env[tokenVar] && opts.env.TF_API_TOKEN) extraEnv[tokenVar] = opts.env.TF_API_TOKEN;
  }
  const common = { baseEnv: opts.env, extraEnv };
  await init(stack.dir, common);
  const planFile = path.join(stack.dir, 'plan.tfplan');
  await terraformPlan(stack.dir, { ...common, out: planFile, refresh: opts.refresh });
  const raw = await showJson(stack.dir, planFile, common);
  const view = planView(raw, `${stack.name} plan`);
  const findings = evaluate(RULES, { stage: 'plan', config: e.config, model: e.model, plan: view, stack: stack.view });

  const planJsonPath = path.join(opts.outDir, stack.name, 'plan.json');
  fs.mkdirSync(path.dirname(planJsonPath), { recursive: true });
  fs.writeFileSync(planJsonPath, `${JSON.stringify(redactPlanJson(raw, knownSecrets()), null, 2)}\n`);
  fs.copyFileSync(path.join(stack.dir, 'cdk.tf.json'), path.join(opts.outDir, stack.name, 'cdk.tf.json'));
  return { stack, planFile, plan: view, planJsonPath, findings, digest: planDigest(view), risky: riskyChanges(view) };
}
