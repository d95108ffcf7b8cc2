import {
  GITHUB_COMMENT_BODY_LIMIT,
  GitHubError,
  PLAN_COMMENT_MARKER,
  findMarkedComment,
  githubApiUrlFromEnv,
  nextLink,
  repoFromEnv,
  upsertPrComment,
  type IssueComment,
  type UpsertPrCommentOptions,
} from '../../../lib/github';
import { RecordingFetch, fakeSleep, fixture, type FakeResponse, type RecordedRequest } from '../tfc/recording-fetch';

const API = 'https://api.github.com';
const OWNER = 'octo-org';
const REPO = 'pinstack-demo';
const PR = 42;
const LIST_URL = `${API}/repos/${OWNER}/${REPO}/issues/${PR}/comments?per_page=100`;
const PAGE = (n: number) => `${API}/repositories/123456789/issues/${PR}/comments?per_page=100&page=${n}`;
const POST_URL = `${API}/repos/${OWNER}/${REPO}/issues/${PR}/comments`;
const PATCH_URL = (id: number) => `${API}/repos/${OWNER}/${REPO}/issues/comments/${id}`;
const NOW = new Date('2024-05-14T12:00:00Z');
const PAGE3_BOT_COMMENT = 2078000301;
const NEW_BODY = `${PLAN_COMMENT_MARKER}\n### pinstack plan: staging\n\n\`\`\`\nPlan: 3 to add, 1 to change, 0 to destroy.\n\`\`\`\n`;

const json = (name: string, status = 200, headers: Record<string, string> = {}): FakeResponse => ({ status, body: fixture('github', name), headers });
/** GitHub answers a create/update with the comment, carrying the body just sent. */
const echo =
  (name: string, status: number) =>
  (req: RecordedRequest): FakeResponse => {
    const comment = fixture<IssueComment>('github', name);
    comment.body = (JSON.parse(req.body ?? '{}') as { body: string }).body;
    return { status, body: comment };
  };

const fakes: RecordingFetch[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) expect(fake.unexpected).toEqual([]);
});

function setup() {
  const fake = new RecordingFetch();
  fakes.push(fake);
  const { sleep, waits } = fakeSleep();
  const opts = (over: Partial<UpsertPrCommentOptions> = {}): UpsertPrCommentOptions => ({
    owner: OWNER,
    repo: REPO,
    pr: PR,
    body: NEW_BODY,
    marker: PLAN_COMMENT_MARKER,
    token: 'ghs_token123',
    fetch: fake.fetch,
    sleep,
    now: () => NOW,
    ...over,
  });
  return { fake, waits, opts };
}

/** Three pages of comments, the marked one on page 3, linked as GitHub does. */
function threePages(fake: RecordingFetch): void {
  fake
    .on('GET', LIST_URL, json('comments-page-1.json', 200, { link: `<${PAGE(2)}>; rel="next", <${PAGE(3)}>; rel="last"` }))
    .on(
      'GET',
      PAGE(2),
      json('comments-page-2.json', 200, { link: `<${PAGE(1)}>; rel="prev", <${PAGE(3)}>; rel="next", <${PAGE(3)}>; rel="last", <${PAGE(1)}>; rel="first"` }),
    )
    .on('GET', PAGE(3), json('comments-page-3.json', 200, { link: `<${PAGE(2)}>; rel="prev", <${PAGE(1)}>; rel="first"` }));
}

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(GitHubError);
    return e as GitHubError;
  }
  throw new Error('expected the call to fail');
}

