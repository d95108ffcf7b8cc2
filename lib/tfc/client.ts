import { STATUS_CODES } from 'node:http';
import { buildLockDiagnosis, type LockDiagnosis } from './diagnose';
import { TfcError } from './errors';
import { jsonApiErrorDetails, parseDocument, resourceList, singleResource, toRun, toWorkspace } from './parse';
import { normalizeTfcHostname } from './token';
import type { FetchLike, TfcRun, TfcWorkspace } from './types';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

export interface TfcClientOptions {
  /** User or team API token (see `tfcTokenFromEnv`). */
  token: string;
  /** `app.terraform.io` (default) or a Terraform Enterprise host. */
  hostname?: string;
  /** Injected in tests; defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Injected in tests; defaults to `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a 429 (and, for reads, after a 502/503/504 or a network error). Default 3. */
  maxRetries?: number;
  /** A single wait longer than this (from `Retry-After`) fails at once instead. Default 60 s. */
  maxRetryDelayMs?: number;
  now?: () => Date;
  userAgent?: string;
}

export interface DiagnoseLockOptions {
  /** How many recent runs to list. Default 5 (max 100, the API's page size limit). */
  runs?: number;
}

type Method = 'GET' | 'POST';

interface RequestSpec {
  method: Method;
  /** Path under /api/v2, with its query string already encoded. */
  path: string;
  body?: unknown;
  /** What the request does, for error messages: "read workspace acme/web". */
  what: string;
  on404?: (details: string[]) => TfcError;
  on409?: (details: string[]) => TfcError;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function withDetails(message: string, details: string[]): string {
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message;
}

/** `Retry-After` (seconds or an HTTP date), else HCP Terraform's `X-RateLimit-Reset` (seconds, may be fractional). */
export function tfcRetryDelayMs(headers: Headers, now: Date): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.ceil(Number(reset) * 1000);
  return null;
}

/** A typed client for the parts of the HCP Terraform / Terraform Enterprise API pinstack uses. */
export class TfcClient {
  readonly hostname: string;
  readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly now: () => Date;
  private readonly userAgent: string;

  constructor(options: TfcClientOptions) {
    this.hostname = normalizeTfcHostname(options.hostname);
    this.baseUrl = `https://${this.hostname}/api/v2`;
    const token = options.token?.trim();
    if (!token) {
      throw new TfcError('missing-token', `no Terraform Cloud API token for ${this.hostname}: set TF_API_TOKEN`, { exitCode: 2 });
    }
    this.token = token;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = Math.max(0, options.maxRetries ?? 3);
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    this.userAgent = options.userAgent ?? 'pinstack';
  }

  /** `GET /organizations/:org/workspaces/:name?include=locked_by,current_run`. */
  async readWorkspace(organization: string, name: string): Promise<TfcWorkspace> {
    const ref = `${organization}/${name}`;
    const body = await this.request({
      method: 'GET',
      path: `/organizations/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(name)}?include=locked_by,current_run`,
      what: `read workspace ${ref}`,
      on404: (details) =>
        new TfcError(
          'not-found',
          withDetails(
            `unknown workspace "${ref}" on ${this.hostname} (404): check the organization name and the workspace prefix ` +
              `(the workspace name is the prefix plus the stack name); HCP Terraform also answers 404 when the token cannot read the workspace`,
            details,
          ),
          { exitCode: 2, status: 404, details },
        ),
    });
    const doc = parseDocument(body, 'show workspace');
    return toWorkspace(singleResource(doc, 'workspaces', 'show workspace'), doc.included);
  }

  /** `GET /workspaces/:id/runs?page[size]=N`: the most recent runs first. */
  async listRuns(workspaceId: string, options: { pageSize?: number } = {}): Promise<TfcRun[]> {
    const size = Math.min(100, Math.max(1, Math.floor(options.pageSize ?? 20)));
    const body = await this.request({
      method: 'GET',
      path: `/workspaces/${encodeURIComponent(workspaceId)}/runs?page%5Bsize%5D=${size}`,
      what: `list runs of workspace ${workspaceId}`,
    });
    const doc = parseDocument(body, 'list runs');
    return resourceList(doc, 'runs', 'list runs').map(toRun);
  }

