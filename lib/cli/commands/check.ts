import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluate } from '../../../policies/engine';
import { renderJson } from '../../../policies/report/json';
import { renderMarkdown } from '../../../policies/report/markdown';
import { renderSarif } from '../../../policies/report/sarif';
import { isBlockingReport } from '../../../policies/report/summary';
import { renderText } from '../../../policies/report/text';
import { RULES, ruleById } from '../../../policies/rules';
import { specPathLocator } from '../../../policies/spec-locator';
import type { Finding, Report } from '../../../policies/types';
import { defaultTier, SpecError, type SpecIssue } from '../../../config';
import { planView } from '../../tfjson/plan';
import { stackView } from '../../tfjson/stack';
import { loadProject, loadSpec, type Project } from '../../project';
import { BlockedError, UsageError } from '../errors';
import { synthesizeProject } from '../synthesize';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  env?: string[];
  format: string;
  out?: string;
  plan?: string;
  stackDir?: string;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('Run the policies: spec and synth stages over every stack, or the plan stage on `terraform show -json` output.')
    .option('-e, --env <env...>', 'only these environments (exactly one with --plan)')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('--plan <plan.json>', 'check a plan: the output of `terraform show -json <planfile>`')
    .option('--stack-dir <dir>', 'with --plan: the synthesized stack, to map addresses to constructs (default cdktf.out/stacks/<env>)')
    .addHelpText('after', '\nExit codes: 0 no blocking finding, 1 blocking findings, 2 bad usage or unreadable input.')
    .action(async (opts: CheckOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`);
      const format = opts.format as Format;
      const reports = opts.plan ? await checkPlan(opts) : await checkStacks(opts);
      const output = render(reports, format);
      if (opts.out) {
        fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
        fs.writeFileSync(opts.out, output);
        process.stderr.write(`wrote ${opts.out}\n`);
      } else process.stdout.write(output);
      if (isBlockingReport(reports)) {
        const envs = reports.filter((r) => r.findings.some((f) => f.blocking)).map((r) => r.environment);
        throw new BlockedError(`blocking policy findings in ${envs.join(', ')}`);
      }
    });
}

function render(reports: Report[], format: Format): string {
  switch (format) {
    case 'text':
      return renderText(reports);
    case 'json':
      return renderJson(reports);
    case 'markdown':
      return renderMarkdown(reports);
    case 'sarif':
      return `${JSON.stringify(renderSarif(reports, RULES, { toolVersion: toolVersion(), fallbackUri: (env) => `cdktf.out/stacks/${env}/cdk.tf.json` }), null, 2)}\n`;
  }
}

async function checkStacks(opts: CheckOptions): Promise<Report[]> {
  let project: Project;
  try {
    project = await loadProject(opts.env ? { only: opts.env } : {});
  } catch (err) {
    // A pin the loader refuses for a policy reason (:latest, untagged) is that rule's finding, not bad input.
    if (err instanceof SpecError && err.issues.length > 0 && err.issues.every((i) => i.rule)) return reportsFromRuleIssues(err.issues);
    throw err;
  }
  for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-check-'));
  try {
    const result = synthesizeProject(project, outdir);
    const locate = locator(project);
    return result.stacks.map((s) => ({
      environment: s.name,
      tier: s.environment.config.tier,
      target: s.environment.config.target.kind,
      stages: ['spec', 'synth'],
      findings: s.findings.map((f) => (f.location.source || !f.location.specPath ? f : { ...f, location: { ...f.location, ...withSource(locate(f.location.specPath)) } })),
    }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function checkPlan(opts: CheckOptions): Promise<Report[]> {
  if (!opts.env || opts.env.length !== 1) throw new UsageError('--plan needs exactly one --env (the environment the plan belongs to)');
  const env = opts.env[0]!;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(opts.plan!, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read plan ${opts.plan}: ${(err as Error).message}`);
  }
  const plan = planView(json, opts.plan);
  const project = await loadProject({ only: [env] });
  const environment = project.environments[0]!;
  const stackFile = path.join(opts.stackDir ?? path.join('cdktf.out', 'stacks', environment.model.stackName), 'cdk.tf.json');
  const stack = fs.existsSync(stackFile) ? stackView(environment.model.stackName, JSON.parse(fs.readFileSync(stackFile, 'utf8')), project.root) : undefined;
  const findings = evaluate(RULES, { stage: 'plan', config: environment.config, model: environment.model, plan, ...(stack ? { stack } : {}) }, { locateSpecPath: locator(project) });
  return [{ environment: env, tier: environment.config.tier, target: environment.config.target.kind, stages: ['plan'], findings }];
}

/** Spec issues that carry a rule id, as blocking findings per environment (`environments.<env>: <path>`). */
function reportsFromRuleIssues(issues: readonly SpecIssue[]): Report[] {
  const { spec } = loadSpec();
  const byEnv = new Map<string, Finding[]>();
  for (const issue of issues) {
    const m = /^environments\.([a-z0-9-]+): (.*)$/.exec(issue.path);
    const environment = m?.[1] ?? '';
    const meta = ruleById(issue.rule!)?.meta;
    const finding: Finding = {
      ruleId: issue.rule!,
      title: meta?.title ?? issue.rule!,
      stage: 'spec',
      environment,
      outcome: 'fail',
      severity: 'error',
      enforcement: meta?.enforcement ?? 'hard',
      blocking: true,
      message: issue.message,
      location: { specPath: m?.[2] ?? issue.path },
      remediation: meta?.remediation ?? '',
    };
    byEnv.set(environment, [...(byEnv.get(environment) ?? []), finding]);
  }
  return [...byEnv.entries()].map(([environment, findings]) => {
    const env = spec.environments[environment];
    return { environment, tier: env?.tier ?? defaultTier(environment), target: env?.target.kind ?? 'docker', stages: ['spec'], findings };
  });
}

function locator(project: Project): (specPath: string) => { file: string; line: number } | undefined {
  const text = fs.readFileSync(project.appFile, 'utf8');
  return specPathLocator(path.relative(project.root, project.appFile).split(path.sep).join('/'), text);
}

function withSource(source: { file: string; line: number } | undefined): { source?: { file: string; line: number } } {
  return source ? { source } : {};
}

function toolVersion(): string {
  return (require('../../../package.json') as { version: string }).version;
}
