import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../policies/types';
import { type CommentStack, DEFAULT_COMMENT_BUDGET, renderPlanCommentDetailed } from '../../comment';
import { commentLength, GITHUB_COMMENT_BODY_LIMIT, githubApiUrlFromEnv, PLAN_COMMENT_MARKER, repoFromEnv, upsertPrComment, withMarker } from '../../github';
import { redactPlanJson } from '../../plan/redact';
import type { PlanSummaryFile, StackSummary } from '../../plan/summary';
import { knownSecrets } from '../../project';
import { planView } from '../../tfjson/plan';
import { stackView } from '../../tfjson/stack';
import { UsageError } from '../errors';

interface RenderOpts {
  plan?: string[];
  env?: string;
  summary?: string;
  detailsUrl?: string;
  budget?: string;
}

const MIN_BUDGET = 1_000;
/** A job summary takes 1 MiB; a PR comment 65,536 characters. */
const MAX_BUDGET = 1_000_000;

export function register(program: Command): void {
  const comment = program.command('comment').description('The one pinstack comment of a pull request: render it from `pinstack plan` output, post it.');

  comment
    .command('render')
    .description('Render the PR comment markdown (stdout) from plan.json files and/or summary.json written by `pinstack plan`.')
    .option('--plan <plan.json...>', 'redacted plans, each in a folder named after its environment (<out-dir>/<env>/plan.json)')
    .option('--env <env>', 'the environment of a single --plan (default: the name of its folder)')
    .option('--summary <summary.json>', 'tier, target, status, findings and pin history (default: <out-dir>/summary.json next to the plans, when it exists)')
    .option('--details-url <url>', 'link to the full plan (job summary or artifact) for the footer and shortened sections')
    .option('--budget <characters>', `maximum length (${MIN_BUDGET}-${MAX_BUDGET})`, String(DEFAULT_COMMENT_BUDGET))
    .addHelpText(
      'after',
      '\nWith --plan, the summary adds the stacks that have no plan (blocked before terraform, or failed); without --plan,\n' +
        "every stack of the summary is rendered, with the plans its planJson entries name. A cdk.tf.json next to a plan\n" +
        'maps addresses to construct paths. Plans are redacted again on reading; no key is needed.',
    )
    .action((opts: RenderOpts) => {
      const budget = parseBudget(opts.budget);
      if (opts.detailsUrl !== undefined && !isHttpUrl(opts.detailsUrl)) throw new UsageError(`--details-url: expected an http(s) URL, got ${JSON.stringify(opts.detailsUrl)}`);
      const stacks = collectStacks(opts);
      const rendered = renderPlanCommentDetailed(stacks, {
        budget,
        knownSecrets: knownSecrets(),
        ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
      });
      process.stdout.write(rendered.body);
      const shortened = Object.entries(rendered.levels).filter(([, l]) => l !== 'full');
      process.stderr.write(
        `comment: ${stacks.length} stack${stacks.length === 1 ? '' : 's'}, ${rendered.length} characters (budget ${budget})` +
          `${shortened.length ? `; shortened: ${shortened.map(([e, l]) => `${e} (${l})`).join(', ')}` : rendered.shortened ? '; some lists shortened' : ''}\n`,
      );
    });

  comment
    .command('post')
    .description('Create or update the pinstack comment of a pull request (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL).')
    .requiredOption('--pr <number>', 'pull request number')
    .argument('<file.md>', 'the markdown to post (`-` for stdin), e.g. from `pinstack comment render`')
    .addHelpText('after', '\nPrints created, updated or unchanged and the comment URL. Exit 2 for a body over 65,536 characters or a missing token.')
    .action(async (file: string, opts: { pr: string }) => {
      if (!/^[1-9][0-9]*$/.test(opts.pr.trim())) throw new UsageError(`--pr: expected a pull request number, got ${JSON.stringify(opts.pr)}`);
      const pr = Number(opts.pr.trim());
      let markdown: string;
      try {
        markdown = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const body = withMarker(markdown, PLAN_COMMENT_MARKER);
      const length = commentLength(body);
      if (length > GITHUB_COMMENT_BODY_LIMIT) {
        throw new UsageError(
          `${file}: the comment is ${length} characters, over GitHub's limit of ${GITHUB_COMMENT_BODY_LIMIT}: render it with \`pinstack comment render\` (which keeps within --budget)`,
        );
      }
      const token = process.env.GITHUB_TOKEN?.trim();
      if (!token) throw new UsageError('GITHUB_TOKEN is not set: expected a token that may write pull request comments (in Actions: `permissions: pull-requests: write`)');
      const { owner, repo } = repoFromEnv(process.env);
      const result = await upsertPrComment({ owner, repo, pr, body, marker: PLAN_COMMENT_MARKER, token, apiUrl: githubApiUrlFromEnv(process.env) });
      process.stdout.write(`${result.action}: ${result.url}\n`);
    });
}

function parseBudget(raw: string | undefined): number {
  const value = raw === undefined ? DEFAULT_COMMENT_BUDGET : /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < MIN_BUDGET || value > MAX_BUDGET) {
    throw new UsageError(`--budget: expected a whole number of characters from ${MIN_BUDGET} to ${MAX_BUDGET}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} ${file} is not JSON: ${(err as Error).message}`);
  }
}

