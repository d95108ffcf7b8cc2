import type { Command } from 'commander';
import type { AppSpec } from '../../../config';
import { loadSpec } from '../../project';
import { type LockDiagnosis, type RunSummary, summarizeRun, TfcClient, tfcTokenFromEnv } from '../../tfc';
import { BlockedError, UsageError } from '../errors';

export interface TfcTarget {
  readonly organization: string;
  readonly hostname: string;
  readonly workspace: string;
}

/**
 * `<stack | workspace>` -> organization, hostname and workspace: an environment name of the spec maps to
 * its workspace (prefix + stack name); anything else is taken as a workspace name.
 */
export function resolveTfcTarget(spec: AppSpec | undefined, target: string, opts: { organization?: string; hostname?: string }): TfcTarget {
  const tfc = spec?.terraformCloud;
  const organization = opts.organization ?? tfc?.organization;
  if (!organization) throw new UsageError('no Terraform Cloud organization: set terraformCloud.organization in app.ts or pass --organization');
  const hostname = opts.hostname ?? tfc?.hostname ?? 'app.terraform.io';
  const isStack = spec !== undefined && target in spec.environments;
  const workspace = isStack ? `${tfc?.workspacePrefix ?? `${spec.name}-`}${target}` : target;
  return { organization, hostname, workspace };
}

type Out = (line: string) => void;

export function formatDiagnosis(d: LockDiagnosis): string[] {
  const lines = [`workspace ${d.organization}/${d.workspace} (${d.workspaceId}): ${d.locked ? 'LOCKED' : 'unlocked'}`];
  if (d.holder) {
    const h = d.holder;
    const who = h.kind === 'run' ? `run ${h.id}${h.run ? ` (${h.run.status}${h.run.age ? ` for ${h.run.age}` : ''})` : ''}` : h.kind === 'user' ? `user ${h.username ?? h.id}` : h.kind === 'team' ? `team ${h.name ?? h.id}` : `${h.type} ${h.id}`;
    lines.push(`  locked by: ${who}`);
  }
  if (d.currentRun) lines.push(`  current run: ${runLine(d.currentRun)}`);
  if (d.recentRuns.length > 0) lines.push('  recent runs:', ...d.recentRuns.map((r) => `    ${runLine(r)}`));
  lines.push(`  verdict: ${d.verdict}`, `  ${d.recommendation}`);
  return lines;
}

function runLine(r: RunSummary): string {
  const flags = [r.isDestroy ? 'destroy' : '', r.planOnly ? 'plan-only' : '', r.savePlan ? 'saved-plan' : ''].filter(Boolean).join(', ');
  return `${r.id}  ${r.status}${r.age ? ` (${r.age})` : ''}  ${r.createdAt ?? ''}${flags ? `  [${flags}]` : ''}${r.message ? `  "${r.message}"` : ''}`;
}

/** The typed confirmation a destructive action needs, e.g. `UNLOCK acme-prod`. */
export function requireConfirmation(verb: 'UNLOCK' | 'CANCEL', workspace: string, given: string | undefined): void {
  const expected = `${verb} ${workspace}`;
  if (given !== expected) {
    throw new UsageError(`this changes the workspace ${workspace}: type --confirm "${expected}"${given ? ` (got "${given}")` : ''}`);
  }
}

export async function tfcStatus(client: TfcClient, t: TfcTarget, out: Out, json = false): Promise<LockDiagnosis> {
  const d = await client.diagnoseLock(t.organization, t.workspace, { runs: 5 });
  if (json) out(JSON.stringify(d, null, 2));
  else formatDiagnosis(d).forEach(out);
  return d;
}

