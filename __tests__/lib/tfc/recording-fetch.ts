import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A request as the fake saw it: method, full URL, lower-cased headers, raw body. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface FakeResponse {
  status: number;
  /** An object or array is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Instead of answering, fail like fetch does when the network is down. */
  networkError?: string;
}

type Responder = FakeResponse | ((req: RecordedRequest) => FakeResponse);

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/** Parsed JSON of `__tests__/fixtures/<area>/<name>` (a fresh copy each call). */
export function fixture<T = unknown>(area: 'tfc' | 'github', name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, area, name), 'utf8')) as T;
}

/**
 * A fake `fetch` serving canned responses by method + exact URL, recording every request.
 * Responses for a route are served in order; the last one repeats. An unknown route answers
 * 599 and is listed in `unexpected`, so a test sees it.
 */
export class RecordingFetch {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  private readonly routes = new Map<string, Responder[]>();

  on(method: string, url: string, ...responses: Responder[]): this {
    this.routes.set(`${method.toUpperCase()} ${url}`, responses);
    return this;
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
    const req: RecordedRequest = { method: (init?.method ?? 'GET').toUpperCase(), url: input, headers, body };
    this.requests.push(req);
    const queue = this.routes.get(`${req.method} ${req.url}`);
    if (!queue || queue.length === 0) {
      this.unexpected.push(req);
      return new Response(JSON.stringify({ message: `no fake route for ${req.method} ${req.url}` }), { status: 599 });
    }
    const responder = (queue.length > 1 ? queue.shift() : queue[0]) as Responder;
    const spec = typeof responder === 'function' ? responder(req) : responder;
    if (spec.networkError) throw new TypeError('fetch failed', { cause: new Error(spec.networkError) });
    const text = spec.body === undefined ? null : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    return new Response(text, {
      status: spec.status,
      headers: { ...(text !== null && typeof spec.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    });
  };

  /** Requests other than GET. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }
}

/** A sleep that returns at once and remembers how long it was asked to wait. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}
