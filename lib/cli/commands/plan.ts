import type { Command } from 'commander';
import * as path from 'node:path';
import { formatCounts } from '../../plan/summary';
import { loadProject } from '../../project';
import { BlockedError, UsageError } from '../errors';
import { formatFindingLine } from '../findings';
import { runPlan } from '../plan-run';
import { table } from '../table';

export function register(program: Command): void {
  program
    .command('plan')
    .description('Synth, check, then terraform init + plan -out + show -json per stack, plan policies, and a summary (markdown and JSON).')
    .argument('[env...]', 'environments to plan')
    .option('--all', 'plan every environment')
    .option('-o, --out-dir <dir>', 'where summary.md, summary.json and <env>/plan.json go', 'pinstack-plan')
    .option('--outdir <dir>', 'cdktf output directory', 'cdktf.out')
    .option('--details-url <url>', 'link to the full plan (CI job summary or artifact) for the comment footer')
    .addHelpText('after', '\nSecret values reach terraform only as TF_VAR_*; the plan JSON written to the out dir is redacted. Exit 1 when a policy blocks or terraform fails.')
    .action(async (envs: string[], opts: { all?: boolean; outDir: string; outdir: string; detailsUrl?: string }) => {
      if (!opts.all && envs.length === 0) throw new UsageError('name the environments to plan, or --all');
      if (opts.all && envs.length > 0) throw new UsageError('give environments or --all, not both');
      const project = await loadProject(opts.all ? {} : { only: envs });
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const run = await runPlan(project, {
        outdir: path.resolve(opts.outdir),
        outDir: path.resolve(opts.outDir),
        env: process.env,
        ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
      });
      const rows = run.summaries.map((s) => [
        s.stack,
        s.target,
        s.status,
        s.counts ? formatCounts(s.counts) : '-',
        s.blocking ? 'BLOCKED' : s.findings.some((f) => f.outcome === 'fail' && f.severity === 'warning') ? 'warnings' : 'ok',
      ]);
      process.stdout.write(`${table(['stack', 'target', 'status', 'changes', 'policy'], rows)}\n`);
      for (const s of run.summaries) {
        for (const f of s.findings.filter((f) => f.blocking)) process.stdout.write(`${formatFindingLine(f)}\n`);
        if (s.error) process.stdout.write(`${s.stack}: terraform failed: ${s.error}\n`);
      }
      process.stdout.write(`summary: ${path.relative(process.cwd(), run.markdownPath)}\njson: ${path.relative(process.cwd(), run.summaryPath)}\n`);
      for (const p of run.plans) process.stdout.write(`plan ${p.stack.name}: ${path.relative(process.cwd(), p.planJsonPath)} (saved plan ${path.relative(process.cwd(), p.planFile)})\n`);
      if (run.blocking) throw new BlockedError('the plan is blocked by policy (see above and the summary)');
      if (run.failed) throw new BlockedError('terraform failed for some stacks (see above)');
    });
}
