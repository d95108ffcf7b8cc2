/**
 * Connection URLs without their credentials, for messages: `postgres://app:s3cret@db:5432/app` ->
 * `postgres://app:***@db:5432/app`. The text is kept as written (no URL normalisation).
 */

import { scrubKnownValues } from '../plan/redact';

export const REDACTED_PASSWORD = '***';

/** `scheme://` then the userinfo, up to the last `@` before the path (a raw `@` in a password included). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;

/** Query parameters that carry credentials (libpq `password`, `sslpassword`; tokens). */
const SECRET_PARAM = /([?&](?:password|passwd|pass|sslpassword|token|auth|access_token)=)[^&#\s]*/gi;

/**
 * Every URL in `text` with the password of its userinfo replaced by `***` (the user name kept: `user:***@host`)
 * and credential query parameters blanked. A userinfo without a `:` is kept only when it looks like a user
 * name; for redis, `redis://secret@host` is the password form, so it is redacted.
 */
export function redactUrl(text: string): string {
  return text
    .replace(USERINFO, (_m, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${REDACTED_PASSWORD}@`;
      if (/^rediss?:\/\/$/i.test(scheme)) return `${scheme}${REDACTED_PASSWORD}@`;
      return `${scheme}${userinfo}@`;
    })
    .replace(SECRET_PARAM, `$1${REDACTED_PASSWORD}`);
}

/**
 * The password in a connection URL (decoded), to scrub from driver messages that might echo it in part.
 * Undefined when the value is not a URL or has no password.
 */
export function urlPassword(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.password) return decodeURIComponent(u.password);
    if (/^rediss?:$/i.test(u.protocol) && u.username) return decodeURIComponent(u.username);
  } catch {
    // not a URL
  }
  return undefined;
}

/**
 * A function that makes a line safe to print: URLs without passwords, then every value of `secrets` (and
 * the password inside each URL-valued secret) replaced, as a last line of defence against a driver message
 * that echoes one.
 */
export function lineScrubber(secrets: Iterable<string>): (line: string) => string {
  const values = new Set<string>();
  for (const v of secrets) {
    values.add(v);
    const password = urlPassword(v);
    if (password) values.add(password);
  }
  return (line) => scrubKnownValues(redactUrl(line), values);
}
