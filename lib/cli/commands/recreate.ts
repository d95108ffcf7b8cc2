import type { Command } from 'commander';
import * as path from 'node:path';
import { isExternal } from '../../../config';
import { buildModel, terraformVariablesEnv } from '../../../model';
import { recreateConfirmations, recreateTargets } from '../../plan/recreate';
import { loadProject, loadSpec, type ProjectEnvironment } from '../../project';
import { apply, init, plan } from '../../terraform';
import { BlockedError, UsageError } from '../errors';
import { runPlan } from '../plan-run';
import { synthesizeProject } from '../synthesize';

interface RecreateOptions {
  confirm?: string;
  freshDatabase?: boolean;
  confirmDatabase?: string;
  outdir: string;
  planDir: string;
  allowLocalState?: boolean;
}

export function register(program: Command): void {
  program
    .command('recreate')
    .description('Destroy and re-apply an environment. Keeps the datastores (and what they depend on) unless --fresh-database is confirmed too.')
    .argument('<env>', 'environment')
    .option('--confirm <text>', 'type "RECREATE <env>"')
    .option('--fresh-database', 'also destroy the databases and start empty (a final snapshot is kept where the target takes one)')
    .option('--confirm-database <text>', 'with --fresh-database: type "DELETE DATABASE <env>"')
    .option('--outdir <dir>', 'cdktf output directory', 'cdktf.out')
    .option('--plan-dir <dir>', 'where the final plan summary goes', 'pinstack-plan')
    .option('--allow-local-state', 'allow a local state file in CI')
    .action(async (env: string, opts: RecreateOptions) => {
      checkConfirmations(env, opts);
      const project = await loadProject({ only: [env] });
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const e = project.environments[0]!;
      if (e.model.backend.kind === 'local' && (process.env.CI === 'true' || process.env.GITHUB_ACTIONS === 'true') && !opts.allowLocalState) {
        throw new BlockedError(`${env} uses a local state file, which a CI runner does not have: configure Terraform Cloud, or pass --allow-local-state`);
      }
      const outdir = path.resolve(opts.outdir);
      const tf = { baseEnv: process.env, extraEnv: terraformVariablesEnv(e.model.secrets, e.secrets) };
      const fresh = opts.freshDatabase === true;

      if (fresh && lacksDeletionProtectionOff(e)) {
        // Deletion protection refuses the destroy: first apply the same stack with it off.
        process.stdout.write(`1/3 turning deletion protection off in ${env}\n`);
        const unprotected = withoutDeletionProtection(e);
        const s = synthesizeProject({ ...project, environments: [unprotected] }, outdir, { keepBlocked: true }).stacks[0]!;
        await init(s.dir, tf);
        await plan(s.dir, { ...tf, out: 'unprotect.tfplan', refresh: !project.offline });
        process.stdout.write(await apply(s.dir, { ...tf, planFile: 'unprotect.tfplan' }));
      }

      const s = synthesizeProject(project, outdir).stacks[0]!;
      const { destroy, keep } = recreateTargets(s.view, { freshDatabase: fresh });
      process.stdout.write(`${fresh ? '2/3' : '1/2'} destroying ${destroy.length} resources of ${env}${keep.length ? ` (keeping ${keep.length}: the datastores and what they depend on)` : ''}\n`);
      await init(s.dir, tf);
      await plan(s.dir, { ...tf, out: 'destroy.tfplan', destroy: true, refresh: !project.offline, ...(fresh ? {} : { targets: destroy }) });
      process.stdout.write(await apply(s.dir, { ...tf, planFile: 'destroy.tfplan' }));

      process.stdout.write(`${fresh ? '3/3' : '2/2'} applying ${env} again (policies apply as for any plan)\n`);
      const run = await runPlan({ ...project, environments: [e] }, { outdir, outDir: path.resolve(opts.planDir), env: process.env });
      const summary = run.summaries[0]!;
      if (summary.blocking || summary.status !== 'planned') throw new BlockedError(`the new plan of ${env} is ${summary.status === 'planned' ? 'blocked by policy' : summary.status}: see ${run.markdownPath}`);
      process.stdout.write(await apply(s.dir, { ...tf, planFile: 'plan.tfplan' }));
      process.stdout.write(`recreated ${env}${fresh ? ' with a fresh database' : ''}\n`);
    });
}

/** Refuses before anything is loaded unless the typed confirmations match exactly. */
export function checkConfirmations(env: string, opts: Pick<RecreateOptions, 'confirm' | 'freshDatabase' | 'confirmDatabase'>): void {
  const expected = recreateConfirmations(env);
  const { spec } = loadSpec();
  if (!(env in spec.environments)) throw new UsageError(`unknown environment ${JSON.stringify(env)} (expected one of ${Object.keys(spec.environments).join(', ')})`);
  if (opts.confirm !== expected.environment) {
    throw new UsageError(`recreating ${env} destroys it first: type --confirm "${expected.environment}"${opts.confirm ? ` (got "${opts.confirm}")` : ''}`);
  }
  if (opts.confirmDatabase !== undefined && !opts.freshDatabase) throw new UsageError('--confirm-database goes with --fresh-database');
  if (opts.freshDatabase && opts.confirmDatabase !== expected.database) {
    throw new UsageError(`--fresh-database deletes the data of ${env}: type --confirm-database "${expected.database}"${opts.confirmDatabase ? ` (got "${opts.confirmDatabase}")` : ''}`);
  }
}

function lacksDeletionProtectionOff(e: ProjectEnvironment): boolean {
  const pg = e.config.postgres;
  return pg !== undefined && !isExternal(pg) && pg.deletionProtection;
}

function withoutDeletionProtection(e: ProjectEnvironment): ProjectEnvironment {
  const pg = e.config.postgres;
  if (!pg || isExternal(pg)) return e;
  const config = { ...e.config, postgres: { ...pg, deletionProtection: false } };
  return { ...e, config, model: buildModel(config, { localBackend: e.model.backend.kind === 'local' }) };
}
