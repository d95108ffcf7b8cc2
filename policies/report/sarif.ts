import { createHash } from 'node:crypto';
import type { Finding, Report, Rule, Severity } from '../types';

export interface SarifOptions {
  readonly toolVersion: string;
  /** Fallback file for findings without a source line, per environment (the synthesized cdk.tf.json). */
  readonly fallbackUri?: (environment: string) => string;
  readonly informationUri?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note' | 'none'> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };

/**
 * SARIF 2.1.0 for GitHub code scanning: one run per environment (automationDetails keeps per-environment
 * alerts apart), rule metadata in tool.driver.rules, results for failures, unknowns and suppressions.
 */
export function renderSarif(reports: readonly Report[], rules: readonly Rule[], options: SarifOptions): Record<string, unknown> {
  const driverRules = rules.map((r) => ({
    id: r.meta.id,
    name: pascal(r.meta.title),
    shortDescription: { text: r.meta.title },
    fullDescription: { text: r.meta.rationale },
    help: { text: `${r.meta.remediation}\nAnchors: ${r.meta.anchors.join(', ') || 'none'}`, markdown: `${r.meta.remediation}\n\nAnchors: ${r.meta.anchors.map((a) => `\`${a}\``).join(', ') || 'none'}` },
    defaultConfiguration: { level: LEVEL[r.meta.severity.production] },
    properties: {
      tags: [r.meta.category, r.meta.stage, r.meta.enforcement, ...(r.meta.targets ?? [])],
      precision: 'high',
      'security-severity': securitySeverity(r),
    },
  }));
  const index = new Map(driverRules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: reports.map((report) => ({
      tool: { driver: { name: 'pinstack', version: options.toolVersion, informationUri: options.informationUri ?? 'https://github.com/acme/pinstack', rules: driverRules } },
      automationDetails: { id: `pinstack/${report.environment}/` },
      properties: { environment: report.environment, tier: report.tier, target: report.target, stages: report.stages },
      results: report.findings.filter((f) => f.outcome === 'fail' || f.outcome === 'unknown' || f.outcome === 'suppressed').map((f) => result(f, index, options)),
    })),
  };
}

function result(f: Finding, index: Map<string, number>, options: SarifOptions): Record<string, unknown> {
  const uri = f.location.source?.file ?? options.fallbackUri?.(f.environment) ?? 'app.ts';
  const physicalLocation: Record<string, unknown> = { artifactLocation: { uri } };
  if (f.location.source) physicalLocation.region = { startLine: f.location.source.line };
  const logicalLocations = [
    ...(f.location.constructPath ? [{ fullyQualifiedName: f.location.constructPath, kind: 'resource' }] : []),
    ...(f.location.address ? [{ name: f.location.address, kind: 'resource' }] : []),
    ...(f.location.specPath ? [{ fullyQualifiedName: f.location.specPath, kind: 'member' }] : []),
  ];
  const ruleIndex = index.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.outcome === 'unknown' && !f.blocking ? 'note' : LEVEL[f.severity],
    kind: f.outcome === 'unknown' ? 'review' : 'fail',
    message: { text: `${f.environment}: ${f.message}` },
    locations: [{ physicalLocation, ...(logicalLocations.length ? { logicalLocations } : {}) }],
    partialFingerprints: {
      'pinstack/v1': createHash('sha256').update([f.ruleId, f.environment, f.location.constructPath ?? f.location.address ?? f.location.specPath ?? ''].join('|')).digest('hex'),
    },
    ...(f.waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.waiver.reason} (${f.waiver.owner}, until ${f.waiver.expires})` }] } : {}),
    properties: { environment: f.environment, stage: f.stage, blocking: f.blocking, enforcement: f.enforcement },
  };
}

/** GitHub buckets: >= 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low. */
function securitySeverity(r: Rule): string {
  const prod = r.meta.severity.production;
  if (prod === 'error') return r.meta.enforcement === 'hard' ? '9.0' : '7.5';
  if (prod === 'warning') return '5.0';
  return '2.0';
}

function pascal(s: string): string {
  return s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}
