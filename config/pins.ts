import { describePinProblem, parseImageRef, pinProblem, repositoryOf } from '../lib/oci/image-ref';
import type { SpecIssue } from './errors';

/**
 * Checks one environment's pin of a service: present, a valid OCI reference, tagged or digested,
 * not `:latest`, and of the service's repository. Returns the problems (empty when the pin is usable).
 */
export function pinIssues(opts: {
  env: string;
  service: string;
  repository: string;
  pin: string | undefined;
  file: string;
}): SpecIssue[] {
  const { env, service, repository, pin, file } = opts;
  const path = `environments.${env}: services.${service}.image`;
  if (pin === undefined || pin === '') {
    return [{ path, message: `has no pin in ${file} (set one with: pinstack pin ${env} ${service} ${repository}:<tag>)` }];
  }
  const where = `(pin in ${file})`;
  let ref;
  try {
    ref = parseImageRef(pin);
  } catch (err) {
    return [{ path, message: `${where} ${(err as Error).message}, got ${JSON.stringify(pin)}` }];
  }
  const issues: SpecIssue[] = [];
  const problem = pinProblem(ref);
  if (problem) issues.push({ path, message: `${where} ${describePinProblem(problem)}, got ${JSON.stringify(pin)}` });
  const expected = repositoryOf(parseImageRef(repository));
  if (repositoryOf(ref) !== expected) {
    issues.push({ path, message: `${where} must be an image of ${repository}, got ${JSON.stringify(pin)}` });
  }
  return issues;
}
