import { type Command, InvalidArgumentError } from 'commander';
import { parseSpec } from '../../../config';
import { rollback } from '../../envfile';
import {
  changedPins,
  type CheckResult,
  checkDatastore,
  checkHttp,
  datastorePlans,
  fileAtRef,
  formatCheck,
  healthUrl,
  lineScrubber,
  pinsFromEnvironmentYaml,
  planRollbacks,
  pollHealth,
  redactUrl,
  type RollbackProblem,
  type RollbackStep,
} from '../../ops';
import { knownSecrets, loadProject, type ProjectEnvironment } from '../../project';
import { resolveEnvironment, updateEnvFile } from '../env-files';
import { BlockedError, UsageError } from '../errors';
import { checkPinnable } from './pin';
import { positiveSeconds } from './preflight';

interface VerifyOptions {
  url: string;
  path?: string[];
  intervalSeconds: number;
  maxFailures: number;
  durationSeconds: number;
  timeoutSeconds: number;
  databaseUrlSecret?: string;
  rollback?: boolean;
  since?: string;
}

const DEFAULT_PATHS = ['/health', '/ready'];

export function register(program: Command): void {
  program
    .command('verify')
    .description(
      'After a deploy: poll the health paths (and the database when its URL is known) every interval; exit 1 after ' +
        '--max-failures consecutive failed rounds (with --rollback, first roll back every service whose pin changed), 0 when the duration passes without.',
    )
    .argument('<env>', 'environment of the spec')
    .requiredOption('--url <base-url>', 'base URL of the deployed app, e.g. https://app.acme.example')
    .option('--path <path>', `a health path under the URL, 2xx/3xx is healthy (repeatable; default ${DEFAULT_PATHS.join(' and ')})`, collect)
    .option('--interval-seconds <n>', 'between the starts of two rounds (fractions allowed)', positiveSeconds, 10)
    .option('--max-failures <n>', 'consecutive failed rounds that fail the verification', positiveInteger, 3)
    .option('--duration-seconds <n>', 'how long to watch', nonNegativeSeconds, 300)
    .option('--timeout-seconds <n>', 'per request and per database check', positiveSeconds, 5)
    .option('--database-url-secret <name>', 'a secret of the environment holding the Postgres URL (default: postgres.external.urlSecret)')
    .option('--rollback', "on failure, roll every service whose pin changed since --since back to its pin there (the environment's file is rewritten; commit it and re-deploy)")
    .option('--since <git-ref>', 'the revision whose pins --rollback restores (default: HEAD~1)')
    .addHelpText(
      'after',
      '\nA round fails when any check fails. A failure streak still open when the duration ends is followed until it closes or ' +
        'reaches --max-failures. Exit codes: 0 healthy, 1 unhealthy (rolled back with --rollback), 2 bad usage.',
    )
    .action(async (envName: string, opts: VerifyOptions) => {
      if (opts.since !== undefined && !opts.rollback) throw new UsageError('--since only applies with --rollback');
      const base = baseUrl(opts.url);
      const paths = opts.path ?? DEFAULT_PATHS;
      const project = await loadProject({ only: [envName] });
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const env = project.environments[0]!;
      const { config, secrets } = env;
      const scrub = lineScrubber(knownSecrets());
      const print = (line: string) => process.stdout.write(`${scrub(line)}\n`);

      // Read the earlier pins first: a bad ref must fail now, not after minutes of polling.
      const since = opts.since ?? 'HEAD~1';
      const before = opts.rollback ? await pinsAt(project.root, since, config.secretsFile) : undefined;

      const database = datastorePlans(config, { databaseUrlSecret: opts.databaseUrlSecret }).postgres;
      if (opts.databaseUrlSecret && !secrets[opts.databaseUrlSecret]) {
        throw new UsageError(`--database-url-secret ${opts.databaseUrlSecret}: no such secret (or it is empty) in ${config.secretsFile}`);
      }
      const urls = paths.map((p) => healthUrl(base, p));
      const timeoutMs = opts.timeoutSeconds * 1000;
      print(
        `verify ${config.name}: ${urls.map(redactUrl).join(', ')}${database?.kind === 'check' ? ` and postgres (${database.target.secret})` : ''}, ` +
          `every ${opts.intervalSeconds} s for ${opts.durationSeconds} s; fails after ${opts.maxFailures} consecutive failed rounds`,
      );
      if (database?.kind === 'skip') print(`postgres: not checked (${database.reason})`);
      if (before) print(`rollback on failure: ${describeChanges(before, env, since)}`);

      const result = await pollHealth({
        intervalMs: opts.intervalSeconds * 1000,
        durationMs: opts.durationSeconds * 1000,
        maxFailures: opts.maxFailures,
        round: async () => {
          const checks = await Promise.all([
            ...urls.map((u) => checkHttp(u, { timeoutMs })),
            database?.kind === 'check' ? checkDatastore(database, secrets, { timeoutMs, withExtensions: false }) : Promise.resolve([] as CheckResult[]),
          ]);
          return checks.flat();
        },
        onRound: (r) => {
          const state = r.ok ? 'ok' : `FAILED (${r.streak}/${opts.maxFailures} consecutive)`;
          print(`round ${r.round} +${(r.atMs / 1000).toFixed(1)}s: ${state}: ${r.checks.map(formatCheck).join('; ')}`);
        },
      });

      if (result.healthy) {
        print(`healthy: ${result.rounds} round${result.rounds === 1 ? '' : 's'}, ${result.failedRounds} failed, never ${opts.maxFailures} in a row`);
        return;
      }
      let summary = `${opts.maxFailures} consecutive failed rounds (round ${result.rounds - result.streak + 1} to ${result.rounds})`;
      if (before) {
        const done = await rollBackChanged(project.spec, env, before, since, print);
        summary += done.length > 0 ? `; rolled back ${done.map((s) => s.service).join(', ')}: commit ${config.secretsFile} and re-deploy` : '; nothing was rolled back';
      }
      throw new BlockedError(`verify ${config.name} failed: ${summary}`);
    });
}

