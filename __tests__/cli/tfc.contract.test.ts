import { resolveTfcTarget, tfcCancelRuns, tfcStatus, tfcUnlock } from '../../lib/cli/commands/tfc';
import { parseSpec } from '../../config';
import { TfcClient } from '../../lib/tfc';
import { exampleSpec } from '../helpers/example';
import { fixture, RecordingFetch } from '../lib/tfc/recording-fetch';

const API = 'https://app.terraform.io/api/v2';
const WS_URL = `${API}/organizations/acme/workspaces/pinstack-staging?include=locked_by,current_run`;
const WS = 'ws-2Mqb4DLdZp7FfVHk';
const RUNS = `${API}/workspaces/${WS}/runs?page%5Bsize%5D=5`;
const target = { organization: 'acme', hostname: 'app.terraform.io', workspace: 'pinstack-staging' };

function client(fake: RecordingFetch): TfcClient {
  return new TfcClient({ token: 'test-token', fetch: fake.fetch, sleep: async () => {}, now: () => new Date('2024-05-14T12:00:00Z') });
}

function collect(): { out: (l: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l) };
}

describe('pinstack tfc (contract, recorded TFC API responses)', () => {
  test('resolves an environment of the spec to its workspace, anything else as a workspace name', () => {
    const spec = exampleSpec();
    spec.terraformCloud = { organization: 'acme', workspacePrefix: 'pinstack-' };
    const parsed = parseSpec(spec);
    expect(resolveTfcTarget(parsed, 'staging', {})).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspace: 'pinstack-staging' });
    expect(resolveTfcTarget(parsed, 'legacy-ws', { hostname: 'tfe.example.com' })).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspace: 'legacy-ws' });
    expect(() => resolveTfcTarget(parseSpec(exampleSpec()), 'staging', {})).toThrow('no Terraform Cloud organization');
  });

  test('status shows the lock holder, the runs and the recommendation, and writes nothing', async () => {
    const fake = new RecordingFetch().on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-errored-run.json') }).on('GET', RUNS, { status: 200, body: fixture('tfc', 'runs-list.json') });
    const { out, lines } = collect();
    const d = await tfcStatus(client(fake), target, out);
    expect(d.verdict).toBe('safe-to-force-unlock');
    expect(lines[0]).toBe(`workspace acme/pinstack-staging (${WS}): LOCKED`);
    expect(lines.join('\n')).toMatch(/locked by: run run-9rFkxXBa3LHbTpQv \(errored/);
    expect(fake.writes()).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  });

  test('fails when the confirmation is not typed exactly, before any API call', async () => {
    const fake = new RecordingFetch();
    await expect(tfcUnlock(client(fake), target, { confirm: 'UNLOCK pinstack-prod', force: true }, () => {})).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('type --confirm "UNLOCK pinstack-staging" (got "UNLOCK pinstack-prod")'),
    });
    await expect(tfcCancelRuns(client(fake), target, {}, () => {})).rejects.toMatchObject({ exitCode: 2 });
    expect(fake.requests).toEqual([]);
  });

  test('force-unlocks a lock held by an errored run, with --force', async () => {
    const fake = new RecordingFetch()
      .on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-errored-run.json') })
      .on('GET', RUNS, { status: 200, body: fixture('tfc', 'runs-list.json') })
      .on('POST', `${API}/workspaces/${WS}/actions/force-unlock`, { status: 200, body: fixture('tfc', 'workspace-force-unlocked.json') });
    const { out, lines } = collect();
    await tfcUnlock(client(fake), target, { confirm: 'UNLOCK pinstack-staging', force: true }, out);
    expect(fake.writes().map((r) => [r.method, r.url, r.body])).toEqual([['POST', `${API}/workspaces/${WS}/actions/force-unlock`, undefined]]);
    expect(lines.at(-1)).toBe('force-unlocked acme/pinstack-staging');
  });

  test('fails when the run holding the lock is applying: refuses even with --force', async () => {
    const fake = new RecordingFetch()
      .on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-applying-run.json') })
      .on('GET', RUNS, { status: 200, body: fixture('tfc', 'runs-list.json') });
    await expect(tfcUnlock(client(fake), target, { confirm: 'UNLOCK pinstack-staging', force: true }, () => {})).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('refusing to unlock pinstack-staging'),
    });
    expect(fake.writes()).toEqual([]);
  });

  test('fails when a run holds the lock and --force is not given', async () => {
    const fake = new RecordingFetch()
      .on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-errored-run.json') })
      .on('GET', RUNS, { status: 200, body: fixture('tfc', 'runs-list.json') });
    await expect(tfcUnlock(client(fake), target, { confirm: 'UNLOCK pinstack-staging' }, () => {})).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('only --force (force-unlock) releases a run'),
    });
  });

  test('unlocks a lock held by a team (the token holder) without force', async () => {
    const fake = new RecordingFetch()
      .on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-team.json') })
      .on('GET', RUNS, { status: 200, body: fixture('tfc', 'runs-list.json') })
      .on('POST', `${API}/workspaces/${WS}/actions/unlock`, { status: 200, body: fixture('tfc', 'workspace-unlocked.json') });
    const { out, lines } = collect();
    await tfcUnlock(client(fake), target, { confirm: 'UNLOCK pinstack-staging' }, out);
    expect(fake.writes().map((r) => r.url)).toEqual([`${API}/workspaces/${WS}/actions/unlock`]);
    expect(lines.at(-1)).toBe('unlocked acme/pinstack-staging');
  });

  test('cancel-runs cancels cancelable runs and discards saved plans awaiting a decision', async () => {
    const fake = new RecordingFetch()
      .on('GET', WS_URL, { status: 200, body: fixture('tfc', 'workspace-locked-by-errored-run.json') })
      .on('GET', `${API}/workspaces/${WS}/runs?page%5Bsize%5D=20`, { status: 200, body: fixture('tfc', 'runs-list.json') });
    const runs = (fixture('tfc', 'runs-list.json') as { data: Array<{ id: string; attributes: { actions: Record<string, boolean> } }> }).data;
    for (const r of runs) {
      fake.on('POST', `${API}/runs/${r.id}/actions/cancel`, { status: 202 });
      fake.on('POST', `${API}/runs/${r.id}/actions/discard`, { status: 202 });
    }
    const { out, lines } = collect();
    const n = await tfcCancelRuns(client(fake), target, { confirm: 'CANCEL pinstack-staging' }, out);
    const expected = runs.filter((r) => r.attributes.actions['is-cancelable'] || r.attributes.actions['is-discardable']).length;
    expect(n).toBe(expected);
    expect(n).toBeGreaterThan(0);
    expect(fake.writes()).toHaveLength(expected);
    expect(lines.every((l) => /^(cancelled|discarded) run-/.test(l))).toBe(true);
  });
});
