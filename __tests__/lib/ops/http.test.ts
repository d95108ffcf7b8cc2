import { checkHttp, type Fetch, healthUrl } from '../../../lib/ops';

const answer = (status: number): Fetch => async () => ({ status, body: null });
const throwing = (err: unknown): Fetch => async () => {
  throw err;
};

describe('healthUrl', () => {
  test.each([
    ['https://app.acme.example', '/health', 'https://app.acme.example/health'],
    ['https://app.acme.example/', 'health', 'https://app.acme.example/health'],
    ['https://app.acme.example/api/', '/ready', 'https://app.acme.example/api/ready'],
    ['http://127.0.0.1:8080', '/health?deep=1', 'http://127.0.0.1:8080/health?deep=1'],
  ])('%s + %s', (base, p, expected) => {
    expect(healthUrl(base, p)).toBe(expected);
  });
});

describe('checkHttp', () => {
  test('2xx and 3xx are healthy (redirects are not followed)', async () => {
    let init: Parameters<Fetch>[1] | undefined;
    const spy: Fetch = async (_url, i) => {
      init = i;
      return { status: 302, body: null };
    };
    expect(await checkHttp('http://h/health', { timeoutMs: 1000, fetch: spy, now: () => 0 })).toEqual({ name: 'GET http://h/health', status: 'ok', detail: 'HTTP 302, 0 ms' });
    expect(init?.redirect).toBe('manual');
    expect((await checkHttp('http://h/health', { timeoutMs: 1000, fetch: answer(204) })).status).toBe('ok');
  });

  test('fails when the status is 4xx or 5xx', async () => {
    expect(await checkHttp('http://h/ready', { timeoutMs: 1000, fetch: answer(503) })).toEqual({ name: 'GET http://h/ready', status: 'failed', detail: 'HTTP 503 (expected 2xx or 3xx)' });
    expect((await checkHttp('http://h/ready', { timeoutMs: 1000, fetch: answer(404) })).status).toBe('failed');
  });

  test('fails when there is no answer in time', async () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect((await checkHttp('http://h/health', { timeoutMs: 1500, fetch: throwing(timeout) })).detail).toBe('no answer within 1500 ms');
  });

  test('fails when the connection fails, with the cause, and never shows URL credentials', async () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(await checkHttp('http://ops:pw-9z@h:9/health', { timeoutMs: 1000, fetch: throwing(err) })).toEqual({
      name: 'GET http://ops:***@h:9/health',
      status: 'failed',
      detail: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});
