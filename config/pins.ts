import { describePinProblem, parseImageRef, pinProblem, repositoryOf } from '../lib/oci/image-ref';
import type { SpecIssue } from './errors';

/** The rule that `:latest` and untagged pins break (the policy engine reports it under this id). */
export const IMAGE_PIN_RULE = 'SPEC-IMG-001';

export interface PinProblem {
  /** What is wrong with the pin, e.g. `must not use the floating tag :latest; …, got "…"`. */
  readonly reason: string;
  /** Set when the problem is the pinning policy itself (:latest, untagged). */
  readonly rule?: typeof IMAGE_PIN_RULE;
}

/**
 * What is wrong with one pin of a service: missing, not a valid OCI reference, :latest or untagged, or an
 * image of another repository. Empty when the pin is usable.
 */
export function pinProblems(repository: string, pin: string | undefined): PinProblem[] {
  if (pin === undefined || pin === '') return [{ reason: 'has no pin' }];
  let ref;
  try {
    ref = parseImageRef(pin);
  } catch (err) {
    return [{ reason: `${(err as Error).message}, got ${JSON.stringify(pin)}` }];
  }
  const out: PinProblem[] = [];
  const problem = pinProblem(ref);
  if (problem) out.push({ reason: `${describePinProblem(problem)}, got ${JSON.stringify(pin)}`, rule: IMAGE_PIN_RULE });
  if (repositoryOf(ref) !== repositoryOf(parseImageRef(repository))) out.push({ reason: `must be an image of ${repository}, got ${JSON.stringify(pin)}` });
  return out;
}

/** The loader's spec issues for one environment's pin of a service (see `pinProblems`). */
export function pinIssues(opts: { env: string; service: string; repository: string; pin: string | undefined; file: string }): SpecIssue[] {
  const { env, service, repository, pin, file } = opts;
  const path = `environments.${env}: services.${service}.image`;
  if (pin === undefined || pin === '') {
    return [{ path, message: `has no pin in ${file} (set one with: pinstack pin ${env} ${service} ${repository}:<tag>)` }];
  }
  return pinProblems(repository, pin).map((p) => ({ path, message: `(pin in ${file}) ${p.reason}`, ...(p.rule ? { rule: p.rule } : {}) }));
}
