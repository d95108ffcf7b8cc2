import type { EnvironmentConfig, TargetKind, Tier } from '../config';
import type { EnvironmentModel } from '../model';
import type { PlanView } from '../lib/tfjson/plan';
import type { StackView } from '../lib/tfjson/stack';

export type Stage = 'spec' | 'synth' | 'plan';
export type Severity = 'error' | 'warning' | 'info' | 'off';
/** hard: never suppressible; soft: suppressible with a reason and an expiry; advisory: informs only. */
export type Enforcement = 'hard' | 'soft' | 'advisory';
export type Outcome = 'pass' | 'fail' | 'not-applicable' | 'unknown' | 'suppressed';
export type Category = 'security' | 'reliability' | 'operability' | 'cost';

export interface RuleMeta {
  /** e.g. SPEC-IMG-001, AWS-RDS-001, PLAN-001. */
  readonly id: string;
  readonly title: string;
  readonly stage: Stage;
  /** Targets the rule applies to; all when omitted. */
  readonly targets?: readonly TargetKind[];
  readonly category: Category;
  /** Why it matters. */
  readonly rationale: string;
  /** What to do about a failure. */
  readonly remediation: string;
  readonly severity: Readonly<Record<Tier, Severity>>;
  readonly enforcement: Enforcement;
  /** The same intent in other tools (Checkov, cdk-nag, Kyverno, Trivy, ...). */
  readonly anchors: readonly string[];
  /** An `unknown` result blocks like a failure in tiers where the severity is error. */
  readonly unknownBlocks?: boolean;
  /** A hard rule that a reviewed, expiring plan override (policy.overrides) may let through for one address. */
  readonly overridable?: boolean;
}

/** Where a finding points: as many of these as are known. */
export interface Location {
  /** Path in the app spec, e.g. services.web.image. */
  readonly specPath?: string;
  /** cdktf construct path, e.g. prod/Postgres/Resource. */
  readonly constructPath?: string;
  /** Terraform address, e.g. aws_db_instance.Postgres_Resource_1A2B3C4D. */
  readonly address?: string;
  /** TypeScript file and line (app.ts for spec findings; the construct's creation site for synth findings). */
  readonly source?: { readonly file: string; readonly line: number };
}

/** What a rule says about one thing it looked at. */
export interface Check {
  readonly outcome: 'pass' | 'fail' | 'not-applicable' | 'unknown';
  readonly message: string;
  readonly location: Location;
}

export interface RuleContextBase {
  readonly config: EnvironmentConfig;
  readonly model: EnvironmentModel;
}
export interface SpecContext extends RuleContextBase {
  readonly stage: 'spec';
}
export interface SynthContext extends RuleContextBase {
  readonly stage: 'synth';
  readonly stack: StackView;
}
export interface PlanContext extends RuleContextBase {
  readonly stage: 'plan';
  readonly plan: PlanView;
  /** The synthesized stack the plan came from, to map addresses to construct paths (when available). */
  readonly stack?: StackView;
}
export type RuleContext = SpecContext | SynthContext | PlanContext;

export type ContextOf<S extends Stage> = Extract<RuleContext, { stage: S }>;

export interface StageRule<S extends Stage> {
  readonly meta: RuleMeta & { readonly stage: S };
  /** Pure: looks at the context, returns one check per thing inspected (none = not applicable). */
  check(ctx: ContextOf<S>): readonly Check[];
}

/** A rule of any stage. */
export type Rule = StageRule<'spec'> | StageRule<'synth'> | StageRule<'plan'>;

export interface AppliedWaiver {
  readonly kind: 'suppression' | 'override';
  readonly reason: string;
  readonly owner: string;
  readonly expires: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly title: string;
  readonly stage: Stage;
  readonly environment: string;
  readonly outcome: Outcome;
  /** Severity in this environment's tier (after policy.severities). */
  readonly severity: Severity;
  readonly enforcement: Enforcement;
  /** Stops synth / check / deploy. */
  readonly blocking: boolean;
  readonly message: string;
  readonly location: Location;
  readonly remediation: string;
  readonly waiver?: AppliedWaiver;
}

export interface Report {
  readonly environment: string;
  readonly tier: Tier;
  readonly target: TargetKind;
  readonly stages: readonly Stage[];
  readonly findings: readonly Finding[];
}
