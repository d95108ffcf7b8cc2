/**
 * The one PR comment reviewers trust: what changes, what can lose data, which images move, what policy says,
 * then the changed resources in collapsible detail, always within GitHub's comment limit and never printing a
 * secret. Pure: JSON views in, markdown out (no cdktf, no I/O).
 *
 * Order: the hidden marker and plan digests, a title with the overall status, the summary table, the risk
 * section (a CAUTION alert: stateful replaces/deletes with what forces them, weakened protections, construct
 * renames), image pins, policy findings, per-stack `<details>` of the changes, a footer.
 *
 * Size: the whole comment stays within `budget` characters (UTF-16 units, never fewer than GitHub counts). Per
 * stack the detail degrades full diff -> changed attribute names -> addresses -> counts, the largest stack
 * first; the fixed sections shorten their lists only when that is not enough. Units (a diff block, a
 * `<details>`) are kept or dropped whole, never cut.
 */
import { notable } from '../../policies/report/summary';
import type { Finding } from '../../policies/types';
import { GITHUB_COMMENT_BODY_LIMIT, PLAN_COMMENT_MARKER } from '../github/pr-comment';
import { planDigest } from '../plan/fingerprint';
import { type ImageChange, imageChanges } from '../plan/images';
import { scrubKnownValues } from '../plan/redact';
import { type ChangeCounts, countChanges, formatCounts } from '../plan/summary';
import type { PlanView, ResourceChange } from '../tfjson/plan';
import { actionReasonText, addressChurn, describeActions, isStateful, replaceReasons, weakenings } from '../tfjson/risk';
import type { StackView } from '../tfjson/stack';
import { type AttributeDiff, attributeDiff, type DiffRow, maskUrlCredentials } from './diff';
import { code, cut, fenced, prose, safeUrl, text } from './markdown';

export interface CommentStack {
  readonly environment: string;
  readonly tier: string;
  readonly target: string;
  readonly status: 'planned' | 'blocked' | 'error';
  /** From the redacted plan.json (values at sensitive paths are placeholders); a raw plan is safe too. */
  readonly plan?: PlanView;
  /** The stack's cdk.tf.json, for construct paths. */
  readonly stack?: StackView;
  /** Notable findings of every stage (failures, unknowns, suppressions); passes are ignored. */
  readonly findings: readonly Finding[];
  /** Pin history per service, most recent first. */
  readonly history?: Readonly<Record<string, readonly string[]>>;
  readonly error?: string;
}

/** How much of each stack's changes the comment shows, most to least. */
export type DetailLevel = 'full' | 'attributes' | 'addresses' | 'counts';
export const DETAIL_LEVELS: readonly DetailLevel[] = ['full', 'attributes', 'addresses', 'counts'];

export interface RenderOptions {
  /** Maximum length in characters. @default 60_000 (GitHub refuses comments over 65,536) */
  readonly budget?: number;
  /** The full plan (job summary or artifact), linked from the footer and from every shortened section. */
  readonly detailsUrl?: string;
  /** Values scrubbed from the output whatever their place (decrypted secrets of this run). */
  readonly knownSecrets?: Iterable<string>;
  /** The most detail any stack gets (less when the budget requires). @default 'full' */
  readonly detail?: DetailLevel;
}

export interface RenderedComment {
  readonly body: string;
  /** body.length */
  readonly length: number;
  /** The detail each planned stack got. */
  readonly levels: Readonly<Record<string, DetailLevel>>;
  /** Some detail was left out to fit the budget. */
  readonly shortened: boolean;
}

export const DEFAULT_COMMENT_BUDGET = 60_000;

/** The digests line (`<!-- pinstack:digests {"prod":"sha256:…"} -->`): planDigest of each planned stack. */
export const DIGESTS_PREFIX = '<!-- pinstack:digests ';