/** Rolls back every service whose pin changed since `since` (as `pinstack rollback <env> <service> --to <its pin there>`). */
async function rollBackChanged(
  spec: unknown,
  env: ProjectEnvironment,
  before: Readonly<Record<string, string>>,
  since: string,
  print: (line: string) => void,
): Promise<RollbackStep[]> {
  const resolved = resolveEnvironment(parseSpec(spec), env.config.name);
  const done: RollbackStep[] = [];
  const problems: RollbackProblem[] = [];
  // The file is decrypted and MAC-verified again here: the decision uses the pins as they are now.
  await updateEnvFile(resolved, (c) => {
    const plan = planRollbacks(before, c, since);
    problems.push(...plan.problems);
    for (const step of plan.steps) {
      try {
        checkPinnable(resolved, step.service, step.to, 'roll back');
      } catch (err) {
        problems.push({ service: step.service, reason: (err as Error).message });
        continue;
      }
      rollback(c, step.service, step.to);
      done.push(step);
    }
  });
  for (const s of done) print(`rolled back ${s.service} in ${env.config.name}: ${s.from} -> ${s.to} (${env.config.secretsFile})`);
  for (const p of problems) print(`cannot roll back ${p.service}: ${p.reason}`);
  if (done.length === 0 && problems.length === 0) print(`nothing to roll back: no pin changed since ${since}`);
  return done;
}

async function pinsAt(root: string, ref: string, file: string): Promise<Record<string, string>> {
  try {
    return pinsFromEnvironmentYaml(await fileAtRef(root, ref, file), `${file} at ${ref}`);
  } catch (err) {
    throw new UsageError(`--rollback: ${(err as Error).message}`);
  }
}

function describeChanges(before: Readonly<Record<string, string>>, env: ProjectEnvironment, since: string): string {
  const changes = changedPins(before, Object.fromEntries(env.config.services.map((s) => [s.name, s.image])));
  if (changes.length === 0) return `no pin changed since ${since}; nothing would be rolled back`;
  return changes.map((c) => `${c.service} back to ${c.before ?? `nothing (not pinned at ${since})`}`).join(', ');
}

function baseUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--url: expected an absolute http(s) URL such as https://app.acme.example, got ${JSON.stringify(redactUrl(value))}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--url: expected an http or https URL, got ${u.protocol.replace(/:$/, '')}`);
  return value;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got ${JSON.stringify(value)}`);
  return n;
}

function nonNegativeSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds, 0 or more, got ${JSON.stringify(value)}`);
  return n;
}
