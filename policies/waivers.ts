import type { PlanOverrideSpec, PolicySpec, SuppressionSpec } from '../config';
import type { Finding, Location, RuleMeta } from './types';

/** Plan overrides may be valid for at most this long from the moment they are evaluated. */
export const MAX_OVERRIDE_DAYS = 14;

export function expiryOf(date: string): Date {
  // A bare date is valid through the end of that day (UTC).
  return new Date(/T/.test(date) ? date : `${date}T23:59:59Z`);
}

export function targetMatches(target: string, location: Location): boolean {
  const candidates = [location.constructPath, location.address, location.specPath].filter((c): c is string => c !== undefined);
  if (target.endsWith('*')) {
    const prefix = target.slice(0, -1);
    return candidates.some((c) => c.startsWith(prefix));
  }
  return candidates.includes(target);
}

export function suppressionApplies(s: SuppressionSpec, finding: Pick<Finding, 'ruleId' | 'environment' | 'location'>): boolean {
  return s.rule === finding.ruleId && (!s.environments || s.environments.includes(finding.environment)) && targetMatches(s.target, finding.location);
}

export function overrideApplies(o: PlanOverrideSpec, finding: Pick<Finding, 'ruleId' | 'environment' | 'location'>): boolean {
  return o.rule === finding.ruleId && o.environment === finding.environment && o.address === finding.location.address;
}

export type WaiverVerdict =
  | { readonly apply: true }
  | { readonly apply: false; readonly problem: string };

/** Whether a matching suppression may be applied to a finding of this rule, now. */
export function judgeSuppression(s: SuppressionSpec, meta: RuleMeta, now: Date): WaiverVerdict {
  if (meta.enforcement === 'hard') return { apply: false, problem: `${meta.id} is a hard rule and cannot be suppressed (suppression for ${s.target}, owner ${s.owner})` };
  if (expiryOf(s.expires) < now) return { apply: false, problem: `the suppression of ${meta.id} for ${s.target} expired on ${s.expires} (owner ${s.owner}); the finding is active again` };
  return { apply: true };
}

/** Whether a matching plan override may be applied, now. */
export function judgeOverride(o: PlanOverrideSpec, meta: RuleMeta, now: Date): WaiverVerdict {
  if (!meta.overridable) return { apply: false, problem: `${meta.id} does not accept plan overrides (override for ${o.address})` };
  const expires = expiryOf(o.expires);
  if (expires < now) return { apply: false, problem: `the override of ${meta.id} for ${o.address} in ${o.environment} expired on ${o.expires} (owner ${o.owner}); the finding blocks again` };
  const limit = new Date(now.getTime() + MAX_OVERRIDE_DAYS * 86_400_000);
  if (expires > limit) return { apply: false, problem: `the override of ${meta.id} for ${o.address} expires ${o.expires}, more than ${MAX_OVERRIDE_DAYS} days ahead; shorten it` };
  return { apply: true };
}

export type Waivers = Pick<PolicySpec, 'suppressions' | 'overrides'>;
