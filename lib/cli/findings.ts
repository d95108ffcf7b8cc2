import type { Finding } from '../../policies/types';

/** One line per finding: `ERROR  SPEC-IMG-002  prod  services.web.image: message`. */
export function formatFindingLine(f: Finding): string {
  const level = f.outcome === 'suppressed' ? 'SUPPRESSED' : f.blocking ? 'ERROR' : f.severity.toUpperCase();
  const at = f.location.specPath ?? f.location.constructPath ?? f.location.address;
  return `${level.padEnd(10)} ${f.ruleId.padEnd(14)} ${f.environment.padEnd(8)} ${at ? `${at}: ` : ''}${f.message}`;
}
