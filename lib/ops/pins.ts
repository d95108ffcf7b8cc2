import { parse } from 'yaml';

/** A service whose pin differs from the one at the reference (a git ref). */
export interface PinChange {
  readonly service: string;
  /** The pin at the reference; undefined when the service was not pinned there. */
  readonly before?: string;
  readonly current: string;
}

/** A rollback to do: `service` from its current pin back to `to` (the pin at the reference). */
export interface RollbackStep {
  readonly service: string;
  readonly from: string;
  readonly to: string;
}

/** A changed service that cannot be rolled back, and why. */
export interface RollbackProblem {
  readonly service: string;
  readonly reason: string;
}

/**
 * The `pins` map of an environment file's text, read without decryption: pins are plaintext in the SOPS
 * YAML (covered by the MAC, which only a decrypting reader checks). `where` names the text in errors.
 */
export function pinsFromEnvironmentYaml(text: string, where: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${where} is not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${where} is not a pinstack environment file (expected a YAML map with pins)`);
  const pins = (doc as Record<string, unknown>).pins;
  if (pins === undefined || pins === null) return {};
  if (typeof pins !== 'object' || Array.isArray(pins)) throw new Error(`${where}: pins must be a map of service -> image, got ${Array.isArray(pins) ? 'a list' : typeof pins}`);
  const out: Record<string, string> = {};
  for (const [service, image] of Object.entries(pins as Record<string, unknown>)) {
    if (typeof image !== 'string') throw new Error(`${where}: pins.${service} must be a string, got ${image === null ? 'null' : typeof image}`);
    out[service] = image;
  }
  return out;
}

/** Services whose current pin differs from `before` (new services included; removed ones ignored), by name. */
export function changedPins(before: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): PinChange[] {
  return Object.keys(current)
    .sort()
    .filter((s) => before[s] !== current[s])
    .map((service) => ({ service, ...(before[service] !== undefined ? { before: before[service] } : {}), current: current[service]! }));
}

/**
 * What to roll back: every service whose pin changed since the reference goes back to its pin there, which
 * must be in its pin history (as `pinstack rollback <env> <service> --to <image>` requires; right after one
 * `pinstack pin` it is the most recent entry, i.e. what `pinstack rollback <env> <service>` picks).
 * `contents` are the current, MAC-verified pins and history.
 */
export function planRollbacks(
  before: Readonly<Record<string, string>>,
  contents: { readonly pins: Readonly<Record<string, string>>; readonly history: Readonly<Record<string, readonly string[]>> },
  ref: string,
): { steps: RollbackStep[]; problems: RollbackProblem[] } {
  const steps: RollbackStep[] = [];
  const problems: RollbackProblem[] = [];
  for (const change of changedPins(before, contents.pins)) {
    if (change.before === undefined) {
      problems.push({ service: change.service, reason: `was not pinned at ${ref}: nothing to roll back to` });
    } else if (!(contents.history[change.service] ?? []).includes(change.before)) {
      problems.push({ service: change.service, reason: `its pin at ${ref} (${change.before}) is not in its pin history` });
    } else {
      steps.push({ service: change.service, from: change.current, to: change.before });
    }
  }
  return { steps, problems };
}