  /** `GET /runs/:id`. */
  async readRun(runId: string): Promise<TfcRun> {
    const body = await this.request({ method: 'GET', path: `/runs/${encodeURIComponent(runId)}`, what: `read run ${runId}` });
    const doc = parseDocument(body, 'get run');
    return toRun(singleResource(doc, 'runs', 'get run'));
  }

  /** `POST /workspaces/:id/actions/force-unlock` (no body; needs admin access to the workspace). */
  async forceUnlock(workspaceId: string): Promise<TfcWorkspace> {
    const body = await this.request({
      method: 'POST',
      path: `/workspaces/${encodeURIComponent(workspaceId)}/actions/force-unlock`,
      what: `force-unlock workspace ${workspaceId}`,
      on409: (details) =>
        new TfcError('conflict', withDetails(`cannot force-unlock workspace ${workspaceId} (409): it is already unlocked`, details), {
          exitCode: 1,
          status: 409,
          details,
        }),
    });
    const doc = parseDocument(body, 'force-unlock');
    return toWorkspace(singleResource(doc, 'workspaces', 'force-unlock'), doc.included);
  }

  /** `POST /workspaces/:id/actions/unlock` (only the lock holder can unlock; others need force-unlock). */
  async unlock(workspaceId: string): Promise<TfcWorkspace> {
    const body = await this.request({
      method: 'POST',
      path: `/workspaces/${encodeURIComponent(workspaceId)}/actions/unlock`,
      what: `unlock workspace ${workspaceId}`,
      on409: (details) =>
        new TfcError(
          'conflict',
          withDetails(
            `cannot unlock workspace ${workspaceId} (409): it is already unlocked, or locked by a run or by another user or team ` +
              `(cancel or discard the run, or force-unlock with admin access)`,
            details,
          ),
          { exitCode: 1, status: 409, details },
        ),
    });
    const doc = parseDocument(body, 'unlock');
    return toWorkspace(singleResource(doc, 'workspaces', 'unlock'), doc.included);
  }

