import type { PlanSummaryFile, StackSummary } from './summary';

export interface ReviewComparison {
  /** The plan is the one reviewed (same digest). */
  readonly identical: boolean;
  /** Deletes and replaces the reviewed plan did not have: deploy refuses these. */
  readonly unreviewedRisk: readonly string[];
}

/**
 * Compares a fresh plan with the reviewed one, tolerantly: a plan may differ in harmless ways (a new image
 * tag built by the same merge, an added resource), never by a delete or replace no reviewer saw.
 */
export function compareWithReviewed(current: Pick<StackSummary, 'digest' | 'risky'>, reviewed: Pick<StackSummary, 'digest' | 'risky'>): ReviewComparison {
  const seen = new Set(reviewed.risky ?? []);
  return {
    identical: current.digest !== undefined && current.digest === reviewed.digest,
    unreviewedRisk: (current.risky ?? []).filter((r) => !seen.has(r)),
  };
}

/** The stack's entry in a summary.json, or undefined. */
export function stackOf(file: PlanSummaryFile, stack: string): StackSummary | undefined {
  return file.stacks.find((s) => s.stack === stack);
}

/** Reads the reviewed plan's summary, refusing anything that is not a pinstack summary.json. */
export function parseSummaryFile(text: string, source: string): PlanSummaryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw Object.assign(new Error(`${source}: not JSON (${(err as Error).message}); expected the summary.json of \`pinstack plan\``), { exitCode: 2 });
  }
  const f = json as Partial<PlanSummaryFile>;
  if (f.formatVersion !== '1.0' || !Array.isArray(f.stacks)) {
    throw Object.assign(new Error(`${source}: expected the summary.json of \`pinstack plan\` (formatVersion 1.0 with stacks)`), { exitCode: 2 });
  }
  return f as PlanSummaryFile;
}
