import type { PolicySpec, Tier } from '../config';
import type { RuleMeta, Severity } from './types';

const RANK: Record<Severity, number> = { off: 0, info: 1, warning: 2, error: 3 };

/**
 * The severity of a rule in a tier: the rule's default, or the spec's `policy.severities` entry.
 * A hard rule can be raised but never lowered (that would be a suppression by the back door);
 * `refused` says when an entry was ignored for that reason.
 */
export function resolveSeverity(meta: RuleMeta, tier: Tier, policy: Pick<PolicySpec, 'severities'>): { severity: Severity; refused?: Severity } {
  const base = meta.severity[tier];
  const configured = policy.severities[meta.id]?.[tier];
  if (configured === undefined) return { severity: base };
  if (meta.enforcement === 'hard' && RANK[configured] < RANK[base]) return { severity: base, refused: configured };
  return { severity: configured };
}
