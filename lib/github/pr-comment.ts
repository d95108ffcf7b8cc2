import { STATUS_CODES } from 'node:http';
import { normalizeApiUrl } from './env';
import { GitHubError } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** GitHub refuses issue/PR comment bodies longer than this many characters. */
export const GITHUB_COMMENT_BODY_LIMIT = 65_536;

/**
 * The hidden marker of pinstack's plan comment. Deliberately carries no version and no option,
 * so that a comment posted by any pinstack version is found and updated by any later one.
 */
export const PLAN_COMMENT_MARKER = '<!-- pinstack:plan -->';

export const GITHUB_API_VERSION = '2022-11-28';

/** The REST shape of an issue comment (only the fields pinstack reads). */
export interface IssueComment {
  id: number;
  node_id?: string;
  url?: string;
  html_url: string;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at?: string;
}

export interface UpsertPrCommentOptions {
  owner: string;
  repo: string;
  /** Pull request number (a pull request is an issue for the comments API). */
  pr: number;
  /** Markdown body. The marker is prepended when the body does not contain it. */
  body: string;
  /** Hidden HTML comment identifying the comment, e.g. PLAN_COMMENT_MARKER. */
  marker: string;
  token: string;
  fetch?: FetchLike;
  /** Default https://api.github.com; GITHUB_API_URL on GHES (see githubApiUrlFromEnv). */
  apiUrl?: string;
  /** Login the token acts as (e.g. `github-actions[bot]`): its comments are preferred, like bot comments. */
  authorLogin?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a rate limit (and, for reads, a 502/503/504 or a network error). Default 3. */
  maxRetries?: number;
  /** A single wait GitHub asks for (retry-after, x-ratelimit-reset) longer than this fails at once. Default 120 s. */
  maxRetryDelayMs?: number;
  now?: () => Date;
  userAgent?: string;
}

export interface UpsertPrCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  /** The comment's html_url. */
  url: string;
}

const MAX_PAGES = 100;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws unless `marker` is a plain hidden HTML comment without a version or options in it. */
export function validateMarker(marker: string): void {
  if (!/^<!--\s*[A-Za-z0-9][A-Za-z0-9:_./-]*\s*-->$/.test(marker)) {
    throw new GitHubError('bad-input', `invalid comment marker ${JSON.stringify(marker)}: expected a hidden HTML comment such as ${PLAN_COMMENT_MARKER}`, {
      exitCode: 2,
    });
  }
  if (/\d+\.\d+/.test(marker)) {
    throw new GitHubError(
      'bad-input',
      `invalid comment marker ${JSON.stringify(marker)}: it must not contain a version, or an upgrade would post a second comment instead of updating the first`,
      { exitCode: 2 },
    );
  }
}

/** Length as GitHub counts it (characters, not UTF-16 units). */
export function commentLength(body: string): number {
  return Array.from(body).length;
}

/** The body as posted: with the marker (prepended when missing). */
export function withMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

function sameBody(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/**
 * Picks the comment to update among those containing the marker: comments by a bot (`user.type == "Bot"`)
 * or by `authorLogin` first, then the most recent (created_at, then id).
 */
export function findMarkedComment(comments: readonly IssueComment[], marker: string, authorLogin?: string): IssueComment | null {
  const matches = comments.filter((c) => typeof c.body === 'string' && c.body.includes(marker));
  if (matches.length === 0) return null;
  const login = authorLogin?.toLowerCase();
  const preferred = matches.filter((c) => c.user?.type === 'Bot' || (login !== undefined && c.user?.login.toLowerCase() === login));
  const pool = preferred.length > 0 ? preferred : matches;
  return pool.reduce((best, c) => {
    const byTime = Date.parse(c.created_at) - Date.parse(best.created_at);
    if (byTime > 0 || (byTime === 0 && c.id > best.id) || (Number.isNaN(byTime) && c.id > best.id)) return c;
    return best;
  });
}

/** `rel="next"` of a `Link` header. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const m of link.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(m[2] as string)?.[1];
    if (rel?.split(/\s+/).includes('next')) return m[1] as string;
  }
  return null;
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: unknown;
  /** For messages: "list the comments of acme/web#12". */
  what: string;
  on404: (message: string) => GitHubError;
}

interface CallResult {
  body: unknown;
  headers: Headers;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorMessage(body: unknown): { message: string; documentationUrl: string | undefined; validation: string[] } {
  if (!isObject(body)) return { message: '', documentationUrl: undefined, validation: [] };
  const validation: string[] = [];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (typeof e === 'string') validation.push(e);
      else if (isObject(e)) {
        if (typeof e.message === 'string') validation.push(e.message);
        else validation.push([e.resource, e.field, e.code].filter((x) => typeof x === 'string').join(' '));
      }
    }
  }
  return {
    message: typeof body.message === 'string' ? body.message : '',
    documentationUrl: typeof body.documentation_url === 'string' ? body.documentation_url : undefined,
    validation: validation.filter((v) => v !== ''),
  };
}