describe('upsertPrComment', () => {
  test('creates the comment when no comment carries the marker', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('comments-page-1.json')).on('POST', POST_URL, echo('comment-created.json', 201));
    const result = await upsertPrComment(opts());

    expect(result).toEqual({ action: 'created', id: 2079999901, url: `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-2079999901` });
    expect(fake.requests).toEqual([
      {
        method: 'GET',
        url: LIST_URL,
        headers: {
          authorization: 'Bearer ghs_token123',
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'pinstack',
        },
        body: undefined,
      },
      {
        method: 'POST',
        url: POST_URL,
        headers: {
          authorization: 'Bearer ghs_token123',
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'pinstack',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ body: NEW_BODY }),
      },
    ]);
  });

  test('follows Link pagination and updates the marked comment found on page 3 (PATCH with only the body)', async () => {
    const { fake, opts } = setup();
    threePages(fake);
    fake.on('PATCH', PATCH_URL(PAGE3_BOT_COMMENT), echo('comment-updated.json', 200));
    const result = await upsertPrComment(opts());

    expect(result).toEqual({ action: 'updated', id: PAGE3_BOT_COMMENT, url: `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${PAGE3_BOT_COMMENT}` });
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${LIST_URL}`,
      `GET ${PAGE(2)}`,
      `GET ${PAGE(3)}`,
      `PATCH ${PATCH_URL(PAGE3_BOT_COMMENT)}`,
    ]);
    const patch = fake.writes()[0] as RecordedRequest;
    expect(JSON.parse(patch.body as string)).toEqual({ body: NEW_BODY });
    expect(Object.keys(JSON.parse(patch.body as string))).toEqual(['body']);
    expect(patch.headers['content-type']).toBe('application/json');
  });

  test('skips the update when the body is unchanged: no PATCH, no POST', async () => {
    const { fake, opts } = setup();
    threePages(fake);
    const current = (fixture<IssueComment[]>('github', 'comments-page-3.json')[0] as IssueComment).body as string;
    const result = await upsertPrComment(opts({ body: current }));

    expect(result).toEqual({ action: 'unchanged', id: PAGE3_BOT_COMMENT, url: `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${PAGE3_BOT_COMMENT}` });
    expect(fake.writes()).toEqual([]);
    expect(fake.requests).toHaveLength(3);
  });

  test('adds the marker when the body lacks it, so the same comment is found next time', async () => {
    const { fake, opts } = setup();
    threePages(fake);
    const current = (fixture<IssueComment[]>('github', 'comments-page-3.json')[0] as IssueComment).body as string;
    const withoutMarker = current.replace(`${PLAN_COMMENT_MARKER}\n`, '');
    expect(withoutMarker).not.toContain(PLAN_COMMENT_MARKER);
    const result = await upsertPrComment(opts({ body: withoutMarker }));
    expect(result.action).toBe('unchanged');

    fake.on('POST', POST_URL, echo('comment-created.json', 201));
    fake.on('GET', LIST_URL, json('comments-empty.json'));
    await upsertPrComment(opts({ body: 'hello' }));
    expect(fake.writes().map((r) => r.body)).toEqual([JSON.stringify({ body: `${PLAN_COMMENT_MARKER}\nhello` })]);
  });

  test('among several marked comments, prefers bot comments and takes the most recent', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('comments-several-markers.json')).on('PATCH', PATCH_URL(2078000403), echo('comment-updated.json', 200));
    await upsertPrComment(opts());
    expect(fake.writes().map((r) => `${r.method} ${r.url}`)).toEqual([`PATCH ${PATCH_URL(2078000403)}`]);
  });

  test("also prefers the token's own user when its login is given", () => {
    const comments = fixture<IssueComment[]>('github', 'comments-several-markers.json');
    expect(findMarkedComment(comments, PLAN_COMMENT_MARKER)?.id).toBe(2078000403);
    expect(findMarkedComment(comments, PLAN_COMMENT_MARKER, 'BOB')?.id).toBe(2078000404);
    const humansOnly = comments.filter((c) => c.user?.type !== 'Bot');
    expect(findMarkedComment(humansOnly, PLAN_COMMENT_MARKER)?.id).toBe(2078000404);
    expect(findMarkedComment(comments, '<!-- nothing -->')).toBeNull();
  });

  test('uses the GHES API URL and follows its pagination', async () => {
    const { fake, opts } = setup();
    const ghes = 'https://ghes.example.com/api/v3';
    const next = `${ghes}/repositories/7/issues/${PR}/comments?per_page=100&page=2`;
    fake
      .on('GET', `${ghes}/repos/${OWNER}/${REPO}/issues/${PR}/comments?per_page=100`, json('comments-page-1.json', 200, { link: `<${next}>; rel="next"` }))
      .on('GET', next, json('comments-page-3.json'))
      .on('PATCH', `${ghes}/repos/${OWNER}/${REPO}/issues/comments/${PAGE3_BOT_COMMENT}`, echo('comment-updated.json', 200));
    const result = await upsertPrComment(opts({ apiUrl: `${ghes}/` }));
    expect(result.action).toBe('updated');
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${ghes}/repos/${OWNER}/${REPO}/issues/${PR}/comments?per_page=100`,
      next,
      `${ghes}/repos/${OWNER}/${REPO}/issues/comments/${PAGE3_BOT_COMMENT}`,
    ]);
  });

  test('refuses a body over 65,536 characters before any call', async () => {
    const { fake, opts } = setup();
    const e = await failure(upsertPrComment(opts({ body: `${PLAN_COMMENT_MARKER}\n${'x'.repeat(GITHUB_COMMENT_BODY_LIMIT)}` })));
    expect(e).toMatchObject({ kind: 'body-too-long', exitCode: 2 });
    expect(e.message).toContain(`is ${GITHUB_COMMENT_BODY_LIMIT + PLAN_COMMENT_MARKER.length + 1} characters, over GitHub's limit of 65536`);
    expect(fake.requests).toEqual([]);
  });

  test('accepts a body of exactly 65,536 characters, counting characters rather than UTF-16 units', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('comments-empty.json')).on('POST', POST_URL, echo('comment-created.json', 201));
    const prefix = `${PLAN_COMMENT_MARKER}\n`;
    await upsertPrComment(opts({ body: prefix + 'y'.repeat(GITHUB_COMMENT_BODY_LIMIT - prefix.length) }));
    await upsertPrComment(opts({ body: prefix + '\u{1F680}'.repeat(GITHUB_COMMENT_BODY_LIMIT - prefix.length) }));
    expect(fake.writes()).toHaveLength(2);
  });

  test('fails when the marker carries a version, before any call', async () => {
    const { fake, opts } = setup();
    await expect(upsertPrComment(opts({ marker: '<!-- pinstack:plan v1.4.0 -->' }))).rejects.toMatchObject({ kind: 'bad-input', exitCode: 2 });
    await expect(upsertPrComment(opts({ marker: 'pinstack:plan' }))).rejects.toThrow(/expected a hidden HTML comment/);
    expect(fake.requests).toEqual([]);
  });

  test('fails when the token is missing, before any call', async () => {
    const { fake, opts } = setup();
    await expect(upsertPrComment(opts({ token: ' ' }))).rejects.toMatchObject({ kind: 'missing-token', exitCode: 2 });
    expect(fake.requests).toEqual([]);
  });

  test('fails when pagination points to another host, without sending the token there', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('comments-page-1.json', 200, { link: '<https://evil.example/next>; rel="next"' }));
    const e = await failure(upsertPrComment(opts()));
    expect(e.message).toContain('pagination pointed to another host (evil.example)');
    expect(fake.requests.map((r) => r.url)).toEqual([LIST_URL]);
  });
});

