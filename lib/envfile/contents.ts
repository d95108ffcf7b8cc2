/**
 * The plain contents of an environment file and the operations on them (pure, no I/O):
 * pin, rollback (like `cd -`), secrets set/unset. History is most recent first, deduplicated, capped.
 */
import { SopsError } from '../sops';

export const HISTORY_LIMIT = 20;
export const SECRET_NAME_RE = /^[A-Z_][A-Z0-9_]*$/;

export interface EnvironmentContents {
  /** service -> pinned image reference. */
  pins: Record<string, string>;
  /** service -> previous images, most recent first (never contains the current pin). */
  history: Record<string, string[]>;
  /** NAME -> value (names match {@link SECRET_NAME_RE}). */
  secrets: Record<string, string>;
}

/** Errors about environment files (bad contents, refused writes, unknown service, ...). */
export class EnvironmentFileError extends SopsError {}

export function emptyContents(): EnvironmentContents {
  return { pins: {}, history: {}, secrets: {} };
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

export const SERVICE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkService(service: string): void {
  if (typeof service !== 'string' || !SERVICE_NAME_RE.test(service)) {
    throw new EnvironmentFileError(`invalid service name ${JSON.stringify(service)}: names must match ${SERVICE_NAME_RE.source}`);
  }
}

function checkImage(image: string, service: string): void {
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    throw new EnvironmentFileError(`invalid image for ${service}: ${JSON.stringify(image)}`);
  }
}

/**
 * Pins `service` to `image`: the current pin moves to the front of the history (which drops `image`
 * and duplicates, and keeps {@link HISTORY_LIMIT} entries). Pinning the current image is a no-op.
 */
export function pin(c: EnvironmentContents, service: string, image: string): void {
  checkService(service);
  checkImage(image, service);
  const current = c.pins[service];
  if (current === image) return;
  const rest = (c.history[service] ?? []).filter((x) => x !== image && x !== current);
  const history = dedupe(current === undefined ? rest : [current, ...rest]).slice(0, HISTORY_LIMIT);
  if (history.length) c.history[service] = history;
  else delete c.history[service];
  c.pins[service] = image;
}

/**
 * Rolls `service` back to `to`, or to the most recent history entry, and returns the new pin. Since
 * the replaced pin becomes the newest history entry, two rollbacks in a row toggle (like `cd -`).
 */
export function rollback(c: EnvironmentContents, service: string, to?: string): string {
  checkService(service);
  const history = c.history[service] ?? [];
  if (c.pins[service] === undefined && history.length === 0) {
    const known = Object.keys(c.pins);
    throw new EnvironmentFileError(`service ${JSON.stringify(service)} is not pinned (pinned services: ${known.length ? known.join(', ') : 'none'})`);
  }
  let target: string;
  if (to === undefined) {
    if (history.length === 0) throw new EnvironmentFileError(`${service} has no pin history: nothing to roll back to (current pin ${c.pins[service]})`);
    target = history[0]!;
  } else {
    if (!history.includes(to)) {
      const list = history.length ? history.map((h) => `\n  - ${h}`).join('') : ' (empty)';
      throw new EnvironmentFileError(`${to} is not in the pin history of ${service}; the history is:${list}`);
    }
    target = to;
  }
  pin(c, service, target);
  return target;
}

export function checkSecretName(name: string): void {
  if (!SECRET_NAME_RE.test(name)) {
    throw new EnvironmentFileError(`invalid secret name ${JSON.stringify(name)}: names must match ${SECRET_NAME_RE.source} (e.g. POSTGRES_PASSWORD)`);
  }
}

export function setSecret(c: EnvironmentContents, name: string, value: string): void {
  checkSecretName(name);
  if (typeof value !== 'string') throw new EnvironmentFileError(`secret ${name} must be a string`);
  c.secrets[name] = value;
}

/** Removes a secret; throws if it is not set. */
export function unsetSecret(c: EnvironmentContents, name: string): void {
  if (!Object.prototype.hasOwnProperty.call(c.secrets, name)) {
    const names = Object.keys(c.secrets);
    throw new EnvironmentFileError(`secret ${name} is not set (secrets: ${names.length ? names.join(', ') : 'none'})`);
  }
  delete c.secrets[name];
}

/** Validates contents (types, names, history invariants) and returns a normalised copy. */
export function normalizeContents(c: EnvironmentContents): EnvironmentContents {
  const out = emptyContents();
  for (const [s, img] of Object.entries(c.pins ?? {})) {
    checkService(s);
    checkImage(img, s);
    out.pins[s] = img;
  }
  for (const [s, h] of Object.entries(c.history ?? {})) {
    checkService(s);
    if (!Array.isArray(h)) throw new EnvironmentFileError(`pin history of ${s} must be a list`);
    h.forEach((img) => checkImage(img, s));
    const clean = dedupe(h.filter((x) => x !== out.pins[s])).slice(0, HISTORY_LIMIT);
    if (clean.length) out.history[s] = clean;
  }
  for (const [n, v] of Object.entries(c.secrets ?? {})) {
    checkSecretName(n);
    if (typeof v !== 'string') throw new EnvironmentFileError(`secret ${n} must be a string`);
    out.secrets[n] = v;
  }
  return out;
}