class GitHubRest {
  private readonly fetchImpl: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly token: string,
    private readonly userAgent: string,
    options: Pick<UpsertPrCommentOptions, 'fetch' | 'sleep' | 'maxRetries' | 'maxRetryDelayMs' | 'now'>,
  ) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = Math.max(0, options.maxRetries ?? 3);
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 120_000;
    this.now = options.now ?? (() => new Date());
  }

  async call(call: Call): Promise<CallResult> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': GITHUB_API_VERSION,
      'User-Agent': this.userAgent,
    };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method: call.method, headers, ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }) };
    const isRead = call.method === 'GET';

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.maxRetries;
      let res: Response;
      try {
        res = await this.fetchImpl(call.url, init);
      } catch (err) {
        if (isRead && canRetry) {
          await this.sleep(this.backoff(1000, attempt));
          continue;
        }
        const reason = err instanceof Error ? ((err.cause instanceof Error ? err.cause.message : '') || err.message) : String(err);
        throw new GitHubError('network', `cannot reach ${new URL(call.url).host} to ${call.what}: ${reason}`, { exitCode: 1, cause: err });
      }

      const text = await res.text().catch(() => '');
      let body: unknown = undefined;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
      if (res.ok) {
        if (body === undefined) throw new GitHubError('bad-response', `unexpected response from GitHub to ${call.what}: not JSON`, { exitCode: 1, status: res.status });
        return { body, headers: res.headers };
      }

      const { message, documentationUrl, validation } = errorMessage(body);
      if (this.isRateLimited(res, message)) {
        const wait = this.rateLimitWait(res.headers, attempt);
        if (!canRetry) {
          throw new GitHubError('rate-limited', `GitHub rate limit on ${call.what} (${res.status}${message ? `: ${message}` : ''}), still limited after ${this.maxRetries} retries`, {
            exitCode: 1,
            status: res.status,
            documentationUrl,
          });
        }
        if (wait.fromServer && wait.ms > this.maxRetryDelayMs) {
          const at = new Date(this.now().getTime() + wait.ms).toISOString();
          throw new GitHubError('rate-limited', `GitHub rate limit on ${call.what} (${res.status}${message ? `: ${message}` : ''}): retry after ${at}`, {
            exitCode: 1,
            status: res.status,
            documentationUrl,
          });
        }
        await this.sleep(Math.min(wait.ms, this.maxRetryDelayMs));
        continue;
      }
      if (isRead && canRetry && (res.status === 502 || res.status === 503 || res.status === 504)) {
        await this.sleep(this.backoff(1000, attempt));
        continue;
      }
      throw this.httpError(call, res, message, documentationUrl, validation);
    }
  }

  private backoff(baseMs: number, attempt: number): number {
    return Math.min(this.maxRetryDelayMs, baseMs * 2 ** attempt);
  }

  /** Primary (x-ratelimit-remaining: 0) or secondary (retry-after, or the message says so) rate limit: 403 or 429. */
  private isRateLimited(res: Response, message: string): boolean {
    if (res.status === 429) return true;
    if (res.status !== 403) return false;
    return res.headers.has('retry-after') || res.headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(message);
  }

  /** GitHub's rules: retry-after seconds; else, with no requests left, x-ratelimit-reset (epoch s); else at least a minute, growing. */
  private rateLimitWait(headers: Headers, attempt: number): { ms: number; fromServer: boolean } {
    const retryAfter = headers.get('retry-after')?.trim();
    if (retryAfter && /^\d+$/.test(retryAfter)) return { ms: Number(retryAfter) * 1000, fromServer: true };
    const reset = headers.get('x-ratelimit-reset')?.trim();
    if (headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) {
      return { ms: Math.max(0, Number(reset) * 1000 - this.now().getTime()), fromServer: true };
    }
    return { ms: this.backoff(60_000, attempt), fromServer: false };
  }

  private httpError(call: Call, res: Response, message: string, documentationUrl: string | undefined, validation: string[]): GitHubError {
    const status = res.status;
    const said = message ? `${status}: ${message}` : `${status}`;
    const opts = { status, documentationUrl };
    switch (status) {
      case 401:
        return new GitHubError('unauthorized', `GitHub rejected the token (${said}) when trying to ${call.what}: check GITHUB_TOKEN`, { exitCode: 2, ...opts });
      case 403:
        return new GitHubError(
          'forbidden',
          `GitHub refused to ${call.what} (${said}): the token lacks permission; give the workflow job ` +
            '`permissions: pull-requests: write` (or `issues: write`); pull requests from forks only get a read-only GITHUB_TOKEN',
          { exitCode: 1, ...opts },
        );
      case 404:
        return call.on404(said);
      case 422:
        return new GitHubError(
          'validation',
          `GitHub rejected the comment (${said})${validation.length > 0 ? `: ${validation.join('; ')}` : ''}`,
          { exitCode: 1, ...opts },
        );
      default:
        if (status >= 500) {
          return new GitHubError('server', `GitHub API failure on ${call.what}: ${status} ${res.statusText || STATUS_CODES[status] || 'server error'}${message ? `: ${message}` : ''}`, {
            exitCode: 1,
            ...opts,
          });
        }
        return new GitHubError('http', `GitHub refused to ${call.what} (${said})`, { exitCode: 1, ...opts });
    }
  }
}

