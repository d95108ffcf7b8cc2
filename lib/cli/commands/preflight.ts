import { type Command, InvalidArgumentError } from 'commander';
import { SpecError, type SpecIssue } from '../../../config';
import { anyFailed, type CheckResult, checkDatastore, datastorePlans, failed, formatCheck, lineScrubber, requiredSecretNames, secretChecks } from '../../ops';
import { knownSecrets, loadProject, type Project } from '../../project';
import { BlockedError } from '../errors';

export interface PreflightOptions {
  databaseUrlSecret?: string;
  redisUrlSecret?: string;
  timeoutSeconds: number;
}

export function register(program: Command): void {
  program
    .command('preflight')
    .description(
      'Before a deploy: every secret the stack needs is present and not a placeholder; the database answers SELECT 1 ' +
        'and has the extensions; Redis answers PING with its password (when their URLs are known). Exit 1 when a check fails.',
    )
    .argument('<env>', 'environment of the spec')
    .option('--database-url-secret <name>', 'a secret of the environment holding the Postgres URL (default: postgres.external.urlSecret)')
    .option('--redis-url-secret <name>', 'a secret of the environment holding the Redis URL (default: redis.external.urlSecret)')
    .option('--timeout-seconds <n>', 'connect and query timeout per datastore', positiveSeconds, 5)
    .addHelpText(
      'after',
      '\nOne line per check: `<check>: ok`, `<check>: FAILED: <reason>` or `<check>: skipped (<why>)`. Secret values are never ' +
        'printed; URLs are shown as user:***@host. A managed datastore is checked only with --database-url-secret / --redis-url-secret.',
    )
    .action(async (envName: string, opts: PreflightOptions) => {
      const project = await loadForPreflight(envName);
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const env = project.environments[0]!;
      const { config, model, secrets } = env;
      const print = printer();
      print(`preflight ${config.name} (${config.secretsFile}, target ${config.target.kind})`);

      const checks: CheckResult[] = secretChecks(requiredSecretNames(config, model, [opts.databaseUrlSecret, opts.redisUrlSecret]), secrets, config.secretsFile);
      const plans = datastorePlans(config, opts);
      const timeoutMs = opts.timeoutSeconds * 1000;
      const stores = await Promise.all([checkDatastore(plans.postgres, secrets, { timeoutMs }), checkDatastore(plans.redis, secrets, { timeoutMs })]);
      checks.push(...stores.flat());
      for (const c of checks) print(formatCheck(c));
      const blocked = summarize(config.name, checks, print);
      if (blocked) throw blocked;
    });
}

/** Seconds > 0 (fractions allowed). */
export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds greater than 0, got ${JSON.stringify(value)}`);
  return n;
}

/** Prints to stdout, scrubbed of URL passwords and of every secret value decrypted so far. */
function printer(): (line: string) => void {
  const scrub = lineScrubber(knownSecrets());
  return (line) => process.stdout.write(`${scrub(line)}\n`);
}

/** Prints the summary line; returns the error to throw (exit 1) when a check failed. */
function summarize(env: string, checks: readonly CheckResult[], print: (line: string) => void): BlockedError | undefined {
  const bad = checks.filter((c) => c.status === 'failed');
  const passed = checks.filter((c) => c.status === 'ok').length;
  const skippedCount = checks.length - passed - bad.length;
  print(`${passed} ok, ${bad.length} failed${skippedCount ? `, ${skippedCount} skipped` : ''}`);
  return anyFailed(checks) ? new BlockedError(`preflight ${env} failed: ${bad.map((c) => c.name).join(', ')}`) : undefined;
}

/**
 * The loader refuses an environment whose file lacks a secret the stack needs. Preflight reports those as
 * failed checks (exit 1) instead of a spec error; any other spec problem stays a usage error (exit 2).
 */
async function loadForPreflight(envName: string): Promise<Project> {
  try {
    return await loadProject({ only: [envName] });
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const missing = err.issues.map((i) => missingSecretCheck(i, envName));
    if (missing.length === 0 || missing.some((c) => c === undefined)) throw err;
    // The loader reports a secret once per service that reads it: one check per secret.
    const checks = [...new Map((missing as CheckResult[]).map((c) => [c.name, c])).values()].sort((a, b) => a.name.localeCompare(b.name));
    const print = printer();
    print(`preflight ${envName}`);
    for (const c of checks) print(formatCheck(c));
    print('(the datastores were not checked: the environment does not load without these secrets)');
    throw summarize(envName, checks, print) ?? err;
  }
}

function missingSecretCheck(issue: SpecIssue, envName: string): CheckResult | undefined {
  if (!issue.missingSecret) return undefined;
  const { name, file } = issue.missingSecret;
  return failed(`secret ${name}`, `missing from ${file} (set it with: pinstack secrets set ${envName} ${name} --from-stdin)`);
}