/** The plan digests a rendered comment carries (what deploy compares later); empty when there are none. */
export function parseCommentDigests(body: string): Record<string, string> {
  const line = body.split(/\r?\n/).find((l) => l.startsWith(DIGESTS_PREFIX));
  if (!line) return {};
  try {
    const parsed = JSON.parse(line.slice(DIGESTS_PREFIX.length).replace(/\s*-->\s*$/, '')) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function renderPlanComment(stacks: readonly CommentStack[], options: RenderOptions = {}): string {
  return renderPlanCommentDetailed(stacks, options).body;
}

// ---------------------------------------------------------------------------------------------------------

type Risk = 'data-loss' | 'disruptive' | 'updates' | 'safe';
const RISK_ICON: Record<Risk, string> = { 'data-loss': '🔴', disruptive: '🟠', updates: '🟡', safe: '🟢' };
const RISK_TEXT: Record<Risk, string> = { 'data-loss': 'data loss possible', disruptive: 'disruptive', updates: 'updates', safe: 'safe' };
const RISK_ORDER: Risk[] = ['data-loss', 'disruptive', 'updates', 'safe'];

type Group = 'replace' | 'delete' | 'update' | 'create';
const GROUPS: ReadonlyArray<{ kind: Group; title: string }> = [
  { kind: 'replace', title: '± Replace' },
  { kind: 'delete', title: '− Delete' },
  { kind: 'update', title: '~ Update' },
  { kind: 'create', title: '+ Create' },
];

const IMAGE_LABEL: Record<ImageChange['direction'], string> = {
  'roll-forward': '⬆️ roll forward',
  'roll-back': '⬇️ roll back',
  new: '🆕 new',
  removed: '➖ removed',
  change: '🔁 changed (no pin history to compare)',
  unknown: '❔ computed during apply, cannot be reviewed here',
};

/** Rows shown per resource in a full diff. */
const MAX_ROWS = 40;
/** Attribute names shown per resource at the `attributes` level. */
const MAX_NAMES = 12;
const VALUE_WIDTH = 100;

interface Caps {
  readonly risk: number;
  readonly images: number;
  readonly findings: number;
  readonly message: number;
}
const CAPS: readonly Caps[] = [
  { risk: 40, images: 30, findings: 40, message: 600 },
  { risk: 15, images: 10, findings: 15, message: 300 },
  { risk: 5, images: 3, findings: 5, message: 200 },
  { risk: 3, images: 0, findings: 0, message: 0 },
  { risk: 0, images: 0, findings: 0, message: 0 },
];

interface Prepared {
  readonly s: CommentStack;
  readonly name: string;
  readonly plan?: PlanView;
  readonly counts?: ChangeCounts;
  /** Managed resources that change, grouped later. */
  readonly changes: readonly ResourceChange[];
  readonly reads: number;
  readonly risk?: Risk;
  readonly notable: readonly Finding[];
  readonly blocking: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly images: readonly ImageChange[];
  readonly digest?: string;
  diff(change: ResourceChange): AttributeDiff;
}

class Context {
  readonly detailsUrl: string | undefined;
  readonly secrets: readonly string[];
  constructor(options: RenderOptions) {
    this.detailsUrl = safeUrl(options.detailsUrl);
    this.secrets = [...new Set(options.knownSecrets ?? [])].filter((s) => typeof s === 'string' && s.length >= 4);
  }
  scrub = (s: string): string => (this.secrets.length ? scrubKnownValues(s, this.secrets) : s);
  /** Free text from findings and errors: masked, scrubbed, escaped, cut. */
  prose(s: string, width: number): string {
    return prose(cut(this.scrub(maskUrlCredentials(s)), width));
  }
  fullPlan(label = 'full plan'): string {
    return this.detailsUrl ? `[${label}](${this.detailsUrl})` : `${label} (the \`pinstack plan\` job summary and its \`plan.json\` artifact)`;
  }
}

function prepare(s: CommentStack, ctx: Context): Prepared {
  const plan = s.plan;
  const changes = plan ? plan.changes.filter((c) => c.mode === 'managed' && c.kind !== 'no-op' && c.kind !== 'read') : [];
  const counts = plan ? countChanges(plan) : undefined;
  let risk: Risk | undefined;
  if (plan) {
    if (changes.some((c) => (c.kind === 'delete' || c.kind === 'replace') && isStateful(c.type))) risk = 'data-loss';
    else if (changes.some((c) => c.kind === 'delete' || c.kind === 'replace')) risk = 'disruptive';
    else if (changes.some((c) => c.kind === 'update')) risk = 'updates';
    else risk = 'safe';
  }
  const found = notable(s.findings);
  const diffs = new Map<ResourceChange, AttributeDiff>();
  return {
    s,
    name: s.environment,
    ...(plan ? { plan } : {}),
    ...(counts ? { counts } : {}),
    changes,
    reads: plan ? plan.changes.filter((c) => c.kind === 'read').length : 0,
    ...(risk ? { risk } : {}),
    notable: found,
    blocking: found.filter((f) => f.blocking).length,
    warnings: found.filter((f) => !f.blocking && (f.outcome === 'fail' || f.outcome === 'unknown')).length,
    suppressed: found.filter((f) => f.outcome === 'suppressed').length,
    images: plan ? imageChanges(plan.changes, s.history ?? {}) : [],
    ...(plan ? { digest: planDigest(plan) } : {}),
    diff(change) {
      let d = diffs.get(change);
      if (!d) {
        d = attributeDiff(change, { width: VALUE_WIDTH, scrub: ctx.scrub });
        diffs.set(change, d);
      }
      return d;
    },
  };
}


function blockedStatus(p: Prepared): boolean {
  return p.s.status === 'blocked' || p.blocking > 0;
}

function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

function constructOf(p: Prepared, address: string): string | undefined {
  return (
    p.s.stack?.byAddress(baseAddress(address))?.constructPath ??
    p.s.findings.find((f) => f.location.address === address && f.location.constructPath)?.location.constructPath
  );
}

/** `` `prod/Postgres/Resource` (`aws_db_instance.Postgres_9DC8BB04`, constructs/aws/postgres.ts:42) `` */
function label(p: Prepared, address: string): string {
  const construct = constructOf(p, address);
  const source = p.s.stack?.byAddress(baseAddress(address))?.source;
  const where = source ? `, ${code(`${source.file}:${source.line}`)}` : '';
  return construct ? `${code(construct)} (${code(address)}${where})` : `${code(address)}${where ? ` (${where.slice(2)})` : ''}`;
}

function policyOn(p: Prepared, address: string): string {
  const rules = [...new Set(p.s.findings.filter((f) => f.blocking && f.location.address === address).map((f) => f.ruleId))];
  return rules.length ? `⛔ blocked by ${rules.map(code).join(', ')}` : '⚠️ no policy blocks it';
}

function transition(row: DiffRow): string {
  return code(`${row.before ?? 'null'} -> ${row.after ?? 'null'}`);
}

// ---------------------------------------------------------------------------------------------------------
// Sections

function header(prepared: readonly Prepared[]): string {
  const digests: Record<string, string> = {};
  for (const p of prepared) if (p.digest) digests[p.name] = p.digest;
  const json = JSON.stringify(digests).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/--/g, '-\\u002d');
  const blocked = prepared.filter(blockedStatus).length;
  const failed = prepared.filter((p) => p.s.status === 'error').length;
  const warned = prepared.filter((p) => p.warnings > 0).length;
  const icon = blocked ? '⛔' : failed ? '❌' : warned ? '⚠️' : '✅';
  const status = [blocked ? 'blocked by policy' : '', failed ? `terraform failed${prepared.length > 1 ? ` (${failed})` : ''}` : ''].filter(Boolean).join(', ') || (warned ? 'planned with warnings' : 'planned');
  const worst = RISK_ORDER.find((r) => prepared.some((p) => p.risk === r));
  const risk = worst && worst !== 'safe' ? ` · ${RISK_ICON[worst]} ${RISK_TEXT[worst]}` : '';
  const n = prepared.length;
  return [PLAN_COMMENT_MARKER, `${DIGESTS_PREFIX}${json} -->`, `## ${icon} pinstack plan: ${status}${risk} (${n} stack${n === 1 ? '' : 's'})`].join('\n');
}

function summaryTable(prepared: readonly Prepared[]): string {
  const rows = ['| Stack | Tier | Target | Changes | Risk | Policy |', '|---|---|---|---|---|---|'];
  for (const p of prepared) {
    const changes = p.counts ? code(formatCounts(p.counts)) : p.s.status === 'blocked' ? 'not planned' : p.s.status === 'error' ? '❌ terraform failed' : '—';
    const risk = p.risk ? `${RISK_ICON[p.risk]} ${p.risk === 'safe' ? (p.changes.length ? 'creates only' : 'no changes') : RISK_TEXT[p.risk]}` : '—';
    let policy = p.blocking ? `⛔ ${p.blocking} blocking` : p.s.status === 'blocked' ? '⛔ blocked' : p.warnings ? `⚠️ ${p.warnings} warning${p.warnings === 1 ? '' : 's'}` : '✅ passed';
    if (p.suppressed) policy += ` · 🔕 ${p.suppressed} suppressed`;
    rows.push(`| ${code(p.name)} | ${text(p.s.tier)} | ${text(p.s.target)} | ${changes} | ${risk} | ${policy} |`);
  }
  return rows.join('\n');
}

interface RiskItem {
  readonly order: number;
  readonly line: string;
}

function riskItems(prepared: readonly Prepared[], ctx: Context): RiskItem[] {
  const items: RiskItem[] = [];
  for (const p of prepared) {
    if (!p.plan) continue;
    const stack = `**${code(p.name)}**`;
    for (const c of p.changes) {
      if (!isStateful(c.type) || (c.kind !== 'replace' && c.kind !== 'delete')) continue;
      if (c.kind === 'replace') {
        const forced = p.diff(c).rows.filter((r) => r.forces);
        let why: string;
        if (forced.length) {
          why = `forced by ${forced
            .slice(0, 3)
            .map((r) => `${code(r.path)} ${transition(r)}`)
            .join(', ')}${forced.length > 3 ? ` and ${forced.length - 3} more` : ''}`;
        } else {
          const reasons = replaceReasons(c);
          why = reasons.length ? `forced by ${reasons.map((r) => code(r.attribute)).join(', ')}` : `because ${ctx.prose(actionReasonText(c.actionReason) ?? 'the plan says so', 200)}`;
        }
        items.push({ order: 0, line: `${stack} ${label(p, c.address)} will be **replaced** (${describeActions(c.actions).replace(/^replace \(|\)$/g, '')}), ${why}: data loss possible. ${policyOn(p, c.address)}.` });
      } else {
        const reason = actionReasonText(c.actionReason);
        items.push({ order: 0, line: `${stack} ${label(p, c.address)} will be **deleted**${reason ? ` (${ctx.prose(reason, 200)})` : ''}: data loss possible. ${policyOn(p, c.address)}.` });
      }
    }
    for (const c of p.changes) {
      const found = weakenings(c);
      if (found.length === 0) continue;
      const list = found.map((w) => `${text(w.what)} (${code(w.attribute)} ${code(ctx.scrub(`${w.before} -> ${w.after}`))})`).join('; ');
      items.push({ order: 1, line: `${stack} ${label(p, c.address)} is weakened ${c.kind === 'update' ? 'in place' : 'by the replacement'}: ${list}. ${policyOn(p, c.address)}.` });
    }
    for (const churn of addressChurn(p.plan.changes)) {
      const old = churn.deleted[0]!;
      const same = churn.sameIdentity ? ` with the same ${code(churn.sameIdentity.attribute)} ${code(ctx.scrub(maskUrlCredentials(churn.sameIdentity.value)))}` : '';
      items.push({
        order: 2,
        line:
          `${stack} address churn: ${label(p, churn.created.address)} is created while ${code(old.address)} is deleted${same}: a renamed construct? ` +
          `Keep the object with a \`moved\` block from ${code(old.address)} to ${code(churn.created.address)} (cdktf: \`moveFromId\` / \`moveTo\`).`,
      });
    }
  }
  return items.sort((a, b) => a.order - b.order);
}

function riskSection(items: readonly RiskItem[], caps: Caps, ctx: Context): string {
  if (items.length === 0) return '';
  const lines = ['> [!CAUTION]', '> **Review before merging: data can be lost or a protection is weakened.**', '>'];
  if (caps.risk === 0) lines.push(`> ${items.length} risky change${items.length === 1 ? '' : 's'} (stateful replaces or deletes, weakened protections, renamed constructs): see the ${ctx.fullPlan()}.`);
  else {
    for (const i of items.slice(0, caps.risk)) lines.push(`> - ${i.line}`);
    if (items.length > caps.risk) lines.push(`> - … and ${items.length - caps.risk} more: see the ${ctx.fullPlan()}.`);
  }
  return lines.join('\n');
}

function imageSection(prepared: readonly Prepared[], caps: Caps, ctx: Context): string {
  const all = prepared.flatMap((p) => p.images.map((i) => ({ p, i })));
  if (all.length === 0) return '';
  const lines = ['### 📦 Images', ''];
  if (caps.images === 0) lines.push(`${all.length} image pin${all.length === 1 ? '' : 's'} change: see the ${ctx.fullPlan()}.`);
  else {
    for (const { p, i } of all.slice(0, caps.images)) {
      const from = i.before !== undefined ? code(ctx.scrub(i.before)) : '—';
      const to = i.direction === 'unknown' ? '(known after apply)' : i.after !== undefined ? code(ctx.scrub(i.after)) : '—';
      const how = IMAGE_LABEL[i.direction];
      lines.push(`- ${code(p.name)} · ${code(i.container)}: ${from} -> ${to} ${how}`);
    }
    if (all.length > caps.images) lines.push(`- … and ${all.length - caps.images} more: see the ${ctx.fullPlan()}.`);
  }
  return lines.join('\n');
}

function findingIcon(f: Finding): string {
  return f.outcome === 'suppressed' ? '🔕' : f.blocking ? '⛔' : f.outcome === 'unknown' ? '❔' : '⚠️';
}

function findingsSection(prepared: readonly Prepared[], caps: Caps, ctx: Context): string {
  const relevant = prepared.filter((p) => p.notable.length > 0 || p.s.status !== 'planned' || p.s.error);
  if (relevant.length === 0) return '';
  const lines = ['### 🛡️ Policy'];
  let budget = caps.findings;
  for (const p of relevant) {
    const parts = [p.blocking ? `⛔ ${p.blocking} blocking` : '', p.warnings ? `⚠️ ${p.warnings} to review` : '', p.suppressed ? `🔕 ${p.suppressed} suppressed` : ''].filter(Boolean);
    const status = p.s.status === 'blocked' ? ' · not planned: blocked before terraform ran' : p.s.status === 'error' ? ' · ❌ terraform failed' : '';
    lines.push('', `**${code(p.name)}**: ${parts.join(' · ') || '✅ no findings'}${status}`, '');
    if (p.s.error) {
      if (caps.message > 0) {
        const errorLines = ctx.scrub(maskUrlCredentials(p.s.error)).split(/\r?\n/).slice(0, 30).map((l) => cut(l, 200));
        lines.push(fenced('text', cut(errorLines.join('\n'), caps.message * 3).split('\n')), '');
      } else lines.push(`terraform failed: see the ${ctx.fullPlan()}.`, '');
    }
    const shown = p.notable.slice(0, Math.max(0, budget));
    budget -= shown.length;
    const fixed = new Set<string>();
    for (const f of shown) {
      const at = f.location.constructPath ?? f.location.address ?? f.location.specPath;
      lines.push(`- ${findingIcon(f)} ${code(f.ruleId)}${at ? ` ${code(ctx.scrub(at))}` : ''}: ${ctx.prose(f.message, caps.message)}${f.waiver ? ` (${f.waiver.kind}: ${ctx.prose(f.waiver.reason, 200)}, until ${text(f.waiver.expires)})` : ''}`);
      if (f.outcome !== 'suppressed' && !fixed.has(f.ruleId) && f.remediation) {
        fixed.add(f.ruleId);
        lines.push(`  - Fix: ${ctx.prose(f.remediation, caps.message)}`);
      }
    }
    const left = p.notable.length - shown.length;
    if (left > 0) lines.push(`- ${shown.length ? '… and ' : ''}${left} ${shown.length ? 'more ' : ''}finding${left === 1 ? '' : 's'}: see the ${ctx.fullPlan()}.`);
  }
  return lines.join('\n');
}

const LEVEL_NOTE: Record<Exclude<DetailLevel, 'full'>, string> = {
  attributes: 'changed attribute names only',
  addresses: 'addresses only',
  counts: 'counts only',
};

function groupOf(c: ResourceChange): Group {
  return c.kind as Group;
}

function sortedGroup(p: Prepared, kind: Group): ResourceChange[] {
  return p.changes
    .filter((c) => groupOf(c) === kind)
    .sort((a, b) => Number(isStateful(b.type)) - Number(isStateful(a.type)) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

function resourceIcon(c: ResourceChange): string {
  if ((c.kind === 'replace' || c.kind === 'delete') && isStateful(c.type)) return '🔴';
  if (c.kind === 'replace' || c.kind === 'delete') return '🟠';
  if (c.kind === 'update') return '🟡';
  return '🟢';
}

function diffBlock(d: AttributeDiff): string | undefined {
  const lines: string[] = [];
  for (const r of d.rows.slice(0, MAX_ROWS)) {
    if (r.before !== undefined) lines.push(`- ${r.path}: ${r.before}`);
    if (r.after !== undefined) lines.push(`+ ${r.path}: ${r.after}${r.forces ? '  # forces replacement' : ''}`);
  }
  if (d.rows.length > MAX_ROWS) lines.push(`# … ${d.rows.length - MAX_ROWS} more changed attributes`);
  if (d.unknown.length) lines.push(`# known after apply: ${cut(d.unknown.join(', '), 300)}`);
  return lines.length ? fenced('diff', lines) : undefined;
}

function extras(p: Prepared): string[] {
  const out: string[] = [];
  if (p.reads) out.push(`_${p.reads} data source${p.reads === 1 ? ' is' : 's are'} read during apply._`);
  if (p.plan?.drift.length) out.push(`_${p.plan.drift.length} resource${p.plan.drift.length === 1 ? '' : 's'} changed outside of Terraform since the last apply (drift)._`);
  const outputs = p.plan?.outputChanges.filter((o) => !(o.actions.length === 1 && o.actions[0] === 'no-op')) ?? [];
  if (outputs.length) out.push(`Outputs: ${outputs.slice(0, 20).map((o) => `${code(o.name)} (${o.actions.join(', ')}${o.sensitive ? ', sensitive' : ''})`).join(', ')}${outputs.length > 20 ? ` and ${outputs.length - 20} more` : ''}.`);
  if (p.plan?.errored) out.push('⚠️ terraform reported the plan as errored: it may be incomplete.');
  return out;
}

function countsLine(p: Prepared): string {
  const c = p.counts!;
  const total = c.add + c.change + c.destroy + c.replace;
  return `${code(formatCounts(c))} · ${total} resource${total === 1 ? '' : 's'}`;
}

function typeBreakdown(p: Prepared): string {
  const parts: string[] = [];
  for (const g of GROUPS) {
    const byType = new Map<string, number>();
    for (const c of p.changes) if (groupOf(c) === g.kind) byType.set(c.type, (byType.get(c.type) ?? 0) + 1);
    if (byType.size === 0) continue;
    const top = [...byType.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    parts.push(`${g.title.slice(2).toLowerCase()}: ${top.slice(0, 6).map(([t, n]) => `${n} × ${code(t)}`).join(', ')}${top.length > 6 ? `, ${top.length - 6} more types` : ''}`);
  }
  return parts.join('; ');
}

/** One stack's changes at a level: a `<details>` (or a line, for no changes and the counts level). */
function stackDetails(p: Prepared, level: DetailLevel, ctx: Context): string {
  if (!p.plan || !p.counts) return '';
  if (p.changes.length === 0) return [`**${code(p.name)}**: no changes.`, ...extras(p)].join(' ');
  if (level === 'counts') {
    const destructive = p.changes.filter((c) => c.kind === 'replace' || c.kind === 'delete');
    const named = destructive.length
      ? ` Replaced or deleted: ${destructive.slice(0, 10).map((c) => `${resourceIcon(c)} ${code(c.address)}`).join(', ')}${destructive.length > 10 ? ` and ${destructive.length - 10} more` : ''}.`
      : '';
    return `**${code(p.name)}** ${countsLine(p)} (${typeBreakdown(p)}).${named} ✂️ Details left out to fit GitHub's comment limit: see the ${ctx.fullPlan()}.`;
  }
  const body: string[] = [];
  if (level !== 'full') body.push(`> [!NOTE]\n> ✂️ Shortened to fit GitHub's comment limit (${LEVEL_NOTE[level]}): see the ${ctx.fullPlan()}.`, '');
  for (const g of GROUPS) {
    const list = sortedGroup(p, g.kind);
    if (list.length === 0) continue;
    body.push(`#### ${g.title} (${list.length})`, '');
    if (level === 'full') {
      for (const c of list) {
        const replaced = c.kind === 'replace' ? ` · ${describeActions(c.actions)}` : '';
        body.push(`${resourceIcon(c)} ${label(p, c.address)}${replaced}${c.previousAddress && c.previousAddress !== c.address ? ` · moved from ${code(c.previousAddress)}` : ''}`, '');
        const block = diffBlock(p.diff(c));
        if (block) body.push(block, '');
      }
      continue;
    }
    for (const c of list) {
      let names = '';
      if (level === 'attributes' && (c.kind === 'update' || c.kind === 'replace')) {
        const d = p.diff(c);
        const paths = [...new Set(d.rows.map((r) => r.path))];
        const shown = paths.slice(0, MAX_NAMES).map((n) => (d.rows.some((r) => r.forces && r.path === n) ? `${code(n)} (forces replacement)` : code(n)));
        if (paths.length > MAX_NAMES) shown.push(`${paths.length - MAX_NAMES} more`);
        if (d.unknown.length) shown.push(`${d.unknown.length} known after apply`);
        if (shown.length) names = `: ${shown.join(', ')}`;
      }
      body.push(`- ${resourceIcon(c)} ${label(p, c.address)}${names}`);
    }
    body.push('');
  }
  body.push(...extras(p).flatMap((l) => [l, '']));
  return [`<details><summary><b>${text(p.name)}</b> · <code>${text(formatCounts(p.counts))}</code> · ${p.changes.length} resource${p.changes.length === 1 ? '' : 's'}</summary>`, '', ...body, '</details>'].join('\n');
}

function footer(prepared: readonly Prepared[], levels: ReadonlyMap<Prepared, DetailLevel>, capsShortened: boolean, ctx: Context): string {
  const total = { add: 0, change: 0, destroy: 0, replace: 0, read: 0, moved: 0, imported: 0 };
  for (const p of prepared) {
    if (!p.counts) continue;
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += p.counts[k];
  }
  const planned = prepared.filter((p) => p.counts).length;
  const resources = total.add + total.change + total.destroy + total.replace;
  const lines = ['---', `📄 Full plan with every attribute: ${ctx.detailsUrl ? `[job summary / artifact](${ctx.detailsUrl})` : 'the `pinstack plan` job summary and its `plan.json` artifact'}.`];
  lines.push(`Σ ${code(formatCounts(total))} · ${resources} resource${resources === 1 ? '' : 's'} in ${planned} planned stack${planned === 1 ? '' : 's'} (+add ~change -destroy ±replace).`);
  const shortened = [...levels.entries()].filter(([, l]) => l !== 'full');
  if (shortened.length || capsShortened) {
    const which = shortened.map(([p, l]) => `${code(p.name)} (${LEVEL_NOTE[l as Exclude<DetailLevel, 'full'>]})`).join(', ');
    lines.push(`✂️ Shortened to fit GitHub's ${GITHUB_COMMENT_BODY_LIMIT.toLocaleString('en-US')}-character comment limit${which ? `: ${which}` : ''}${capsShortened ? `${which ? '; ' : ': '}some lists above are cut` : ''}. See the ${ctx.fullPlan()}.`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Assembly under a budget

function assemble(parts: readonly string[], ctx: Context): string {
  return ctx.scrub(`${parts.filter((s) => s !== '').join('\n\n')}\n`);
}

export function renderPlanCommentDetailed(stacks: readonly CommentStack[], options: RenderOptions = {}): RenderedComment {
  const budget = options.budget ?? DEFAULT_COMMENT_BUDGET;
  if (!Number.isFinite(budget) || budget <= 0) throw new RangeError(`budget must be a positive number of characters, got ${String(options.budget)}`);
  const ctx = new Context(options);
  const prepared = stacks.map((s) => prepare(s, ctx));
  const planned = prepared.filter((p) => p.plan && p.changes.length > 0);
  const start = options.detail ?? 'full';
  const levels = new Map<Prepared, DetailLevel>(prepared.filter((p) => p.plan).map((p) => [p, p.changes.length > 0 ? start : 'full']));
  const details = new Map<string, string>();
  const detailOf = (p: Prepared): string => {
    const level = levels.get(p) ?? 'full';
    const key = `${prepared.indexOf(p)}:${level}`;
    let d = details.get(key);
    if (d === undefined) {
      d = stackDetails(p, level, ctx);
      details.set(key, d);
    }
    return d;
  };
  const head = header(prepared);
  const table = summaryTable(prepared);
  const risks = riskItems(prepared, ctx);

  const render = (caps: Caps, capsShortened: boolean): string => {
    const detailParts = prepared.map(detailOf).filter((d) => d !== '');
    return assemble(
      [
        head,
        table,
        riskSection(risks, caps, ctx),
        imageSection(prepared, caps, ctx),
        findingsSection(prepared, caps, ctx),
        detailParts.length ? ['### 🔍 Changes', ...detailParts].join('\n\n') : '',
        footer(prepared, levels, capsShortened, ctx),
      ],
      ctx,
    );
  };
  const result = (body: string, shortened: boolean): RenderedComment => ({
    body,
    length: body.length,
    levels: Object.fromEntries([...levels.entries()].map(([p, l]) => [p.name, l])),
    shortened: shortened || [...levels.values()].some((l) => l !== 'full'),
  });

  // 1. Degrade per stack, the largest detail first, with the fixed sections whole.
  let body = render(CAPS[0]!, false);
  while (body.length > budget) {
    const candidates = planned.filter((p) => levels.get(p) !== 'counts');
    if (candidates.length === 0) break;
    const largest = candidates.reduce((a, b) => (detailOf(b).length > detailOf(a).length ? b : a));
    levels.set(largest, DETAIL_LEVELS[DETAIL_LEVELS.indexOf(levels.get(largest)!) + 1]!);
    body = render(CAPS[0]!, false);
  }
  if (body.length <= budget) return result(body, false);

  // 2. Then shorten the lists of the fixed sections.
  for (const caps of CAPS.slice(1)) {
    body = render(caps, true);
    if (body.length <= budget) return result(body, true);
  }

  // 3. Too many stacks for even that: the title, the digests and a pointer to the full plan.
  const minimal = assemble(
    [
      head,
      `${prepared.length} stacks: too many to summarise in one comment. ${risks.length ? `⚠️ ${risks.length} risky change${risks.length === 1 ? '' : 's'} (stateful replaces or deletes, weakened protections, renamed constructs). ` : ''}See the ${ctx.fullPlan()}.`,
    ],
    ctx,
  );
  return result(minimal, true);
}
