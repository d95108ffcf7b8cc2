import type { Command } from 'commander';
import * as path from 'node:path';
import { loadProject } from '../../project';
import { BlockedError } from '../errors';
import { formatFindingLine } from '../findings';
import { resourceCount, synthesizeProject } from '../synthesize';
import { table } from '../table';

export function register(program: Command): void {
  program
    .command('synth')
    .description('Synthesize one stack per environment into cdktf.out (as `cdktf synth` does) and list them.')
    .option('-e, --env <env...>', 'only these environments')
    .option('-o, --outdir <dir>', 'output directory', 'cdktf.out')
    .action(async (opts: { env?: string[]; outdir: string }) => {
      const project = await loadProject(opts.env ? { only: opts.env } : {});
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const result = synthesizeProject(project, path.resolve(opts.outdir));
      const rows = result.stacks.map((s) => [
        s.name,
        s.environment.config.target.kind,
        s.environment.config.tier,
        String(resourceCount(s.view)),
        s.findings.some((f) => f.blocking) ? 'BLOCKED' : 'ok',
        path.relative(process.cwd(), path.join(s.dir, 'cdk.tf.json')),
      ]);
      process.stdout.write(`${table(['stack', 'target', 'tier', 'resources', 'policy', 'output'], rows)}\n`);
      const problems = result.stacks.flatMap((s) => s.findings.filter((f) => f.outcome === 'fail' && f.severity !== 'info'));
      if (problems.length > 0) process.stdout.write(`\n${problems.map(formatFindingLine).join('\n')}\n`);
      if (result.blocking) throw new BlockedError('blocking policy findings: the stacks marked BLOCKED were not written (see `pinstack check`)');
    });
}
