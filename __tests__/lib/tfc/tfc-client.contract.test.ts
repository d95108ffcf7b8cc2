import {
  TfcClient,
  TfcError,
  buildLockDiagnosis,
  formatAge,
  runPhase,
  tfcHostTokenVariable,
  tfcTokenFromEnv,
  type TfcRun,
  type TfcWorkspace,
} from '../../../lib/tfc';
import { RecordingFetch, fakeSleep, fixture } from './recording-fetch';

const API = 'https://app.terraform.io/api/v2';
const WS = 'ws-2Mqb4DLdZp7FfVHk';
const WORKSPACE_URL = `${API}/organizations/acme/workspaces/pinstack-staging?include=locked_by,current_run`;
const RUNS_URL = `${API}/workspaces/${WS}/runs?page%5Bsize%5D=5`;
const ERRORED_RUN = 'run-9rFkxXBa3LHbTpQv';
const APPLYING_RUN = 'run-Cq6uJ3jXkqYyQpHT';
const NOW = new Date('2024-05-14T12:00:00Z');
const JSONAPI = 'application/vnd.api+json';

const ok = (name: string, status = 200) => ({ status, body: fixture('tfc', name), headers: { 'content-type': JSONAPI } });
const err = (status: number, name: string, headers: Record<string, string> = {}) => ({
  status,
  body: fixture('tfc', name),
  headers: { 'content-type': JSONAPI, ...headers },
});

const fakes: RecordingFetch[] = [];
afterEach(() => {
  // every request a test made hit a route it declared
  for (const fake of fakes.splice(0)) expect(fake.unexpected).toEqual([]);
});

function setup(options: { hostname?: string; maxRetries?: number; maxRetryDelayMs?: number } = {}) {
  const fake = new RecordingFetch();
  fakes.push(fake);
  const { sleep, waits } = fakeSleep();
  const client = new TfcClient({ token: 'tfc-token-123', fetch: fake.fetch, sleep, now: () => NOW, ...options });
  return { fake, waits, client };
}

async function failure(promise: Promise<unknown>): Promise<TfcError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TfcError);
    return e as TfcError;
  }
  throw new Error('expected the call to fail');
}

describe('tfcTokenFromEnv', () => {
  test('reads TF_API_TOKEN first', () => {
    expect(tfcTokenFromEnv({ TF_API_TOKEN: 'a', TF_TOKEN_app_terraform_io: 'b' }, 'app.terraform.io')).toBe('a');
  });

  test('falls back to TF_TOKEN_<host with dots as underscores>', () => {
    expect(tfcTokenFromEnv({ TF_TOKEN_app_terraform_io: ' b ' }, 'app.terraform.io')).toBe('b');
    expect(tfcHostTokenVariable('tfe.example-corp.com')).toBe('TF_TOKEN_tfe_example__corp_com');
    expect(tfcTokenFromEnv({ TF_TOKEN_tfe_example__corp_com: 'c' }, 'https://TFE.example-corp.com/')).toBe('c');
  });

  test('fails when no token is set, naming every variable tried', () => {
    const e = (() => {
      try {
        tfcTokenFromEnv({ TF_API_TOKEN: '  ' }, 'tfe.example.com');
      } catch (caught) {
        return caught as TfcError;
      }
      throw new Error('expected a missing-token error');
    })();
    expect(e).toBeInstanceOf(TfcError);
    expect(e.kind).toBe('missing-token');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('tried TF_API_TOKEN, TF_TOKEN_tfe_example_com');
  });

  test('fails when the hostname is not a host name', () => {
    expect(() => tfcTokenFromEnv({ TF_API_TOKEN: 'a' }, 'app.terraform.io/api v2')).toThrow(/invalid Terraform Cloud hostname/);
  });

  test('fails when the client is built without a token', () => {
    expect(() => new TfcClient({ token: '' })).toThrow(expect.objectContaining({ kind: 'missing-token', exitCode: 2 }));
  });
});

