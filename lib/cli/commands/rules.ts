import type { Command } from 'commander';
import { RULES } from '../../../policies/rules';
import { renderRulesDoc } from '../../../policies/rules-doc';
import { table } from '../table';

export function register(program: Command): void {
  program
    .command('rules')
    .description('List every policy rule with its metadata.')
    .option('--json', 'print the metadata as JSON')
    .option('--markdown', 'print RULES.md')
    .action((opts: { json?: boolean; markdown?: boolean }) => {
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(RULES.map((r) => r.meta), null, 2)}\n`);
        return;
      }
      if (opts.markdown) {
        process.stdout.write(renderRulesDoc(RULES));
        return;
      }
      const rows = RULES.map((r) => [
        r.meta.id,
        r.meta.stage,
        r.meta.targets?.join(',') ?? 'all',
        `${r.meta.severity.production}/${r.meta.severity.staging}/${r.meta.severity.development}`,
        r.meta.enforcement,
        r.meta.title,
      ]);
      process.stdout.write(`${table(['rule', 'stage', 'targets', 'prod/staging/dev', 'enforcement', 'title'], rows)}\n${RULES.length} rules\n`);
    });
}
