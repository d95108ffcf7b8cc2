import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformVariablesEnv } from '../../model';
import { evaluate } from '../../policies/engine';
import { RULES } from '../../policies/rules';
import type { Finding } from '../../policies/types';
import { type CommentStack, renderPlanComment } from '../comment';
import { planDigest, riskyChanges } from '../plan/fingerprint';
import { redactPlanJson, scrubKnownValues } from '../plan/redact';
import { countChanges, type PlanSummaryFile, type StackSummary } from '../plan/summary';
import { knownSecrets, type Project } from '../project';
import { notable } from '../../policies/report/summary';
import { init, plan as terraformPlan, showJson } from '../terraform';
import { tfcHostTokenVariable } from '../tfc';
import { planView, type PlanView } from '../tfjson/plan';
import { synthesizeProject, type SynthesizedStack } from './synthesize';

export interface StackPlan {
  readonly stack: SynthesizedStack;
  /** The saved binary plan (holds secret values: never upload it). */
  readonly planFile: string;
  /** The plan, in memory only (it holds secret values in clear). */
  readonly plan: PlanView;
  /** Redacted plan JSON written to `<outDir>/<stack>/plan.json`. */
  readonly planJsonPath: string;
  /** The same redacted plan, as a view (what summaries and comments may show). */
  readonly safePlan: PlanView;
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
  const safe = redactPlanJson(raw, knownSecrets());
  fs.writeFileSync(planJsonPath, `${JSON.stringify(safe, null, 2)}\n`);
  fs.copyFileSync(path.join(stack.dir, 'cdk.tf.json'), path.join(opts.outDir, stack.name, 'cdk.tf.json'));
  return { stack, planFile, plan: view, planJsonPath, safePlan: planView(safe, planJsonPath), findings, digest: planDigest(view), risky: riskyChanges(view) };
}

export interface PlanRun {
  readonly summaryPath: string;
  readonly markdownPath: string;
  readonly summaries: readonly StackSummary[];
  readonly plans: readonly StackPlan[];
  readonly blocking: boolean;
  readonly failed: boolean;
}

/**
 * `pinstack plan`: synth (with the policy gate collecting), then terraform per stack that policy did not
 * block; writes `<outDir>/summary.json` (machine) and `<outDir>/summary.md` (the full comment, for the job
 * summary). A terraform failure of one stack is recorded and the others still plan.
 */
export async function runPlan(project: Project, opts: { outdir: string; outDir: string; env: NodeJS.ProcessEnv; detailsUrl?: string }): Promise<PlanRun> {
  fs.mkdirSync(opts.outDir, { recursive: true });
  const synth = synthesizeProject(project, opts.outdir);
  const summaries: StackSummary[] = [];
  const comment: CommentStack[] = [];
  const plans: StackPlan[] = [];
  for (const s of synth.stacks) {
    const base = { stack: s.name, environment: s.name, tier: s.environment.config.tier, target: s.environment.config.target.kind, history: s.environment.history };
    const early = notable(s.findings);
    if (s.findings.some((f) => f.blocking)) {
      summaries.push({ ...base, status: 'blocked', blocking: true, findings: early });
      comment.push({ ...base, status: 'blocked', findings: early, stack: s.view });
      continue;
    }
    try {
      const p = await planStack(s, { outDir: opts.outDir, refresh: !project.offline, env: opts.env });
      plans.push(p);
      const findings = [...early, ...notable(p.findings)];
      const blocking = p.findings.some((f) => f.blocking);
      summaries.push({
        ...base,
        status: 'planned',
        blocking,
        counts: countChanges(p.plan),
        planJson: path.relative(opts.outDir, p.planJsonPath),
        digest: p.digest,
        risky: p.risky,
        findings,
      });
      comment.push({ ...base, status: 'planned', plan: p.safePlan, stack: s.view, findings });
    } catch (err) {
      const error = scrubKnownValues((err as Error).message, knownSecrets());
      summaries.push({ ...base, status: 'error', blocking: false, findings: early, error });
      comment.push({ ...base, status: 'error', findings: early, error, stack: s.view });
    }
  }
  const file: PlanSummaryFile = { formatVersion: '1.0', generatedAt: new Date().toISOString(), stacks: summaries };
  const summaryPath = path.join(opts.outDir, 'summary.json');
  const markdownPath = path.join(opts.outDir, 'summary.md');
  fs.writeFileSync(summaryPath, `${JSON.stringify(file, null, 2)}\n`);
  // The job summary takes 1 MiB: the full detail fits far more often than a comment does.
  fs.writeFileSync(markdownPath, renderPlanComment(comment, { budget: 900_000, knownSecrets: knownSecrets(), ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}) }));
  return { summaryPath, markdownPath, summaries, plans, blocking: summaries.some((s) => s.blocking), failed: summaries.some((s) => s.status === 'error') };
}