  /** `POST /runs/:id/actions/cancel`: interrupts a planning or applying run (202, no body back). */
  async cancelRun(runId: string, comment?: string): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/runs/${encodeURIComponent(runId)}/actions/cancel`,
      body: comment === undefined ? undefined : { comment },
      what: `cancel run ${runId}`,
      on409: (details) =>
        new TfcError('conflict', withDetails(`cannot cancel run ${runId} (409): it is not planning or applying`, details), {
          exitCode: 1,
          status: 409,
          details,
        }),
    });
  }

  /** `POST /runs/:id/actions/discard`: drops a run paused for confirmation or priority (202, no body back). */
  async discardRun(runId: string, comment?: string): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/runs/${encodeURIComponent(runId)}/actions/discard`,
      body: comment === undefined ? undefined : { comment },
      what: `discard run ${runId}`,
      on409: (details) =>
        new TfcError(
          'conflict',
          withDetails(`cannot discard run ${runId} (409): it is not paused for confirmation or priority (cancel it if it is running)`, details),
          { exitCode: 1, status: 409, details },
        ),
    });
  }

  /** Reads the workspace (with its lock holder), its recent runs, and says whether unlocking is safe. */
  async diagnoseLock(organization: string, workspace: string, options: DiagnoseLockOptions = {}): Promise<LockDiagnosis> {
    const ws = await this.readWorkspace(organization, workspace);
    const recentRuns = await this.listRuns(ws.id, { pageSize: options.runs ?? 5 });
    const known = (id: string | null): TfcRun | null => (id ? (recentRuns.find((r) => r.id === id) ?? null) : null);

    let holderRun: TfcRun | null = null;
    if (ws.lockedBy?.kind === 'run') holderRun = ws.lockedBy.run ?? known(ws.lockedBy.id) ?? (await this.readRun(ws.lockedBy.id));

    let currentRun: TfcRun | null = ws.currentRun ?? known(ws.currentRunId);
    if (!currentRun && ws.currentRunId) currentRun = holderRun?.id === ws.currentRunId ? holderRun : await this.readRun(ws.currentRunId);

    return buildLockDiagnosis({ organization, workspace: ws, holderRun, currentRun, recentRuns, now: this.now() });
  }

  /** Every request carries the JSON:API media type, as in the API documentation's samples. */
  private headers(): Record<string, string> {
    return {
      Authorization: `Bearer ${this.token}`,
      Accept: JSON_API_MEDIA_TYPE,
      'Content-Type': JSON_API_MEDIA_TYPE,
      'User-Agent': this.userAgent,
    };
  }

  private async request(spec: RequestSpec): Promise<unknown> {
    const url = `${this.baseUrl}${spec.path}`;
    const init: RequestInit = {
      method: spec.method,
      headers: this.headers(),
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
    };
    const retriesReads = spec.method === 'GET';

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.maxRetries;
      let res: Response;
      try {
        res = await this.fetchImpl(url, init);
      } catch (err) {
        if (retriesReads && canRetry) {
          await this.sleep(this.backoffMs(attempt));
          continue;
        }
        const reason = err instanceof Error ? ((err.cause instanceof Error ? err.cause.message : '') || err.message) : String(err);
        throw new TfcError('network', `cannot reach ${this.hostname} to ${spec.what}: ${reason}`, { exitCode: 1, cause: err });
      }

      if (res.status === 429) {
        await drain(res);
        if (!canRetry) {
          throw new TfcError(
            'rate-limited',
            `Terraform Cloud rate limit (429) on ${spec.what}, still limited after ${this.maxRetries} retries: try again in a minute`,
            { exitCode: 1, status: 429 },
          );
        }
        const delay = tfcRetryDelayMs(res.headers, this.now()) ?? this.backoffMs(attempt);
        if (delay > this.maxRetryDelayMs) {
          throw new TfcError(
            'rate-limited',
            `Terraform Cloud rate limit (429) on ${spec.what}: the API asks to wait ${Math.ceil(delay / 1000)}s, longer than the ${Math.ceil(this.maxRetryDelayMs / 1000)}s allowed`,
            { exitCode: 1, status: 429 },
          );
        }
        await this.sleep(delay);
        continue;
      }

      if (retriesReads && canRetry && (res.status === 502 || res.status === 503 || res.status === 504)) {
        await drain(res);
        await this.sleep(tfcRetryDelayMs(res.headers, this.now()) ?? this.backoffMs(attempt));
        continue;
      }

      const text = await res.text();
      let body: unknown = undefined;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          if (res.ok) throw new TfcError('bad-response', `unexpected response from the Terraform Cloud API to ${spec.what}: not JSON`, { exitCode: 1, status: res.status });
        }
      }
      if (res.ok) return body;
      throw this.httpError(res, body, spec);
    }
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.maxRetryDelayMs, 1000 * 2 ** attempt);
  }

  private httpError(res: Response, body: unknown, spec: RequestSpec): TfcError {
    const details = jsonApiErrorDetails(body);
    const status = res.status;
    if (status === 401) {
      return new TfcError(
        'unauthorized',
        withDetails(
          `Terraform Cloud rejected the API token (401) on ${spec.what}: it is invalid, expired or for another host than ${this.hostname}; check TF_API_TOKEN`,
          details,
        ),
        { exitCode: 2, status, details },
      );
    }
    if (status === 403) {
      return new TfcError('forbidden', withDetails(`the API token lacks permission to ${spec.what} (403)`, details), { exitCode: 1, status, details });
    }
    if (status === 404) {
      if (spec.on404) return spec.on404(details);
      return new TfcError(
        'not-found',
        withDetails(`cannot ${spec.what} (404): it does not exist, or the token lacks permission (HCP Terraform answers 404 for both)`, details),
        { exitCode: 1, status, details },
      );
    }
    if (status === 409) {
      if (spec.on409) return spec.on409(details);
      return new TfcError('conflict', withDetails(`cannot ${spec.what} (409)`, details), { exitCode: 1, status, details });
    }
    if (status >= 500) {
      return new TfcError(
        'server',
        withDetails(`Terraform Cloud API failure on ${spec.what}: ${status} ${res.statusText || STATUS_CODES[status] || 'server error'}`, details),
        { exitCode: 1, status, details },
      );
    }
    return new TfcError('http', withDetails(`Terraform Cloud API refused to ${spec.what}: ${status} ${res.statusText || STATUS_CODES[status] || ''}`.trimEnd(), details), {
      exitCode: 1,
      status,
      details,
    });
  }
}

async function drain(res: Response): Promise<void> {
  try {
    await res.text();
  } catch {
    // the body is irrelevant: we retry or fail anyway
  }
}
