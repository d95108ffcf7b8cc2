import { evaluate } from '../../../../policies/engine';
import type { Finding, Rule, SpecContext } from '../../../../policies/types';

/** A fixed clock, so that suppression expiries are deterministic. */
export const NOW = new Date('2026-03-01T12:00:00Z');
/** An expiry after NOW. */
export const FUTURE = '2026-06-30';

export const ENVS = ['dev', 'staging', 'prod'] as const;

/** A valid suppression of `rule` for one spec path, for `spec.policy.suppressions`. */
export function suppression(rule: string, target: string) {
  return { rule, target, reason: 'accepted until the migration lands (ticket OPS-123)', owner: 'platform-team', expires: FUTURE };
}

/** The findings at one spec path. */
export function at(findings: readonly Finding[], specPath: string): Finding[] {
  return findings.filter((f) => f.location.specPath === specPath);
}

/** Every finding of one rule run through the engine, engine findings (POLICY-WAIVER, ...) included. */
export function runAll(rule: Rule, ctx: SpecContext): Finding[] {
  return evaluate([rule], ctx, { now: NOW });
}
