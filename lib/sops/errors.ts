/**
 * One error hierarchy for everything SOPS. Every error names the file (when known) and, for value
 * problems, the path inside the document. `exitCode = 2` makes the CLI report it as a usage error
 * (bad or tampered input), not as a crash.
 */
export interface SopsErrorContext {
  /** File the error is about (as given by the caller). */
  file?: string;
  /** Path of map keys (and list indices) inside the document, e.g. `secrets:SESSION_SECRET`. */
  path?: string;
  cause?: unknown;
}

export class SopsError extends Error {
  readonly exitCode = 2;
  readonly file?: string;
  readonly path?: string;

  constructor(message: string, ctx: SopsErrorContext = {}) {
    super(prefix(ctx.file) + message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = new.target.name;
    this.file = ctx.file;
    this.path = ctx.path;
  }
}

/** The file cannot be parsed, or its `sops` metadata is missing or invalid. */
export class SopsFormatError extends SopsError {}

/** The file uses a SOPS feature this library does not implement (Shamir key groups, PGP-only, ...). */
export class SopsUnsupportedError extends SopsError {}

/** A value cannot be decrypted (wrong AAD, tampered ciphertext, unknown type) or encrypted. */
export class SopsDecryptionError extends SopsError {}

/** The MAC stored in the file does not match the content: the file was modified outside sops. */
export class SopsMacMismatchError extends SopsError {}

/** None of the available age identities can decrypt the data key. */
export class SopsIdentityError extends SopsError {
  constructor(
    message: string,
    ctx: SopsErrorContext & { recipients: string[]; sources: string[] },
  ) {
    super(message, ctx);
    this.recipients = ctx.recipients;
    this.sources = ctx.sources;
  }
  readonly recipients: string[];
  readonly sources: string[];
}

/** A recipient or identity string is not a usable X25519 age key, or a key file is malformed. */
export class SopsKeyError extends SopsError {}

/** The caller asked for something that cannot be done (bad name, refused write, ...). */
export class SopsUsageError extends SopsError {}

function prefix(file: string | undefined): string {
  return file ? `${file}: ` : '';
}
