import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { terraformVariablesEnv } from '../../../model';
import { compareWithReviewed, parseSummaryFile, stackOf } from '../../plan/review';
import { formatCounts, type StackSummary } from '../../plan/summary';
import { loadProject, type ProjectEnvironment } from '../../project';
import { apply, isStalePlanError } from '../../terraform';
import { BlockedError, UsageError } from '../errors';
import { runPlan } from '../plan-run';

interface DeployOptions {
  outdir: string;
  planDir: string;
  reviewed?: string;
  autoApprove?: boolean;
  allowLocalState?: boolean;
}

export function register(program: Command): void {
  program
    .command('deploy')
    .description("Apply the environment's saved plan (from `pinstack plan`); re-plan when it is stale, refusing any delete or replace nobody reviewed.")
    .argument('<env>', 'environment')
    .option('--plan-dir <dir>', 'out dir of `pinstack plan` (summary.json)', 'pinstack-plan')
    .option('--outdir <dir>', 'cdktf output directory (holds the saved plan)', 'cdktf.out')
    .option('--reviewed <summary.json>', "the reviewed plan's summary.json (e.g. the PR's plan artifact): refuse deletes/replaces it did not have")
    .option('--auto-approve', 'apply without asking (CI)')
    .option('--allow-local-state', 'allow a local state file in CI (it is lost with the runner)')
    .action(async (env: string, opts: DeployOptions) => {
      const project = await loadProject({ only: [env] });
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const e = project.environments[0]!;
      if (e.model.backend.kind === 'local' && isCi(process.env) && !opts.allowLocalState) {
        throw new BlockedError(
          `${env} uses a local state file, which a CI runner loses after the job: configure Terraform Cloud (terraformCloud in app.ts or PINSTACK_TFC_ORGANIZATION), or pass --allow-local-state`,
        );
      }
      let reviewed = opts.reviewed ? stackOf(parseSummaryFile(fs.readFileSync(opts.reviewed, 'utf8'), opts.reviewed), e.model.stackName) : undefined;
      if (opts.reviewed && !reviewed) {
        // The PR did not plan this environment: nobody reviewed a delete or replace in it.
        process.stdout.write(`${opts.reviewed} has no plan for ${env}: deploying only if its plan deletes and replaces nothing\n`);
        reviewed = { stack: env, environment: env, tier: e.config.tier, target: e.config.target.kind, status: 'planned', blocking: false, risky: [], findings: [] };
      }

      const outdir = path.resolve(opts.outdir);
      const planDir = path.resolve(opts.planDir);
      let current = savedPlan(outdir, planDir, e);
      if (!current) {
        process.stdout.write(`no saved plan for ${env}: planning now\n`);
        current = await planNow(project, outdir, planDir, e);
      }
      guard(env, current, reviewed);
      if (!opts.autoApprove) await confirm(env, current);

      const stackDir = path.join(outdir, 'stacks', e.model.stackName);
      const tfEnv = { baseEnv: process.env, extraEnv: terraformVariablesEnv(e.model.secrets, e.secrets) };
      try {
        process.stdout.write(await apply(stackDir, { ...tfEnv, planFile: path.join(stackDir, 'plan.tfplan') }));
      } catch (err) {
        if (!isStalePlanError(err)) throw err;
        // State moved since the plan: plan again, and apply only if nothing riskier than what was reviewed appeared.
        process.stdout.write(`the saved plan of ${env} is stale (state changed since it was made): planning again\n`);
        const before = current;
        current = await planNow(project, outdir, planDir, e);
        guard(env, current, reviewed ?? before);
        process.stdout.write(await apply(stackDir, { ...tfEnv, planFile: path.join(stackDir, 'plan.tfplan') }));
      }
      process.stdout.write(`deployed ${env} (${current.counts ? formatCounts(current.counts) : 'no changes'})\n`);
    });
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI === 'true' || env.GITHUB_ACTIONS === 'true';
}

/** The summary of the plan `pinstack plan` saved for this environment, when its files are there. */
function savedPlan(outdir: string, planDir: string, e: ProjectEnvironment): StackSummary | undefined {
  const planFile = path.join(outdir, 'stacks', e.model.stackName, 'plan.tfplan');
  const summary = path.join(planDir, 'summary.json');
  if (!fs.existsSync(planFile) || !fs.existsSync(summary)) return undefined;
  return stackOf(parseSummaryFile(fs.readFileSync(summary, 'utf8'), summary), e.model.stackName);
}

async function planNow(project: Parameters<typeof runPlan>[0], outdir: string, planDir: string, e: ProjectEnvironment): Promise<StackSummary> {
  const run = await runPlan({ ...project, environments: [e] }, { outdir, outDir: planDir, env: process.env });
  return run.summaries[0]!;
}

/** Refuses a blocked or failed plan, and deletes/replaces the reviewed plan did not have. */
function guard(env: string, current: StackSummary, reviewed: StackSummary | undefined): void {
  if (current.status === 'error') throw new BlockedError(`the plan of ${env} failed: ${current.error ?? 'see pinstack plan'}`);
  if (current.blocking || current.status === 'blocked') {
    const why = current.findings.filter((f) => f.blocking).map((f) => `[${f.ruleId}] ${f.message}`);
    throw new BlockedError(`the plan of ${env} is blocked by policy:\n  ${why.join('\n  ')}`);
  }
  if (!reviewed) return;
  const cmp = compareWithReviewed(current, reviewed);
  if (cmp.unreviewedRisk.length > 0) {
    throw new BlockedError(`the plan of ${env} differs from the reviewed one in a risky way; nobody reviewed:\n  ${cmp.unreviewedRisk.join('\n  ')}\nre-run the PR plan and review it`);
  }
  process.stdout.write(cmp.identical ? `plan of ${env} is the reviewed plan (${current.digest})\n` : `plan of ${env} differs from the reviewed one, but adds no delete or replace\n`);
}

async function confirm(env: string, s: StackSummary): Promise<void> {
  if (!process.stdin.isTTY) throw new UsageError('deploy needs --auto-approve when not run from a terminal');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`apply ${s.counts ? formatCounts(s.counts) : 'no changes'} to ${env}? type "yes": `);
  rl.close();
  if (answer.trim() !== 'yes') throw new BlockedError('not applied');
}
