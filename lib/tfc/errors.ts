/**
 * Errors raised by the HCP Terraform / Terraform Enterprise client.
 *
 * `exitCode` follows the CLI convention (see lib/cli/errors.ts, matched by duck typing):
 * - 2: usage or configuration problem (no token, a token the API rejects, an unknown workspace);
 * - 1: the API refused or failed the operation (no permission, a conflict, rate limit, a server or network failure).
 */
export type TfcErrorKind =
  | 'missing-token'
  | 'bad-input'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'http';

export interface TfcErrorOptions {
  exitCode: 1 | 2;
  status?: number;
  /** The JSON:API `errors[]` of the response, each as `title: detail`. */
  details?: string[];
  cause?: unknown;
}

export class TfcError extends Error {
  override readonly name = 'TfcError';
  readonly kind: TfcErrorKind;
  readonly exitCode: 1 | 2;
  readonly status: number | undefined;
  readonly details: string[];

  constructor(kind: TfcErrorKind, message: string, options: TfcErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.exitCode = options.exitCode;
    this.status = options.status;
    this.details = options.details ?? [];
  }
}