describe('requests sent', () => {
  test('read workspace: GET by org and name, including the lock holder and the current run', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-locked-by-errored-run.json'));
    const ws = await client.readWorkspace('acme', 'pinstack-staging');

    expect(fake.requests).toEqual([
      {
        method: 'GET',
        url: WORKSPACE_URL,
        headers: { authorization: 'Bearer tfc-token-123', accept: JSONAPI, 'content-type': JSONAPI, 'user-agent': 'pinstack' },
        body: undefined,
      },
    ]);
    expect(ws).toMatchObject({ id: WS, name: 'pinstack-staging', organization: 'acme', locked: true, currentRunId: ERRORED_RUN });
    expect(ws.lockedBy).toMatchObject({ kind: 'run', id: ERRORED_RUN, run: { status: 'errored' } });
    expect(ws.permissions).toEqual({ canLock: true, canUnlock: true, canForceUnlock: true });
  });

  test('the hostname is configurable for Terraform Enterprise, and names are URL-encoded', async () => {
    const { fake, client } = setup({ hostname: 'tfe.example.com' });
    const url = 'https://tfe.example.com/api/v2/organizations/acme%20corp/workspaces/pinstack-staging?include=locked_by,current_run';
    fake.on('GET', url, ok('workspace-unlocked.json'));
    await client.readWorkspace('acme corp', 'pinstack-staging');
    expect(fake.requests.map((r) => r.url)).toEqual([url]);
    expect(client.baseUrl).toBe('https://tfe.example.com/api/v2');
  });

  test('list runs: GET with page[size], newest first, with the run flags', async () => {
    const { fake, client } = setup();
    fake.on('GET', RUNS_URL, ok('runs-list.json'));
    const runs = await client.listRuns(WS, { pageSize: 5 });

    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${RUNS_URL}`]);
    expect(runs.map((r) => [r.id, r.status, r.isDestroy, r.planOnly, r.savePlan])).toEqual([
      [ERRORED_RUN, 'errored', false, false, false],
      ['run-W2fq8XJfLk1Nn5Vb', 'planned_and_finished', false, true, false],
      ['run-Ld4kPz7q2YVbRt8M', 'discarded', true, false, false],
      ['run-Tn8Vw1sQe5Jk3HpZ', 'planned_and_saved', false, false, true],
    ]);
    expect(runs[0]).toMatchObject({
      createdAt: '2024-05-14T08:55:10.422Z',
      message: 'pinstack deploy staging',
      workspaceId: WS,
      statusTimestamps: expect.objectContaining({ 'errored-at': '2024-05-14T09:00:00+00:00' }),
      actions: { isCancelable: false, isConfirmable: false, isDiscardable: false, isForceCancelable: false },
    });
  });

  test('read run: GET /runs/:id', async () => {
    const { fake, client } = setup();
    fake.on('GET', `${API}/runs/${APPLYING_RUN}`, ok('run-applying.json'));
    const run = await client.readRun(APPLYING_RUN);
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/runs/${APPLYING_RUN}`]);
    expect(run).toMatchObject({ id: APPLYING_RUN, status: 'applying', actions: { isCancelable: true } });
  });

  test('force-unlock: POST with the JSON:API content type and an empty body', async () => {
    const { fake, client } = setup();
    const url = `${API}/workspaces/${WS}/actions/force-unlock`;
    fake.on('POST', url, ok('workspace-force-unlocked.json'));
    const ws = await client.forceUnlock(WS);

    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url,
        headers: { authorization: 'Bearer tfc-token-123', accept: JSONAPI, 'content-type': JSONAPI, 'user-agent': 'pinstack' },
        body: undefined,
      },
    ]);
    expect(ws.locked).toBe(false);
    expect(ws.lockedBy).toBeNull();
  });

  test('unlock: POST /workspaces/:id/actions/unlock without a body', async () => {
    const { fake, client } = setup();
    const url = `${API}/workspaces/${WS}/actions/unlock`;
    fake.on('POST', url, ok('workspace-force-unlocked.json'));
    const ws = await client.unlock(WS);
    expect(fake.requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', url, undefined]]);
    expect(ws.locked).toBe(false);
  });

  test('cancel and discard: POST the action, with the optional comment as the only payload', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/runs/${APPLYING_RUN}/actions/cancel`, { status: 202 });
    fake.on('POST', `${API}/runs/run-Tn8Vw1sQe5Jk3HpZ/actions/discard`, { status: 202 });
    await client.cancelRun(APPLYING_RUN, 'stuck since the runner died');
    await client.cancelRun(APPLYING_RUN);
    await client.discardRun('run-Tn8Vw1sQe5Jk3HpZ');

    expect(fake.requests.map((r) => [r.method, r.url, r.body, r.headers['content-type']])).toEqual([
      ['POST', `${API}/runs/${APPLYING_RUN}/actions/cancel`, '{"comment":"stuck since the runner died"}', JSONAPI],
      ['POST', `${API}/runs/${APPLYING_RUN}/actions/cancel`, undefined, JSONAPI],
      ['POST', `${API}/runs/run-Tn8Vw1sQe5Jk3HpZ/actions/discard`, undefined, JSONAPI],
    ]);
  });
});

describe('diagnoseLock', () => {
  test('a lock held by an errored run is stale: safe to force-unlock', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-locked-by-errored-run.json')).on('GET', RUNS_URL, ok('runs-list.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging');

    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${WORKSPACE_URL}`, `GET ${RUNS_URL}`]);
    expect(fake.writes()).toEqual([]);
    expect(d.verdict).toBe('safe-to-force-unlock');
    expect(d.recommendation).toBe(
      `locked by run ${ERRORED_RUN} which is 'errored' since 3h: the run has finished, so the lock is stale: safe to force-unlock`,
    );
    expect(d).toMatchObject({ organization: 'acme', workspace: 'pinstack-staging', workspaceId: WS, locked: true, checkedAt: NOW.toISOString() });
    expect(d.holder).toMatchObject({ kind: 'run', id: ERRORED_RUN, run: { status: 'errored', phase: 'final', age: '3h', statusSince: '2024-05-14T09:00:00+00:00' } });
    expect(d.currentRun).toMatchObject({ id: ERRORED_RUN, status: 'errored' });
    expect(d.recentRuns.map((r) => [r.id, r.status, r.createdAt, r.isDestroy, r.planOnly, r.savePlan])).toEqual([
      [ERRORED_RUN, 'errored', '2024-05-14T08:55:10.422Z', false, false, false],
      ['run-W2fq8XJfLk1Nn5Vb', 'planned_and_finished', '2024-05-13T16:18:31.001Z', false, true, false],
      ['run-Ld4kPz7q2YVbRt8M', 'discarded', '2024-05-12T07:02:11.745Z', true, false, false],
      ['run-Tn8Vw1sQe5Jk3HpZ', 'planned_and_saved', '2024-05-11T14:00:00.000Z', false, false, true],
    ]);
    expect(d.recentRuns[0]?.message).toBe('pinstack deploy staging');
  });

  test('a lock held by an applying run: do not unlock, cancel the run first', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-locked-by-applying-run.json')).on('GET', RUNS_URL, ok('runs-list.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging');
    expect(d.verdict).toBe('cancel-run-first');
    expect(d.recommendation).toMatch(new RegExp(`^locked by run ${APPLYING_RUN} which is 'applying' since 15m: .*do not unlock, cancel the run first`));
    expect(d.holder).toMatchObject({ kind: 'run', run: { phase: 'applying', isCancelable: true } });
  });

  test('reads the holding run when the response did not include it and it is not among the recent runs', async () => {
    const { fake, client } = setup();
    const ws = fixture<{ data: unknown; included?: unknown[] }>('tfc', 'workspace-locked-by-applying-run.json');
    delete ws.included;
    fake
      .on('GET', WORKSPACE_URL, { status: 200, body: ws })
      .on('GET', RUNS_URL, ok('runs-list.json'))
      .on('GET', `${API}/runs/${APPLYING_RUN}`, ok('run-applying.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging');
    expect(fake.requests.map((r) => r.url)).toEqual([WORKSPACE_URL, RUNS_URL, `${API}/runs/${APPLYING_RUN}`]);
    expect(d.verdict).toBe('cancel-run-first');
    expect(d.currentRun?.id).toBe(APPLYING_RUN);
  });

  test('a lock held by a user: confirm with them (manual lock or a CLI-driven run)', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-locked-by-user.json')).on('GET', RUNS_URL, ok('runs-list.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging');
    expect(d.holder).toEqual({ kind: 'user', id: 'user-MA4GL63FmYRpSFxa', username: 'alice' });
    expect(d.verdict).toBe('confirm-with-holder');
    expect(d.recommendation).toMatch(/^locked by user alice: .*unlock \(or force-unlock\) only when none is/);
    expect(d.currentRun).toBeNull();
  });

  test('a lock held by a team token: check CI, then force-unlock', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-locked-by-team.json')).on('GET', RUNS_URL, ok('runs-list.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging');
    expect(d.holder).toEqual({ kind: 'team', id: 'team-6p5jTwJQXwqZBncC', name: 'ci-deployers' });
    expect(d.verdict).toBe('confirm-with-holder');
    expect(d.recommendation).toContain('locked by team ci-deployers');
  });

  test('an unlocked workspace: nothing to do', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, ok('workspace-unlocked.json')).on('GET', `${API}/workspaces/${WS}/runs?page%5Bsize%5D=2`, ok('runs-list.json'));
    const d = await client.diagnoseLock('acme', 'pinstack-staging', { runs: 2 });
    expect(d).toMatchObject({ locked: false, holder: null, verdict: 'not-locked', recommendation: 'workspace is not locked: nothing to unlock' });
    expect(d.currentRun).toMatchObject({ id: 'run-W2fq8XJfLk1Nn5Vb', status: 'planned_and_finished', phase: 'final' });
  });

  describe('verdict by the holding run status', () => {
    function diagnose(status: string, patch: Partial<TfcRun> = {}, canForceUnlock: boolean | null = true) {
      const run: TfcRun = {
        id: 'run-x',
        status,
        createdAt: '2024-05-14T11:00:00Z',
        message: null,
        isDestroy: false,
        planOnly: false,
        savePlan: null,
        refreshOnly: false,
        source: null,
        triggerReason: null,
        hasChanges: null,
        statusTimestamps: {},
        actions: { isCancelable: true, isConfirmable: false, isDiscardable: false, isForceCancelable: false },
        workspaceId: WS,
        ...patch,
      };
      const workspace: TfcWorkspace = {
        id: WS,
        name: 'pinstack-staging',
        organization: 'acme',
        locked: true,
        lockedBy: { kind: 'run', id: 'run-x', run },
        executionMode: 'remote',
        terraformVersion: null,
        currentRunId: 'run-x',
        currentRun: run,
        latestRunId: 'run-x',
        permissions: { canLock: true, canUnlock: true, canForceUnlock },
      };
      return buildLockDiagnosis({ organization: 'acme', workspace, holderRun: run, currentRun: run, recentRuns: [run], now: NOW });
    }

    test.each([
      ['planning', 'wait-or-cancel'],
      ['plan_queued', 'wait-or-cancel'],
      ['pending', 'wait-or-cancel'],
      ['planned', 'discard-run'],
      ['policy_override', 'discard-run'],
      ['post_plan_awaiting_decision', 'discard-run'],
      ['confirmed', 'cancel-run-first'],
      ['apply_queued', 'cancel-run-first'],
      ['applied', 'safe-to-force-unlock'],
      ['canceled', 'safe-to-force-unlock'],
      ['discarded', 'safe-to-force-unlock'],
      ['something_new', 'inspect-run'],
    ])("a run '%s' gives %s", (status, verdict) => {
      expect(diagnose(status).verdict).toBe(verdict);
    });

    test('the age falls back to the latest status timestamp, then to created-at', () => {
      const viaLatest = diagnose('policy_override', { statusTimestamps: { 'planned-at': '2024-05-14T11:30:00+00:00', 'planning-at': '2024-05-14T11:20:00+00:00' } });
      expect(viaLatest.holder).toMatchObject({ run: { statusSince: '2024-05-14T11:30:00+00:00', age: '30m' } });
      expect(diagnose('planning').holder).toMatchObject({ run: { statusSince: '2024-05-14T11:00:00Z', age: '1h' } });
    });

    test('says when the token cannot force-unlock', () => {
      expect(diagnose('errored', {}, false).recommendation).toContain('can-force-unlock is false');
    });

    test('phases and ages', () => {
      expect(runPhase('applying')).toBe('applying');
      expect(runPhase('planned_and_saved')).toBe('awaiting-decision');
      expect([formatAge(45_000), formatAge(12 * 60_000), formatAge(3 * 3_600_000), formatAge(72 * 3_600_000)]).toEqual(['45s', '12m', '3h', '3d']);
    });
  });
});