function readSummary(file: string): PlanSummaryFile {
  const json = readJson(file, 'summary');
  const stacks = (json as { stacks?: unknown } | null)?.stacks;
  if (json === null || typeof json !== 'object' || !Array.isArray(stacks)) {
    throw new UsageError(`summary ${file}: expected the summary.json of \`pinstack plan\` ({ formatVersion, stacks: [...] }), got ${json === null ? 'null' : typeof json}${Array.isArray(json) ? ' (a list)' : ''}`);
  }
  stacks.forEach((s: unknown, i) => {
    const st = s as Partial<StackSummary> | null;
    if (st === null || typeof st !== 'object' || typeof st.environment !== 'string' || !Array.isArray(st.findings)) {
      throw new UsageError(`summary ${file}: stacks[${i}] needs environment (a string) and findings (a list)`);
    }
    if (st.status !== undefined && !['planned', 'blocked', 'error'].includes(st.status)) {
      throw new UsageError(`summary ${file}: stacks[${i}].status must be planned, blocked or error, got ${JSON.stringify(st.status)}`);
    }
  });
  return json as PlanSummaryFile;
}

/** The redacted plan (again: defence in depth) and, when a cdk.tf.json lies next to it, the stack. */
function loadPlan(file: string, env: string): Pick<CommentStack, 'plan' | 'stack'> {
  const raw = readJson(file, 'plan');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`plan ${file}: expected the JSON object of \`terraform show -json\``);
  const plan = planView(redactPlanJson(raw as Record<string, unknown>, knownSecrets()), file);
  const stackFile = path.join(path.dirname(file), 'cdk.tf.json');
  if (!fs.existsSync(stackFile)) return { plan };
  try {
    return { plan, stack: stackView(env, JSON.parse(fs.readFileSync(stackFile, 'utf8')) as Record<string, unknown>) };
  } catch (err) {
    process.stderr.write(`warning: ${stackFile} is unreadable (${(err as Error).message}): construct paths left out\n`);
    return { plan };
  }
}

function fromSummary(s: StackSummary | undefined, env: string): Omit<CommentStack, 'plan' | 'stack'> {
  return {
    environment: s?.environment ?? env,
    tier: s?.tier ?? 'unknown',
    target: s?.target ?? 'unknown',
    status: s?.status ?? 'planned',
    findings: (s?.findings ?? []) as readonly Finding[],
    ...(s?.history ? { history: s.history } : {}),
    ...(s?.error ? { error: s.error } : {}),
  };
}

function collectStacks(opts: RenderOpts): CommentStack[] {
  const plans = opts.plan ?? [];
  if (plans.length === 0 && !opts.summary) throw new UsageError('give --plan <plan.json>... (from `pinstack plan`), or --summary <summary.json>');
  if (opts.env !== undefined && plans.length !== 1) throw new UsageError(`--env names the environment of a single --plan, got ${plans.length} plans`);

  const defaultSummary = plans.length ? path.join(path.dirname(path.dirname(path.resolve(plans[0]!))), 'summary.json') : undefined;
  const summaryFile = opts.summary ?? (defaultSummary && fs.existsSync(defaultSummary) ? defaultSummary : undefined);
  const summary = summaryFile ? readSummary(summaryFile) : undefined;
  const summaries = [...(summary?.stacks ?? [])];

  const stacks: CommentStack[] = [];
  const covered = new Set<StackSummary>();
  for (const file of plans) {
    const folder = path.basename(path.dirname(path.resolve(file)));
    const env = opts.env ?? folder;
    const s = summaries.find((x) => !covered.has(x) && (x.environment === env || x.stack === env));
    if (s) covered.add(s);
    stacks.push({ ...fromSummary(s, env), ...loadPlan(file, env) });
  }
  for (const s of summaries) {
    if (covered.has(s)) continue;
    if (plans.length === 0 && s.planJson) {
      const file = path.resolve(path.dirname(summaryFile!), s.planJson);
      stacks.push({ ...fromSummary(s, s.environment), ...loadPlan(file, s.environment) });
    } else if (s.status !== 'planned' || plans.length === 0) {
      stacks.push(fromSummary(s, s.environment));
    } else {
      process.stderr.write(`warning: the summary lists ${s.environment} as planned but no --plan was given for it: left out\n`);
    }
  }
  // The summary's order (the order of `pinstack plan`), then plans it does not list.
  const rank = (c: CommentStack) => {
    const i = summaries.findIndex((s) => s.environment === c.environment);
    return i < 0 ? summaries.length : i;
  };
  return stacks.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}