describe('errors', () => {
  test('fails when GitHub rejects the token (401)', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('error-401.json', 401));
    const e = await failure(upsertPrComment(opts()));
    expect(e).toMatchObject({ kind: 'unauthorized', exitCode: 2, status: 401, documentationUrl: 'https://docs.github.com/rest' });
    expect(e.message).toBe(`GitHub rejected the token (401: Bad credentials) when trying to list the comments of ${OWNER}/${REPO}#${PR}: check GITHUB_TOKEN`);
  });

  test('fails when the token lacks pull-requests: write (403)', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('comments-empty.json')).on('POST', POST_URL, json('error-403-integration.json', 403));
    const e = await failure(upsertPrComment(opts()));
    expect(e).toMatchObject({ kind: 'forbidden', exitCode: 1, status: 403 });
    expect(e.message).toContain('(403: Resource not accessible by integration)');
    expect(e.message).toContain('`permissions: pull-requests: write` (or `issues: write`)');
    expect(fake.writes()).toHaveLength(1);
  });

  test('fails when the pull request does not exist (404)', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, json('error-404.json', 404));
    const e = await failure(upsertPrComment(opts()));
    expect(e).toMatchObject({ kind: 'not-found', exitCode: 2, status: 404 });
    expect(e.message).toBe(`no pull request ${OWNER}/${REPO}#${PR} (404: Not Found), or the token cannot see ${OWNER}/${REPO}`);
  });

  test('fails when GitHub rejects the comment (422), showing its validation message', async () => {
    const { fake, opts } = setup();
    threePages(fake);
    fake.on('PATCH', PATCH_URL(PAGE3_BOT_COMMENT), json('error-422.json', 422));
    const e = await failure(upsertPrComment(opts()));
    expect(e).toMatchObject({ kind: 'validation', exitCode: 1, status: 422 });
    expect(e.message).toBe('GitHub rejected the comment (422: Validation Failed): Body is too long (maximum is 65536 characters)');
  });

  test('retries after a secondary rate limit, waiting as long as retry-after says', async () => {
    const { fake, opts, waits } = setup();
    fake
      .on('GET', LIST_URL, json('comments-empty.json'))
      .on('POST', POST_URL, json('error-403-secondary-rate-limit.json', 403, { 'retry-after': '30' }), echo('comment-created.json', 201));
    const result = await upsertPrComment(opts());
    expect(result.action).toBe('created');
    expect(waits).toEqual([30_000]);
    expect(fake.writes()).toHaveLength(2);
  });

  test('retries after the primary rate limit (x-ratelimit-remaining: 0) once x-ratelimit-reset has passed', async () => {
    const { fake, opts, waits } = setup();
    const reset = String(NOW.getTime() / 1000 + 42);
    fake.on(
      'GET',
      LIST_URL,
      json('error-403-primary-rate-limit.json', 403, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
      json('comments-empty.json'),
    );
    fake.on('POST', POST_URL, echo('comment-created.json', 201));
    await upsertPrComment(opts());
    expect(waits).toEqual([42_000]);
  });

  test('waits at least a minute, growing, after a secondary rate limit without headers (429)', async () => {
    const { fake, opts, waits } = setup();
    fake.on('GET', LIST_URL, { status: 429, body: { message: 'You have exceeded a secondary rate limit.' } }, { status: 429, body: { message: 'again' } }, json('comments-empty.json'));
    fake.on('POST', POST_URL, echo('comment-created.json', 201));
    await upsertPrComment(opts());
    expect(waits).toEqual([60_000, 120_000]);
  });

  test('fails when the rate limit persists: retries are bounded', async () => {
    const { fake, opts, waits } = setup();
    fake.on('GET', LIST_URL, json('error-403-secondary-rate-limit.json', 403, { 'retry-after': '1' }));
    const e = await failure(upsertPrComment(opts({ maxRetries: 2 })));
    expect(e).toMatchObject({ kind: 'rate-limited', exitCode: 1, status: 403 });
    expect(e.message).toContain('still limited after 2 retries');
    expect(fake.requests).toHaveLength(3);
    expect(waits).toEqual([1000, 1000]);
  });

  test('fails at once when the rate limit resets later than the allowed wait', async () => {
    const { fake, opts, waits } = setup();
    const reset = NOW.getTime() / 1000 + 3600;
    fake.on('GET', LIST_URL, json('error-403-primary-rate-limit.json', 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }));
    const e = await failure(upsertPrComment(opts()));
    expect(e.message).toContain('retry after 2024-05-14T13:00:00.000Z');
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test('fails when GitHub errors (5xx): reads are retried (bounded), writes are not', async () => {
    const { fake, opts, waits } = setup();
    fake.on('GET', LIST_URL, json('error-502.json', 502), json('comments-empty.json'));
    fake.on('POST', POST_URL, { status: 500, body: { message: 'Server Error' } });
    const e = await failure(upsertPrComment(opts()));
    expect(e).toMatchObject({ kind: 'server', exitCode: 1, status: 500 });
    expect(e.message).toBe(`GitHub API failure on comment on ${OWNER}/${REPO}#${PR}: 500 Internal Server Error: Server Error`);
    expect(waits).toEqual([1000]);
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
  });

  test('fails when the network is down', async () => {
    const { fake, opts } = setup();
    fake.on('GET', LIST_URL, { status: 0, networkError: 'getaddrinfo ENOTFOUND api.github.com' });
    const e = await failure(upsertPrComment(opts({ maxRetries: 1 })));
    expect(e).toMatchObject({ kind: 'network', exitCode: 1 });
    expect(e.message).toBe(`cannot reach api.github.com to list the comments of ${OWNER}/${REPO}#${PR}: getaddrinfo ENOTFOUND api.github.com`);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('environment helpers', () => {
  test('repoFromEnv reads GITHUB_REPOSITORY', () => {
    expect(repoFromEnv({ GITHUB_REPOSITORY: 'octo-org/pinstack-demo' })).toEqual({ owner: 'octo-org', repo: 'pinstack-demo' });
    expect(repoFromEnv({ GITHUB_REPOSITORY: 'a/b.c_d-e' })).toEqual({ owner: 'a', repo: 'b.c_d-e' });
  });

  test('fails when GITHUB_REPOSITORY is missing or malformed', () => {
    expect(() => repoFromEnv({})).toThrow(expect.objectContaining({ kind: 'bad-input', exitCode: 2, message: expect.stringContaining('GITHUB_REPOSITORY is not set') }));
    expect(() => repoFromEnv({ GITHUB_REPOSITORY: 'just-a-name' })).toThrow(/is not of the form "owner\/repo"/);
    expect(() => repoFromEnv({ GITHUB_REPOSITORY: 'a/b/c' })).toThrow(/is not of the form/);
  });

  test('githubApiUrlFromEnv defaults to api.github.com and honours GITHUB_API_URL (GHES)', () => {
    expect(githubApiUrlFromEnv({})).toBe('https://api.github.com');
    expect(githubApiUrlFromEnv({ GITHUB_API_URL: 'https://ghes.example.com/api/v3/' })).toBe('https://ghes.example.com/api/v3');
    expect(() => githubApiUrlFromEnv({ GITHUB_API_URL: 'not a url' })).toThrow(/invalid GitHub API URL/);
  });

  test('nextLink reads rel="next" only', () => {
    expect(nextLink(`<${PAGE(1)}>; rel="prev", <${PAGE(3)}>; rel="next"`)).toBe(PAGE(3));
    expect(nextLink(`<${PAGE(1)}>; rel="first"`)).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