describe('errors', () => {
  test('fails when the API rejects the token (401)', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, err(401, 'error-401.json'));
    const e = await failure(client.readWorkspace('acme', 'pinstack-staging'));
    expect(e).toMatchObject({ kind: 'unauthorized', exitCode: 2, status: 401 });
    expect(e.message).toContain('rejected the API token (401)');
    expect(e.message).toContain('TF_API_TOKEN');
    expect(fake.requests).toHaveLength(1);
  });

  test('fails when the token lacks permission (403)', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/runs/${APPLYING_RUN}/actions/cancel`, {
      status: 403,
      body: { errors: [{ status: '403', title: 'forbidden', detail: 'You are not authorized to perform this action.' }] },
    });
    const e = await failure(client.cancelRun(APPLYING_RUN));
    expect(e).toMatchObject({ kind: 'forbidden', exitCode: 1, status: 403 });
    expect(e.message).toBe(`the API token lacks permission to cancel run ${APPLYING_RUN} (403): forbidden: You are not authorized to perform this action.`);
  });

  test('fails when the workspace does not exist (404), hinting at the org and the prefix', async () => {
    const { fake, client } = setup();
    const url = `${API}/organizations/acme/workspaces/pinstack-stagin?include=locked_by,current_run`;
    fake.on('GET', url, err(404, 'error-404.json'));
    const e = await failure(client.diagnoseLock('acme', 'pinstack-stagin'));
    expect(e).toMatchObject({ kind: 'not-found', exitCode: 2, status: 404 });
    expect(e.message).toMatch(/^unknown workspace "acme\/pinstack-stagin" on app\.terraform\.io \(404\): check the organization name and the workspace prefix/);
    expect(fake.requests).toHaveLength(1);
  });

  test('fails when force-unlock answers 404 (no admin access to the workspace)', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/workspaces/${WS}/actions/force-unlock`, err(404, 'error-404.json'));
    const e = await failure(client.forceUnlock(WS));
    expect(e).toMatchObject({ kind: 'not-found', exitCode: 1 });
    expect(e.message).toContain('or the token lacks permission');
  });

  test('fails when unlocking a workspace locked by a run or already unlocked (409)', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/workspaces/${WS}/actions/unlock`, err(409, 'error-409-unlock.json'));
    const e = await failure(client.unlock(WS));
    expect(e).toMatchObject({ kind: 'conflict', exitCode: 1, status: 409 });
    expect(e.message).toContain('already unlocked, or locked by a run or by another user or team');
    expect(e.details).toEqual(['conflict: Unable to unlock workspace. The workspace is locked by run-9rFkxXBa3LHbTpQv.']);
    expect(fake.requests).toHaveLength(1);
  });

  test('fails when force-unlocking an unlocked workspace (409)', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/workspaces/${WS}/actions/force-unlock`, err(409, 'error-409-force-unlock.json'));
    const e = await failure(client.forceUnlock(WS));
    expect(e.message).toBe(`cannot force-unlock workspace ${WS} (409): it is already unlocked: conflict: Workspace is already unlocked.`);
  });

  test('fails when cancelling a run that is not planning or applying (409)', async () => {
    const { fake, client } = setup();
    fake.on('POST', `${API}/runs/${ERRORED_RUN}/actions/cancel`, err(409, 'error-409-cancel.json'));
    const e = await failure(client.cancelRun(ERRORED_RUN));
    expect(e).toMatchObject({ kind: 'conflict', exitCode: 1 });
    expect(e.message).toContain('it is not planning or applying');
  });

  test('retries after a 429, waiting as long as Retry-After says', async () => {
    const { fake, client, waits } = setup();
    fake.on('GET', WORKSPACE_URL, err(429, 'error-429.json', { 'retry-after': '2' }), ok('workspace-unlocked.json'));
    const ws = await client.readWorkspace('acme', 'pinstack-staging');
    expect(ws.locked).toBe(false);
    expect(waits).toEqual([2000]);
    expect(fake.requests.map((r) => r.url)).toEqual([WORKSPACE_URL, WORKSPACE_URL]);
  });

  test('retries a rate-limited action too, using X-RateLimit-Reset when there is no Retry-After', async () => {
    const { fake, client, waits } = setup();
    const url = `${API}/workspaces/${WS}/actions/force-unlock`;
    fake.on('POST', url, err(429, 'error-429.json', { 'x-ratelimit-limit': '30', 'x-ratelimit-reset': '0.25' }), ok('workspace-force-unlocked.json'));
    await client.forceUnlock(WS);
    expect(waits).toEqual([250]);
    expect(fake.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', undefined],
      ['POST', undefined],
    ]);
  });

  test('fails when the rate limit persists: retries are bounded', async () => {
    const { fake, client, waits } = setup({ maxRetries: 3 });
    fake.on('GET', WORKSPACE_URL, err(429, 'error-429.json'));
    const e = await failure(client.readWorkspace('acme', 'pinstack-staging'));
    expect(e).toMatchObject({ kind: 'rate-limited', exitCode: 1, status: 429 });
    expect(e.message).toContain('still limited after 3 retries');
    expect(fake.requests).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  test('fails at once when Retry-After asks for longer than allowed', async () => {
    const { fake, client, waits } = setup({ maxRetryDelayMs: 10_000 });
    fake.on('GET', WORKSPACE_URL, err(429, 'error-429.json', { 'retry-after': '120' }));
    const e = await failure(client.readWorkspace('acme', 'pinstack-staging'));
    expect(e.message).toContain('asks to wait 120s, longer than the 10s allowed');
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test('fails when the API errors (5xx), with the status and the JSON:API error detail; actions are not retried', async () => {
    const { fake, client, waits } = setup();
    fake.on('POST', `${API}/workspaces/${WS}/actions/force-unlock`, err(500, 'error-500.json'));
    const e = await failure(client.forceUnlock(WS));
    expect(e).toMatchObject({ kind: 'server', exitCode: 1, status: 500 });
    expect(e.message).toBe(
      `Terraform Cloud API failure on force-unlock workspace ${WS}: 500 Internal Server Error: internal server error: An unexpected error occurred while processing the request.`,
    );
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('retries a read after a 503', async () => {
    const { fake, client, waits } = setup();
    fake.on('GET', RUNS_URL, { status: 503, body: 'upstream unavailable' }, ok('runs-list.json'));
    const runs = await client.listRuns(WS, { pageSize: 5 });
    expect(runs).toHaveLength(4);
    expect(waits).toEqual([1000]);
  });

  test('fails when the network is down: reads retried (bounded), actions not', async () => {
    const { fake, client, waits } = setup({ maxRetries: 2 });
    fake.on('GET', WORKSPACE_URL, { status: 0, networkError: 'getaddrinfo ENOTFOUND app.terraform.io' });
    const e = await failure(client.readWorkspace('acme', 'pinstack-staging'));
    expect(e).toMatchObject({ kind: 'network', exitCode: 1 });
    expect(e.message).toBe('cannot reach app.terraform.io to read workspace acme/pinstack-staging: getaddrinfo ENOTFOUND app.terraform.io');
    expect(fake.requests).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);

    fake.on('POST', `${API}/workspaces/${WS}/actions/force-unlock`, { status: 0, networkError: 'ECONNRESET' });
    await expect(client.forceUnlock(WS)).rejects.toMatchObject({ kind: 'network' });
    expect(fake.writes()).toHaveLength(1);
  });

  test('fails when a success response is not JSON:API', async () => {
    const { fake, client } = setup();
    fake.on('GET', WORKSPACE_URL, { status: 200, body: '<html>login</html>' });
    await expect(client.readWorkspace('acme', 'pinstack-staging')).rejects.toMatchObject({ kind: 'bad-response', exitCode: 1 });
    fake.on('GET', `${API}/runs/run-x`, { status: 200, body: { data: [] } });
    await expect(client.readRun('run-x')).rejects.toMatchObject({ kind: 'bad-response' });
  });

  test('the fake answers an undeclared route with 599 and records it', () => {
    const fake = new RecordingFetch();
    return fake.fetch('https://example.invalid/x').then((res) => {
      expect(res.status).toBe(599);
      expect(fake.unexpected).toHaveLength(1);
    });
  });
});