function toComment(value: unknown, what: string): IssueComment {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.html_url !== 'string') {
    throw new GitHubError('bad-response', `unexpected response from GitHub to ${what}: not an issue comment`, { exitCode: 1 });
  }
  return value as unknown as IssueComment;
}

/**
 * Creates or updates THE comment of a pull request carrying `marker`: lists the comments (all pages),
 * updates the marked one when its body differs, leaves it alone when identical, creates one when none.
 */
export async function upsertPrComment(options: UpsertPrCommentOptions): Promise<UpsertPrCommentResult> {
  const { owner, repo, pr, marker } = options;
  const token = options.token?.trim();
  if (!token) throw new GitHubError('missing-token', 'no GitHub token: set GITHUB_TOKEN (the workflow token needs pull-requests: write)', { exitCode: 2 });
  if (!/^[A-Za-z0-9_-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(repo)) {
    throw new GitHubError('bad-input', `invalid repository "${owner}/${repo}": expected owner/repo`, { exitCode: 2 });
  }
  if (!Number.isSafeInteger(pr) || pr <= 0) throw new GitHubError('bad-input', `invalid pull request number ${String(pr)}`, { exitCode: 2 });
  validateMarker(marker);
  const body = withMarker(options.body, marker);
  const length = commentLength(body);
  if (length > GITHUB_COMMENT_BODY_LIMIT) {
    throw new GitHubError(
      'body-too-long',
      `comment body is ${length} characters, over GitHub's limit of ${GITHUB_COMMENT_BODY_LIMIT}: shorten the plan summary (e.g. link to the full plan instead)`,
      { exitCode: 2 },
    );
  }

  const apiUrl = normalizeApiUrl(options.apiUrl);
  const apiOrigin = new URL(apiUrl).origin;
  const rest = new GitHubRest(token, options.userAgent ?? 'pinstack', options);
  const ref = `${owner}/${repo}#${pr}`;
  const repoPath = `${apiUrl}/repos/${owner}/${repo}`;
  const noSuchPr = (said: string): GitHubError =>
    new GitHubError('not-found', `no pull request ${ref} (${said}), or the token cannot see ${owner}/${repo}`, { exitCode: 2, status: 404 });

  const comments: IssueComment[] = [];
  let url: string | null = `${repoPath}/issues/${pr}/comments?per_page=100`;
  const seen = new Set<string>();
  while (url) {
    if (seen.size >= MAX_PAGES || seen.has(url)) {
      throw new GitHubError('bad-response', `GitHub returned more than ${MAX_PAGES} pages (or a pagination loop) of comments on ${ref}`, { exitCode: 1 });
    }
    seen.add(url);
    const page: CallResult = await rest.call({ method: 'GET', url, what: `list the comments of ${ref}`, on404: noSuchPr });
    if (!Array.isArray(page.body)) throw new GitHubError('bad-response', `unexpected response from GitHub listing the comments of ${ref}: not a list`, { exitCode: 1 });
    for (const c of page.body) comments.push(toComment(c, `list the comments of ${ref}`));
    const next = nextLink(page.headers.get('link'));
    if (next && new URL(next).origin !== apiOrigin) {
      throw new GitHubError('bad-response', `GitHub pagination pointed to another host (${new URL(next).host}): refusing to send the token there`, { exitCode: 1 });
    }
    url = next;
  }

  const existing = findMarkedComment(comments, marker, options.authorLogin);
  if (existing && sameBody(existing.body ?? '', body)) {
    return { action: 'unchanged', id: existing.id, url: existing.html_url };
  }
  if (existing) {
    const res = await rest.call({
      method: 'PATCH',
      url: `${repoPath}/issues/comments/${existing.id}`,
      body: { body },
      what: `update comment ${existing.id} on ${ref}`,
      on404: (said) =>
        new GitHubError('not-found', `comment ${existing.id} on ${ref} disappeared before it could be updated (${said}): run again`, { exitCode: 1, status: 404 }),
    });
    const updated = toComment(res.body, `update comment ${existing.id} on ${ref}`);
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const res = await rest.call({ method: 'POST', url: `${repoPath}/issues/${pr}/comments`, body: { body }, what: `comment on ${ref}`, on404: noSuchPr });
  const created = toComment(res.body, `comment on ${ref}`);
  return { action: 'created', id: created.id, url: created.html_url };
}
