import type { Report } from '../types';
import { countFindings } from './summary';

/** Machine output. formatVersion follows Terraform's promise: a minor bump only adds fields. */
export function renderJson(reports: readonly Report[]): string {
  return `${JSON.stringify(
    {
      formatVersion: '1.0',
      tool: 'pinstack',
      blocking: reports.some((r) => r.findings.some((f) => f.blocking)),
      environments: reports.map((r) => ({
        environment: r.environment,
        tier: r.tier,
        target: r.target,
        stages: r.stages,
        counts: countFindings(r.findings),
        findings: r.findings,
      })),
    },
    null,
    2,
  )}\n`;
}
