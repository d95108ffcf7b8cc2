/**
 * Errors raised by the GitHub REST calls. `exitCode` follows the CLI convention (lib/cli/errors.ts, duck typed):
 * 2 for usage/configuration problems (no token, a rejected token, no such pull request, a body over the limit),
 * 1 when GitHub refused or failed the operation (permissions, validation, rate limit, server or network failure).
 */
export type GitHubErrorKind =
  | 'missing-token'
  | 'bad-input'
  | 'body-too-long'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'http';

export interface GitHubErrorOptions {
  exitCode: 1 | 2;
  status?: number;
  documentationUrl?: string;
  cause?: unknown;
}

export class GitHubError extends Error {
  override readonly name = 'GitHubError';
  readonly kind: GitHubErrorKind;
  readonly exitCode: 1 | 2;
  readonly status: number | undefined;
  readonly documentationUrl: string | undefined;

  constructor(kind: GitHubErrorKind, message: string, options: GitHubErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.exitCode = options.exitCode;
    this.status = options.status;
    this.documentationUrl = options.documentationUrl;
  }
}
