import { dockerHealthcheck } from '../../../constructs/docker/health-check';
import type { Check } from '../../types';
import { block, defineRule, fail, isExpression, pass, sev, unknown } from '../helpers';
import { containers, locate, serviceOf, who } from './common';

/** The fields compared with the spec's translation, as JSON key -> what a message calls it. */
const FIELDS = [
  ['test', 'test'],
  ['interval', 'interval'],
  ['timeout', 'timeout'],
  ['retries', 'retries'],
  ['start_period', 'start_period'],
] as const;

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Numbers and numeric strings compare equal (Terraform converts); arrays element by element. */
function same(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => same(actual[i], e));
  if (actual === undefined || expected === undefined) return actual === expected;
  return String(actual) === String(expected);
}

const hasExpression = (v: unknown): boolean => (Array.isArray(v) ? v.some(hasExpression) : isExpression(v));

/** DKR-002: every container has a health check; a service's is the spec's checks as the docker translation renders them. */
export const dkr002 = defineRule(
  {
    id: 'DKR-002',
    title: 'Every docker container has a health check, and a service container the one its spec declares',
    stage: 'synth',
    targets: ['docker'],
    category: 'reliability',
    rationale:
      'Without a health check docker neither reports a hung container nor lets `wait` hold dependants until it is ready; a check that differs from the spec (edited through an escape hatch, or wired to another service) probes the wrong thing and turns a broken release green.',
    remediation:
      'Declare the service\'s healthChecks in app.ts and let the renderer translate them (constructs/docker/health-check.ts); remove any addOverride of docker_container.healthcheck. A datastore container keeps the check its construct renders.',
    severity: sev('error', 'error', 'warning'),
    enforcement: 'soft',
    anchors: ['CKV_DOCKER_2', 'DS-0026', 'CKV_K8S_8', 'CKV_K8S_9'],
  },
  (ctx) =>
    containers(ctx).map((container): Check => {
      const location = locate(ctx, container);
      const name = who(ctx, container);
      const actual = block(container.values.healthcheck);
      const test = actual?.test;
      if (!actual || test === undefined || (Array.isArray(test) && test.length === 0)) return fail(`${name} has no health check`, location);
      if (Array.isArray(test) && String(test[0]).toUpperCase() === 'NONE') return fail(`${name} disables its image's health check (test ["NONE"])`, location);

      const service = serviceOf(ctx, container);
      if (!service) {
        if (hasExpression(test)) return unknown(`${name} has a health check whose test is the expression ${show(test)}, known only at plan`, location);
        return pass(`${name} has a health check (${show(test)})`, location);
      }
      const expected = dockerHealthcheck(service.healthChecks);
      if (!expected) return fail(`${name} has a health check, but the spec of service ${service.name} declares none to render it from`, location);
      const wanted: Record<string, unknown> = { test: expected.test, interval: expected.interval, timeout: expected.timeout, retries: expected.retries, start_period: expected.startPeriod };
      const differences = FIELDS.filter(([key]) => !same(actual[key], wanted[key]));
      if (differences.length === 0) return pass(`${name} runs the health check the spec declares (${show(wanted.test)} every ${String(wanted.interval)})`, location);
      const detail = differences.map(([key, label]) => `${label} is ${show(actual[key])}, the spec renders ${show(wanted[key])}`).join('; ');
      if (differences.every(([key]) => hasExpression(actual[key]))) {
        return unknown(`${name}: the health check cannot be compared with the spec at synth (${detail})`, location);
      }
      return fail(`${name} runs a health check that differs from the spec of service ${service.name}: ${detail}`, location);
    }),
);
