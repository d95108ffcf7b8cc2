import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, Scalar } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const WORKFLOWS_DIR = path.join(REPO_ROOT, '.github', 'workflows');

export type Json = any;

export interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string | boolean;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, Json>;
  readonly 'continue-on-error'?: boolean;
}

export interface Job {
  readonly name?: string;
  readonly if?: string;
  readonly needs?: string | string[];
  readonly uses?: string;
  readonly with?: Record<string, Json>;
  readonly secrets?: Record<string, string> | 'inherit';
  readonly environment?: string | { name: string; url?: string };
  readonly concurrency?: string | { group: string; 'cancel-in-progress'?: boolean | string };
  readonly permissions?: string | Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps?: Step[];
  readonly outputs?: Record<string, string>;
}

export interface Workflow {
  readonly name?: string;
  readonly on: Json;
  readonly permissions?: string | Record<string, string>;
  readonly concurrency?: Job['concurrency'];
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

/** A `run:` script with where it is. */
export interface RunScript {
  readonly file: string;
  readonly job: string;
  readonly step: Step;
  readonly script: string;
  /** 1-based line of the script's first line in the file. */
  readonly firstLine: number;
}

export interface WorkflowFile {
  /** e.g. `pr-plan.yml` */
  readonly file: string;
  readonly text: string;
  readonly workflow: Workflow;
  readonly runs: RunScript[];
}

export function workflowFileNames(): string[] {
  return fs
    .readdirSync(WORKFLOWS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

const cache = new Map<string, WorkflowFile>();

/** Parses `.github/workflows/<file>` (YAML 1.2: `on` stays a string key) and finds its run scripts. */
export function loadWorkflow(file: string): WorkflowFile {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  const workflow = doc.toJS() as Workflow;

  const runs: RunScript[] = [];
  const jobs = doc.get('jobs', true);
  if (isMap(jobs)) {
    for (const jobPair of jobs.items) {
      const jobName = String((jobPair.key as Scalar).value);
      const steps = isMap(jobPair.value) ? jobPair.value.get('steps', true) : undefined;
      if (!isSeq(steps)) continue;
      steps.items.forEach((stepNode, i) => {
        if (!isMap(stepNode)) return;
        const run = stepNode.get('run', true) as Node | undefined;
        if (!isScalar(run) || typeof run.value !== 'string') return;
        const start = lineCounter.linePos(run.range![0]).line;
        const block = run.type === Scalar.BLOCK_LITERAL || run.type === Scalar.BLOCK_FOLDED;
        runs.push({ file, job: jobName, step: workflow.jobs[jobName]!.steps![i]!, script: run.value, firstLine: block ? start + 1 : start });
      });
    }
  }
  const loaded = { file, text, workflow, runs };
  cache.set(file, loaded);
  return loaded;
}

export function allWorkflows(): WorkflowFile[] {
  return workflowFileNames().map(loadWorkflow);
}

export function job(file: string, name: string): Job {
  const j = loadWorkflow(file).workflow.jobs[name];
  if (!j) throw new Error(`${file} has no job ${name}`);
  return j;
}

export function stepsOf(file: string, jobName: string): Step[] {
  return job(file, jobName).steps ?? [];
}

/** The one step of a job whose name (or id) matches. */
export function step(file: string, jobName: string, nameOrId: string | RegExp): Step {
  const matches = stepsOf(file, jobName).filter((s) =>
    typeof nameOrId === 'string' ? s.name === nameOrId || s.id === nameOrId : nameOrId.test(s.name ?? '') || nameOrId.test(s.id ?? ''),
  );
  if (matches.length !== 1) throw new Error(`${file} job ${jobName}: expected one step ${nameOrId}, found ${matches.length}`);
  return matches[0]!;
}

/** Every `secrets.X` an expression string mentions. */
export function secretsIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...text.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

export function triggers(w: Workflow): string[] {
  const on = w.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on ?? {});
}

/** One `npx pinstack ...` invocation in a run script. */
export interface Invocation {
  readonly where: string;
  /** Words after `pinstack`, up to the end of the shell command. */
  readonly words: string[];
}

/** `npx pinstack <words>` in every run script (comments skipped, `\` continuations joined). */
export function pinstackInvocations(files: readonly WorkflowFile[] = allWorkflows()): Invocation[] {
  const out: Invocation[] = [];
  for (const f of files) {
    for (const r of f.runs) {
      const lines = r.script.split('\n');
      for (let i = 0; i < lines.length; i++) {
        let line = lines[i]!;
        const lineNo = r.firstLine + i;
        while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!}`;
        if (line.trim().startsWith('#')) continue;
        for (const m of line.matchAll(/\bnpx\s+pinstack\b([^\n]*)/g)) {
          out.push({ where: `${f.file}:${lineNo}`, words: shellWords(m[1]!) });
        }
      }
    }
  }
  return out;
}

/** Words of one shell command, quotes removed, stopping at a redirection, pipe, `;`, `&&` or `#`. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+)/g)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    if (m[3] !== undefined && /^(>|>>|<|\||\|\||&&|;|#|2>|2>&1|\)|fi|then)/.test(word)) break;
    words.push(word);
  }
  return words;
}

/**
 * Runs a `run:` script with bash, as GitHub's runner does (`bash -e -o pipefail`), with only the given
 * environment (plus PATH) and GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files; returns what it wrote.
 */
export function runStepScript(
  script: string,
  env: Record<string, string>,
  opts: { cwd?: string; timeoutMs?: number } = {},
): { code: number; stdout: string; stderr: string; outputs: Record<string, string>; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-step-'));
  try {
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    const envFile = path.join(dir, 'env');
    for (const f of [output, summary, envFile]) fs.writeFileSync(f, '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
      cwd: opts.cwd ?? dir,
      env: { PATH: process.env.PATH ?? '', RUNNER_TEMP: dir, GITHUB_OUTPUT: output, GITHUB_ENV: envFile, GITHUB_STEP_SUMMARY: summary, ...env },
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 30_000,
    });
    const pairs = (file: string): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
      }
      return out;
    };
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: pairs(output), env: pairs(envFile) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