export async function tfcUnlock(client: TfcClient, t: TfcTarget, opts: { confirm?: string; force?: boolean }, out: Out): Promise<void> {
  requireConfirmation('UNLOCK', t.workspace, opts.confirm);
  const d = await client.diagnoseLock(t.organization, t.workspace, { runs: 5 });
  formatDiagnosis(d).forEach(out);
  if (!d.locked) return;
  if (d.verdict === 'cancel-run-first' || d.verdict === 'wait-or-cancel') {
    throw new BlockedError(`refusing to unlock ${t.workspace}: ${d.recommendation}`);
  }
  if (d.holder?.kind === 'run' || opts.force) {
    if (!opts.force) throw new BlockedError(`${t.workspace} is locked by run ${d.holder?.id}: only --force (force-unlock) releases a run's lock; ${d.recommendation}`);
    await client.forceUnlock(d.workspaceId);
    out(`force-unlocked ${t.organization}/${t.workspace}`);
    return;
  }
  await client.unlock(d.workspaceId);
  out(`unlocked ${t.organization}/${t.workspace}`);
}

export async function tfcCancelRuns(client: TfcClient, t: TfcTarget, opts: { confirm?: string }, out: Out): Promise<number> {
  requireConfirmation('CANCEL', t.workspace, opts.confirm);
  const ws = await client.readWorkspace(t.organization, t.workspace);
  const runs = await client.listRuns(ws.id, { pageSize: 20 });
  let stopped = 0;
  for (const run of runs) {
    const s = summarizeRun(run, new Date());
    if (s.isCancelable) {
      await client.cancelRun(run.id, 'cancelled with pinstack tfc cancel-runs');
      out(`cancelled ${run.id} (${run.status})`);
      stopped++;
    } else if (s.isDiscardable) {
      await client.discardRun(run.id, 'discarded with pinstack tfc cancel-runs');
      out(`discarded ${run.id} (${run.status})`);
      stopped++;
    }
  }
  if (stopped === 0) out(`no active run to cancel in ${t.organization}/${t.workspace}`);
  return stopped;
}

export function register(program: Command): void {
  const tfc = program.command('tfc').description('Terraform Cloud workspace diagnostics and lock operations (TF_API_TOKEN).');
  const common = (cmd: Command) =>
    cmd
      .argument('<target>', 'an environment (stack) of the spec, or a workspace name')
      .option('--organization <org>', 'Terraform Cloud organization (default: terraformCloud.organization in app.ts)')
      .option('--hostname <host>', 'Terraform Cloud / Enterprise host (default: from app.ts, else app.terraform.io)');
  const setup = (target: string, opts: { organization?: string; hostname?: string }) => {
    let spec: AppSpec | undefined;
    try {
      spec = loadSpec().spec;
    } catch (err) {
      if (!opts.organization) throw err;
    }
    const t = resolveTfcTarget(spec, target, opts);
    return { t, client: new TfcClient({ token: tfcTokenFromEnv(process.env, t.hostname), hostname: t.hostname }) };
  };
  const out: Out = (line) => process.stdout.write(`${line}\n`);

  common(tfc.command('status').description('Lock holder, current and recent runs, and what to do.'))
    .option('--json', 'print the diagnosis as JSON')
    .action(async (target: string, opts: { organization?: string; hostname?: string; json?: boolean }) => {
      const { t, client } = setup(target, opts);
      await tfcStatus(client, t, out, opts.json);
    });
  common(tfc.command('unlock').description('Unlock a workspace (force-unlock with --force); refuses while a run is applying.'))
    .option('--confirm <text>', 'type "UNLOCK <workspace>"')
    .option('--force', 'force-unlock a lock held by a run or another user')
    .action(async (target: string, opts: { organization?: string; hostname?: string; confirm?: string; force?: boolean }) => {
      const { t, client } = setup(target, opts);
      await tfcUnlock(client, t, opts, out);
    });
  common(tfc.command('cancel-runs').description('Cancel (or discard) the active runs of a workspace.'))
    .option('--confirm <text>', 'type "CANCEL <workspace>"')
    .action(async (target: string, opts: { organization?: string; hostname?: string; confirm?: string }) => {
      const { t, client } = setup(target, opts);
      await tfcCancelRuns(client, t, opts, out);
    });
}
