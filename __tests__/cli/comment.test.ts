/**
 * pinstack comment render / post through the real CLI: render from the files `pinstack plan` leaves in its out
 * dir (a RAW plan here, to prove the command redacts again), post against a local HTTP server standing in for
 * the GitHub REST API (GITHUB_API_URL).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CommentStack, markdownProblems, parseCommentDigests, renderPlanComment } from '../../lib/comment';
import { PLAN_COMMENT_MARKER } from '../../lib/github';
import { planDigest, riskyChanges } from '../../lib/plan/fingerprint';
import { redactPlanJson } from '../../lib/plan/redact';
import { countChanges, type PlanSummaryFile } from '../../lib/plan/summary';
import { planView } from '../../lib/tfjson/plan';
import { stackView } from '../../lib/tfjson/stack';
import { runCliAsync } from '../helpers/cli';
import { EXAMPLE_SECRETS } from '../helpers/example';
import { blockedStack, PROD_HISTORY, scenarioStack, secretForms } from '../lib/comment/stacks';

jest.setTimeout(600_000);

const DETAILS_URL = 'https://github.com/acme/app/actions/runs/42';

describe('pinstack comment render', () => {
  let dir: string;
  let rawPlan: Record<string, unknown>;
  let expected: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-comment-'));
    const { scenario, stack: prod } = await scenarioStack('replace-db', { raw: true });
    const staging = await blockedStack('staging');
    rawPlan = scenario.plan;
    const out = path.join(dir, 'pinstack-plan');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'prod', 'plan.json'), JSON.stringify(rawPlan));
    fs.writeFileSync(path.join(out, 'prod', 'cdk.tf.json'), JSON.stringify(scenario.stack));
    const view = planView(rawPlan);
    const summary: PlanSummaryFile = {
      formatVersion: '1.0',
      generatedAt: '2025-01-01T00:00:00.000Z',
      stacks: [
        { stack: 'staging', environment: 'staging', tier: 'production', target: 'aws', status: 'blocked', blocking: true, findings: staging.findings },
        {
          stack: 'prod',
          environment: 'prod',
          tier: 'production',
          target: 'aws',
          status: 'planned',
          blocking: true,
          counts: countChanges(view),
          planJson: 'prod/plan.json',
          digest: planDigest(view),
          risky: riskyChanges(view),
          findings: prod.findings,
          history: PROD_HISTORY,
        },
      ],
    };
    fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
    // What the command must print: the renderer on the redacted plan, the summary's data, the stack's construct paths.
    const safe: CommentStack = {
      environment: 'prod',
      tier: 'production',
      target: 'aws',
      status: 'planned',
      plan: planView(redactPlanJson(rawPlan)),
      stack: stackView('prod', scenario.stack),
      findings: JSON.parse(JSON.stringify(prod.findings)),
      history: PROD_HISTORY,
    };
    expected = renderPlanComment([JSON.parse(JSON.stringify(staging)), safe], { detailsUrl: DETAILS_URL });
  });

  test('renders every stack of the out dir (the blocked one from summary.json) from the plan, cdk.tf.json and summary next to it', async () => {
    const r = await runCliAsync(['comment', 'render', '--plan', 'pinstack-plan/prod/plan.json', '--details-url', DETAILS_URL], { cwd: dir });
    expect(r.stderr).toMatch(/^comment: 2 stacks, \d+ characters \(budget 60000\)\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stdout.split('\n')[0]).toBe(PLAN_COMMENT_MARKER);
    expect(markdownProblems(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('forced by `storage_encrypted` `false -> true`');
    expect(r.stdout).toContain('`prod/Postgres/Resource`');
    expect(r.stdout).toMatch(/\| `staging` \| production \| aws \| not planned \|/);
    expect(parseCommentDigests(r.stdout)).toEqual({ prod: planDigest(planView(rawPlan)) });
    // The plan file holds secrets in clear (raw terraform show -json): the command redacts it again.
    const onDisk = fs.readFileSync(path.join(dir, 'pinstack-plan', 'prod', 'plan.json'), 'utf8');
    expect(secretForms(EXAMPLE_SECRETS).some((s) => onDisk.includes(s))).toBe(true);
    for (const s of secretForms(EXAMPLE_SECRETS)) expect(r.stdout + r.stderr).not.toContain(s);
  });

  test('renders from summary.json alone, with the plans it names', async () => {
    const r = await runCliAsync(['comment', 'render', '--summary', 'pinstack-plan/summary.json', '--details-url', DETAILS_URL], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected);
  });

  test('--env names the environment of a plan outside an environment folder; --budget shortens', async () => {
    const other = path.join(dir, 'elsewhere');
    fs.mkdirSync(other, { recursive: true });
    fs.copyFileSync(path.join(dir, 'pinstack-plan', 'prod', 'plan.json'), path.join(other, 'plan.json'));
    const r = await runCliAsync(['comment', 'render', '--plan', 'elsewhere/plan.json', '--env', 'qa', '--budget', '2500'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| `qa` | unknown | unknown |');
    expect(r.stdout.length).toBeLessThanOrEqual(2500);
    expect(r.stderr).toMatch(/comment: 1 stack, \d+ characters \(budget 2500\); shortened: qa \((attributes|addresses|counts)\)/);
    expect(markdownProblems(r.stdout)).toEqual([]);
    for (const s of secretForms(EXAMPLE_SECRETS)) expect(r.stdout).not.toContain(s);
  });

  test('fails when a plan file is missing', async () => {
    const r = await runCliAsync(['comment', 'render', '--plan', 'pinstack-plan/dev/plan.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read plan pinstack-plan/dev/plan.json: no such file');
    expect(r.stdout).toBe('');
  });

  test('fails when a plan is not a terraform plan', async () => {
    fs.writeFileSync(path.join(dir, 'not-a-plan.json'), '{"format_version":"1.0","values":{}}');
    const r = await runCliAsync(['comment', 'render', '--plan', 'not-a-plan.json', '--env', 'prod'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-a-plan.json: this is not a plan');
  });

  test('fails when --budget is not a number in range', async () => {
    const r = await runCliAsync(['comment', 'render', '--plan', 'pinstack-plan/prod/plan.json', '--budget', '60k'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--budget: expected a whole number of characters from 1000 to 1000000, got "60k"');
  });

  test('fails when --env is given for several plans, or nothing to render', async () => {
    const two = await runCliAsync(['comment', 'render', '--plan', 'pinstack-plan/prod/plan.json', 'elsewhere/plan.json', '--env', 'prod'], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--env names the environment of a single --plan, got 2 plans');
    const none = await runCliAsync(['comment', 'render'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --plan <plan.json>... (from `pinstack plan`), or --summary <summary.json>');
  });
});

// ---------------------------------------------------------------------------------------------------------

interface FakeComment {
  id: number;
  html_url: string;
  body: string;
  user: { login: string; type: string };
  created_at: string;
}

/** Enough of the GitHub issue comments API for upsertPrComment: list, create, update. */
async function fakeGitHub(owner: string, repo: string, pr: number) {
  const comments: FakeComment[] = [
    { id: 1, html_url: `https://github.com/${owner}/${repo}/pull/${pr}#issuecomment-1`, body: 'LGTM', user: { login: 'octocat', type: 'User' }, created_at: '2025-01-01T00:00:00Z' },
  ];
  const requests: Array<{ method: string; url: string; authorization: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const base = `/repos/${owner}/${repo}`;
      if (req.method === 'GET' && req.url === `${base}/issues/${pr}/comments?per_page=100`) return send(200, comments);
      if (req.method === 'POST' && req.url === `${base}/issues/${pr}/comments`) {
        const id = comments.length + 1;
        const c = { id, html_url: `https://github.com/${owner}/${repo}/pull/${pr}#issuecomment-${id}`, body: JSON.parse(data).body, user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: `2025-01-0${id}T00:00:00Z` };
        comments.push(c);
        return send(201, c);
      }
      const patch = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(req.url ?? '');
      if (req.method === 'PATCH' && patch) {
        const c = comments.find((x) => x.id === Number(patch[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = JSON.parse(data).body;
        return send(200, c);
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, comments, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('pinstack comment post', () => {
  let dir: string;
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-comment-post-'));
    github = await fakeGitHub('acme', 'app', 7);
  });
  afterAll(async () => {
    await github.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ GITHUB_TOKEN: 'ghs_test_token', GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: github.url });

  test('creates the comment, then updates it, then leaves an identical one alone', async () => {
    const first = `${PLAN_COMMENT_MARKER}\n## ✅ pinstack plan: planned (1 stack)\n`;
    const second = `${PLAN_COMMENT_MARKER}\n## ⛔ pinstack plan: blocked by policy (1 stack)\n`;
    fs.writeFileSync(path.join(dir, 'first.md'), first);
    fs.writeFileSync(path.join(dir, 'second.md'), second);

    const created = await runCliAsync(['comment', 'post', '--pr', '7', 'first.md'], { cwd: dir, env: env() });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toBe('created: https://github.com/acme/app/pull/7#issuecomment-2\n');

    const updated = await runCliAsync(['comment', 'post', '--pr', '7', 'second.md'], { cwd: dir, env: env() });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toBe('updated: https://github.com/acme/app/pull/7#issuecomment-2\n');

    const unchanged = await runCliAsync(['comment', 'post', '--pr', '7', 'second.md'], { cwd: dir, env: env() });
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toBe('unchanged: https://github.com/acme/app/pull/7#issuecomment-2\n');

    expect(github.comments.map((c) => c.body)).toEqual(['LGTM', second]);
    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/app/issues/7/comments?per_page=100',
      'POST /repos/acme/app/issues/7/comments',
      'GET /repos/acme/app/issues/7/comments?per_page=100',
      'PATCH /repos/acme/app/issues/comments/2',
      'GET /repos/acme/app/issues/7/comments?per_page=100',
    ]);
    for (const r of github.requests) expect(r.authorization).toBe('Bearer ghs_test_token');
  });

  test('adds the marker to a body without it', async () => {
    fs.writeFileSync(path.join(dir, 'bare.md'), 'plain body\n');
    const r = await runCliAsync(['comment', 'post', '--pr', '7', 'bare.md'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('updated: https://github.com/acme/app/pull/7#issuecomment-2\n');
    expect(github.comments[1]!.body).toBe(`${PLAN_COMMENT_MARKER}\nplain body\n`);
  });

  test('fails when GITHUB_TOKEN is missing', async () => {
    const before = github.requests.length;
    const r = await runCliAsync(['comment', 'post', '--pr', '7', 'first.md'], { cwd: dir, env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: github.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GITHUB_TOKEN is not set');
    expect(github.requests.length).toBe(before);
  });

  test('fails when the body is over GitHub\'s limit', async () => {
    fs.writeFileSync(path.join(dir, 'huge.md'), `${PLAN_COMMENT_MARKER}\n${'x'.repeat(70_000)}\n`);
    const before = github.requests.length;
    const r = await runCliAsync(['comment', 'post', '--pr', '7', 'huge.md'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("huge.md: the comment is 70024 characters, over GitHub's limit of 65536");
    expect(github.requests.length).toBe(before);
  });

  test('fails when --pr is not a pull request number, or GITHUB_REPOSITORY is missing', async () => {
    const pr = await runCliAsync(['comment', 'post', '--pr', 'seven', 'first.md'], { cwd: dir, env: env() });
    expect(pr.code).toBe(2);
    expect(pr.stderr).toContain('--pr: expected a pull request number, got "seven"');
    const repo = await runCliAsync(['comment', 'post', '--pr', '7', 'first.md'], { cwd: dir, env: { GITHUB_TOKEN: 'ghs_test_token', GITHUB_API_URL: github.url } });
    expect(repo.code).toBe(2);
    expect(repo.stderr).toContain('GITHUB_REPOSITORY is not set');
  });
});
