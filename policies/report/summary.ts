import type { Finding, Report } from '../types';

export interface Counts {
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly suppressed: number;
  readonly notApplicable: number;
  readonly blocking: number;
  readonly warnings: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const count = (pred: (f: Finding) => boolean) => findings.filter(pred).length;
  return {
    pass: count((f) => f.outcome === 'pass'),
    fail: count((f) => f.outcome === 'fail'),
    unknown: count((f) => f.outcome === 'unknown'),
    suppressed: count((f) => f.outcome === 'suppressed'),
    notApplicable: count((f) => f.outcome === 'not-applicable'),
    blocking: count((f) => f.blocking),
    warnings: count((f) => !f.blocking && f.outcome === 'fail' && f.severity === 'warning'),
  };
}

/** Findings worth showing a person: failures, unknowns and suppressions (not passes). */
export function notable(findings: readonly Finding[]): Finding[] {
  const order = (f: Finding) => (f.blocking ? 0 : f.outcome === 'unknown' ? 2 : f.outcome === 'suppressed' ? 3 : f.severity === 'warning' ? 1 : 4);
  return findings.filter((f) => f.outcome === 'fail' || f.outcome === 'unknown' || f.outcome === 'suppressed').sort((a, b) => order(a) - order(b));
}

export function isBlockingReport(reports: readonly Report[]): boolean {
  return reports.some((r) => r.findings.some((f) => f.blocking));
}

export function where(f: Finding): string {
  return f.location.specPath ?? f.location.constructPath ?? f.location.address ?? '';
}
