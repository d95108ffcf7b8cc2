import type { z } from 'zod';

/** One problem in the spec or an environment file, located by a dotted path. */
export interface SpecIssue {
  /** e.g. `services.web.image` or `environments.prod.overrides.services.web.replicas`. */
  readonly path: string;
  /** What is wrong and what is expected; ends with `, got <value>` when the value helps. */
  readonly message: string;
  /** The policy rule this issue breaks, when it is one (e.g. SPEC-IMG-001 for a :latest pin): `check` reports it as a finding. */
  readonly rule?: string;
  /** For issues a tool may act on: a secret the environment's file lacks (preflight reports these as checks). */
  readonly missingSecret?: { readonly name: string; readonly file: string };
}

/** Every problem found, reported at once. */
export class SpecError extends Error {
  readonly exitCode = 2;
  constructor(readonly issues: readonly SpecIssue[]) {
    super(`the app spec has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.name = 'SpecError';
  }
}

export function formatIssue(issue: SpecIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

export function joinPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

/** Shortens a value for a message: strings quoted, objects as their keys, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return String(value);
}

/** Turns zod issues into spec issues: paths joined, unknown keys named, the received value appended. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey> = []): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    const path = joinPath([...prefix, ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: path ? `${path}.${key}` : key, message: 'unknown key (check the spelling; unknown keys are errors)' });
      }
      continue;
    }
    let input = (issue as { input?: unknown }).input;
    let message = issue.message;
    const discriminator = (issue as { discriminator?: string }).discriminator;
    if (issue.code === 'invalid_union' && discriminator && input !== null && typeof input === 'object') {
      input = (input as Record<string, unknown>)[discriminator];
      message = `expected one of ${((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o)).join(', ')}`;
    }
    if (issue.code === 'invalid_type' && input === undefined) message = `is required (${message.replace(/^Invalid input: /, '')})`;
    else if (!/, got /.test(message) && input !== undefined && typeof input !== 'object') message = `${message}, got ${describeValue(input)}`;
    out.push({ path, message });
  }
  return out;
}
