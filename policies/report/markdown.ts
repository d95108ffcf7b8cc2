import type { Report } from '../types';
import { countFindings, notable, where } from './summary';

const ICON = { blocking: '⛔', warning: '⚠️', unknown: '❔', suppressed: '🔕', ok: '✅' } as const;

/** A markdown section for PR comments and job summaries. */
export function renderMarkdown(reports: readonly Report[]): string {
  const lines = ['| Environment | Target | Policy | Passed | Blocking | Warnings | Unknown | Suppressed |', '|---|---|---|---:|---:|---:|---:|---:|'];
  for (const r of reports) {
    const c = countFindings(r.findings);
    const status = c.blocking > 0 ? `${ICON.blocking} blocked` : c.warnings > 0 ? `${ICON.warning} warnings` : `${ICON.ok} ok`;
    lines.push(`| \`${r.environment}\` | ${r.target} | ${status} | ${c.pass} | ${c.blocking} | ${c.warnings} | ${c.unknown} | ${c.suppressed} |`);
  }
  for (const r of reports) {
    const items = notable(r.findings);
    if (items.length === 0) continue;
    lines.push('', `**${r.environment}**`, '');
    for (const f of items) {
      const icon = f.outcome === 'suppressed' ? ICON.suppressed : f.blocking ? ICON.blocking : f.outcome === 'unknown' ? ICON.unknown : ICON.warning;
      const at = where(f);
      lines.push(`- ${icon} \`${f.ruleId}\` ${at ? `\`${escapeMd(at)}\`: ` : ''}${escapeMd(f.message)}${f.waiver ? ` (${f.waiver.kind}: ${escapeMd(f.waiver.reason)}, until ${f.waiver.expires})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function escapeMd(s: string): string {
  return s.replace(/[|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
