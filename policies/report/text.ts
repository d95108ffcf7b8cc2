import type { Report } from '../types';
import { countFindings, notable, where } from './summary';

/** Human output: per environment a status line, then its notable findings. */
export function renderText(reports: readonly Report[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const c = countFindings(r.findings);
    const status = c.blocking > 0 ? 'BLOCKED' : 'ok';
    out.push(`${r.environment} (${r.target}, ${r.tier}): ${status} — ${c.pass} passed, ${c.blocking} blocking, ${c.warnings} warnings, ${c.unknown} unknown, ${c.suppressed} suppressed`);
    for (const f of notable(r.findings)) {
      const level = f.outcome === 'suppressed' ? 'suppressed' : f.blocking ? 'ERROR' : f.outcome === 'unknown' ? 'unknown' : f.severity;
      const at = where(f);
      const src = f.location.source ? ` [${f.location.source.file}:${f.location.source.line}]` : '';
      out.push(`  ${level.padEnd(10)} ${f.ruleId.padEnd(14)} ${at ? `${at}: ` : ''}${f.message}${src}`);
      if (f.blocking) out.push(`  ${' '.repeat(10)} ${' '.repeat(14)} fix: ${f.remediation}`);
      if (f.waiver) out.push(`  ${' '.repeat(10)} ${' '.repeat(14)} ${f.waiver.kind} by ${f.waiver.owner} until ${f.waiver.expires}: ${f.waiver.reason}`);
    }
  }
  return `${out.join('\n')}\n`;
}
