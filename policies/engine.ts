import type { Tier } from '../config';
import type { StackView } from '../lib/tfjson/stack';
import { resolveSeverity } from './severity';
import type { AppliedWaiver, Check, Finding, Location, Report, Rule, RuleContext, RuleMeta, Severity, Stage } from './types';
import { judgeOverride, judgeSuppression, overrideApplies, suppressionApplies } from './waivers';

export interface EvaluateOptions {
  /** The clock for expiries. @default new Date() */
  readonly now?: Date;
  /** Maps a spec path to its line in app.ts, for findings that have no source yet. */
  readonly locateSpecPath?: (specPath: string) => { file: string; line: number } | undefined;
}

/** Findings the engine itself emits about waivers and severities (not rules of the inventory). */
export const ENGINE_FINDINGS = {
  waiver: 'POLICY-WAIVER',
  severity: 'POLICY-SEVERITY',
  crash: 'POLICY-RULE-ERROR',
} as const;

/**
 * Runs every rule of the context's stage that applies to its target, resolves severities for the
 * environment's tier, applies suppressions and plan overrides, and reports what was refused or unused.
 */
export function evaluate(rules: readonly Rule[], ctx: RuleContext, options: EvaluateOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const env = ctx.config.name;
  const tier: Tier = ctx.config.tier;
  const policy = ctx.config.policy;
  const findings: Finding[] = [];
  const used = new Set<object>();
  const evaluated = new Set<string>();

  for (const rule of rules) {
    const meta = rule.meta;
    if (meta.stage !== ctx.stage) continue;
    if (meta.targets && !meta.targets.includes(ctx.config.target.kind)) continue;
    evaluated.add(meta.id);
    const { severity, refused } = resolveSeverity(meta, tier, policy);
    if (refused) {
      findings.push(engineFinding(ENGINE_FINDINGS.severity, ctx, 'warning', `policy.severities lowers hard rule ${meta.id} to ${refused} in ${tier}; ignored, it stays ${severity}`, { specPath: `policy.severities.${meta.id}` }));
    }
    if (severity === 'off') continue;

    let checks: readonly Check[];
    try {
      checks = (rule.check as (c: RuleContext) => readonly Check[])(ctx);
    } catch (err) {
      checks = [{ outcome: 'unknown', message: `the rule failed to run: ${(err as Error).message}`, location: {} }];
    }
    if (checks.length === 0) {
      findings.push(finding(meta, ctx, severity, { outcome: 'not-applicable', message: 'nothing to check here', location: {} }));
      continue;
    }
    for (const check of checks) {
      let f = finding(meta, ctx, severity, check);
      if (f.outcome === 'fail' || f.outcome === 'unknown') f = applyWaivers(f, meta, ctx, now, used, findings);
      findings.push(f);
    }
  }

  for (const s of policy.suppressions) {
    if (used.has(s) || !evaluated.has(s.rule) || (s.environments && !s.environments.includes(env))) continue;
    findings.push(engineFinding(ENGINE_FINDINGS.waiver, ctx, 'warning', `unused suppression of ${s.rule} for ${s.target} (owner ${s.owner}): nothing matched it in ${env}; remove it`, { specPath: 'policy.suppressions' }));
  }
  for (const o of policy.overrides) {
    if (used.has(o) || !evaluated.has(o.rule) || o.environment !== env) continue;
    findings.push(engineFinding(ENGINE_FINDINGS.waiver, ctx, 'warning', `unused override of ${o.rule} for ${o.address} (owner ${o.owner}): the plan has no such finding; remove it`, { specPath: 'policy.overrides', address: o.address }));
  }

  const stack = ctx.stage === 'plan' || ctx.stage === 'synth' ? ctx.stack : undefined;
  return findings.map((f) => {
    let out = stack ? withConstruct(f, stack) : f;
    if (options.locateSpecPath) out = withSpecSource(out, options.locateSpecPath);
    return out;
  });
}

/** Fills the construct path (and creation site) of a finding that names a Terraform address. */
function withConstruct(f: Finding, stack: StackView): Finding {
  if (!f.location.address || f.location.constructPath) return f;
  const resource = stack.byAddress(f.location.address);
  if (!resource?.constructPath) return f;
  return { ...f, location: { ...f.location, constructPath: resource.constructPath, ...(resource.source && !f.location.source ? { source: resource.source } : {}) } };
}

function applyWaivers(f: Finding, meta: RuleMeta, ctx: RuleContext, now: Date, used: Set<object>, out: Finding[]): Finding {
  const policy = ctx.config.policy;
  for (const o of policy.overrides) {
    if (!overrideApplies(o, f)) continue;
    used.add(o);
    const verdict = judgeOverride(o, meta, now);
    if (verdict.apply) return waived(f, { kind: 'override', reason: o.reason, owner: o.owner, expires: o.expires });
    out.push(engineFinding(ENGINE_FINDINGS.waiver, ctx, 'warning', verdict.problem, { ...f.location, specPath: 'policy.overrides' }));
  }
  for (const s of policy.suppressions) {
    if (!suppressionApplies(s, f)) continue;
    used.add(s);
    const verdict = judgeSuppression(s, meta, now);
    if (verdict.apply) return waived(f, { kind: 'suppression', reason: s.reason, owner: s.owner, expires: s.expires });
    // Suppressing a hard rule is a mistake worth stopping for; an expired one is a warning.
    out.push(engineFinding(ENGINE_FINDINGS.waiver, ctx, meta.enforcement === 'hard' ? 'error' : 'warning', verdict.problem, { ...f.location, specPath: 'policy.suppressions' }));
  }
  return f;
}

function waived(f: Finding, waiver: AppliedWaiver): Finding {
  return { ...f, outcome: 'suppressed', blocking: false, waiver };
}

function finding(meta: RuleMeta, ctx: RuleContext, severity: Severity, check: Check): Finding {
  const blocking = severity === 'error' && (check.outcome === 'fail' || (check.outcome === 'unknown' && meta.unknownBlocks === true));
  return {
    ruleId: meta.id,
    title: meta.title,
    stage: meta.stage,
    environment: ctx.config.name,
    outcome: check.outcome,
    severity,
    enforcement: meta.enforcement,
    blocking,
    message: check.message,
    location: check.location,
    remediation: meta.remediation,
  };
}

function engineFinding(ruleId: string, ctx: RuleContext, severity: Severity, message: string, location: Location): Finding {
  return {
    ruleId,
    title: ruleId === ENGINE_FINDINGS.waiver ? 'Suppressions and overrides are valid and used' : 'Severity settings are valid',
    stage: ctx.stage as Stage,
    environment: ctx.config.name,
    outcome: 'fail',
    severity,
    enforcement: 'hard',
    blocking: severity === 'error',
    message,
    location,
    remediation: 'Fix or remove the entry in the policy section of app.ts.',
  };
}

function withSpecSource(f: Finding, locate: NonNullable<EvaluateOptions['locateSpecPath']>): Finding {
  if (f.location.source || !f.location.specPath) return f;
  const source = locate(f.location.specPath);
  return source ? { ...f, location: { ...f.location, source } } : f;
}

export function reportOf(ctx: Pick<RuleContext, 'config'>, stages: readonly Stage[], findings: readonly Finding[]): Report {
  return { environment: ctx.config.name, tier: ctx.config.tier, target: ctx.config.target.kind, stages, findings };
}

export function isBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.blocking);
}
